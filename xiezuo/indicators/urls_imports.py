"""Importing and exporting data values: DHIS2's /api/dataValueSets and the web pages."""

from __future__ import annotations

from django.urls import path, re_path

from . import views_imports

urlpatterns = [
    re_path(
        r"^api/(?:(?P<version>\d+)/)?dataValueSets(?:\.(?P<suffix>json|csv|adx|xml|xlsx))?$",
        views_imports.data_value_sets,
        name="api_data_value_sets",
    ),
    path("data/import/", views_imports.import_upload, name="import_upload"),
    path("data/import/<int:pk>/", views_imports.import_job, name="import_job"),
    path("data/export/", views_imports.import_export, name="import_export"),
]
