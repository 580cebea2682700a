"""The reports only read."""

READ_ONLY_PAGES = {
    "dashboard",
    "figures",
    "pivot",
    "pivot_export",
    "dashboard_map",
    "dashboard_map_json",
    "place_profile",
    "place_profile_pdf",
}
