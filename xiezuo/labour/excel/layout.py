"""The layouts of the labour registers in Excel: workers, postings, trainees of a class and
placements. One layout per register serves its import, its export and its template.

The header is in the user's language with each column's code in brackets —
“户籍地 (home)” — so that the import finds its columns by those codes (or by the
plain label) whatever their order. Columns marked `imported=False` are written
by the export (the record's number, what the register derives) and ignored on
import.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from xiezuo.spreadsheets import Column

_EXPORTED = gettext_lazy("Written by the export; ignored on import.")
_OCCUPATION = gettext_lazy(
    "An occupation code of the national classification (e.g. 6-25-04-01), or its name."
)
_DAY = gettext_lazy("A date (YYYY-MM-DD).")
_WHOLE = gettext_lazy("A whole number; may be empty.")
_YES_NO = gettext_lazy("是 or 否 (yes or no); empty: no.")
_IDENTITY = gettext_lazy("The 18-character resident identity number of a registered worker.")

WORKER_COLUMNS: tuple[Column, ...] = (
    Column("uid", gettext_lazy("Id"), 13, _EXPORTED, imported=False),
    Column(
        "name", gettext_lazy("Full name"), 10, gettext_lazy("The worker's name."), required=True
    ),
    Column(
        "identity",
        gettext_lazy("Identity number"),
        21,
        gettext_lazy(
            "18 characters; checked (date of birth, check digit). A person already registered, "
            "in any county, is refused. Sex and date of birth are read from it."
        ),
        required=True,
    ),
    Column("sex", gettext_lazy("Sex"), 6, _EXPORTED, imported=False),
    Column("birth_date", gettext_lazy("Date of birth"), 12, _EXPORTED, imported=False),
    Column("ethnicity", gettext_lazy("Ethnicity"), 8, gettext_lazy("Optional.")),
    Column(
        "home",
        gettext_lazy("Household registration"),
        24,
        gettext_lazy(
            "The village's division code (“451024105201 某村” is read as the code); it must be "
            "within your scope."
        ),
        required=True,
    ),
    Column(
        "poverty_status",
        gettext_lazy("Poverty status"),
        14,
        gettext_lazy("As the list of poverty statuses names them (e.g. 建档立卡贫困户)."),
        required=True,
    ),
    Column(
        "education",
        gettext_lazy("Education level"),
        12,
        gettext_lazy("As the list of education levels names them (e.g. 初中); empty: 初中."),
    ),
    Column("skills", gettext_lazy("Skills"), 16, gettext_lazy("Optional.")),
    Column("certificates", gettext_lazy("Certificates"), 16, gettext_lazy("Separated by 、 or ;.")),
    Column("health_limits", gettext_lazy("Health limits"), 14, gettext_lazy("Optional.")),
    Column("phone", gettext_lazy("Phone"), 14, gettext_lazy("A mobile or fixed-line number.")),
    Column(
        "wish_occupations",
        gettext_lazy("Occupations wished"),
        24,
        gettext_lazy(
            "Occupation codes or names of the national classification, separated by 、 or ;."
        ),
    ),
    Column(
        "wish_destination",
        gettext_lazy("Where the worker wants to work"),
        16,
        gettext_lazy(
            "Anywhere, in the home province, in the helper province (as the list names them), "
            "or a place's division code or name; empty: anywhere."
        ),
    ),
    Column("expected_wage", gettext_lazy("Expected monthly wage (yuan)"), 12, _WHOLE),
    Column("available_from", gettext_lazy("Available from"), 12, _DAY),
    Column("employed", gettext_lazy("Employed now"), 8, _EXPORTED, imported=False),
)

POSTING_COLUMNS: tuple[Column, ...] = (
    Column("uid", gettext_lazy("Id"), 13, _EXPORTED, imported=False),
    Column(
        "employer",
        gettext_lazy("Employer"),
        24,
        gettext_lazy("The name (or number) of an organisation known to Xiezuo."),
        required=True,
    ),
    Column("title", gettext_lazy("Title"), 20, gettext_lazy("The job's title."), required=True),
    Column("occupation", gettext_lazy("Occupation"), 22, _OCCUPATION, required=True),
    Column(
        "place_of_work",
        gettext_lazy("Place of work"),
        20,
        gettext_lazy("A division code or a place's name."),
        required=True,
    ),
    Column(
        "openings",
        gettext_lazy("Openings"),
        8,
        gettext_lazy("A whole number, at least 1."),
        required=True,
    ),
    Column(
        "wage_min",
        gettext_lazy("Lowest monthly wage (yuan)"),
        10,
        gettext_lazy("A whole number."),
        required=True,
    ),
    Column(
        "wage_max",
        gettext_lazy("Highest monthly wage (yuan)"),
        10,
        gettext_lazy("A whole number, not below the lowest."),
        required=True,
    ),
    Column("hours", gettext_lazy("Working hours"), 14, gettext_lazy("Optional.")),
    Column("meals", gettext_lazy("Meals provided"), 8, _YES_NO),
    Column("housing", gettext_lazy("Housing provided"), 8, _YES_NO),
    Column("age_min", gettext_lazy("Youngest age"), 8, _WHOLE),
    Column("age_max", gettext_lazy("Oldest age"), 8, _WHOLE),
    Column(
        "education_min",
        gettext_lazy("Lowest education"),
        12,
        gettext_lazy("As the list of education levels names them; empty: none required."),
    ),
    Column("skills", gettext_lazy("Skills wanted"), 16, gettext_lazy("Optional.")),
    Column(
        "certificates",
        gettext_lazy("Certificates required"),
        16,
        gettext_lazy("Separated by 、 or ;."),
    ),
    Column("contact", gettext_lazy("Contact"), 16, gettext_lazy("Optional.")),
    Column(
        "offered_to",
        gettext_lazy("Offered to (helped place)"),
        20,
        gettext_lazy(
            "The county or city whose workers it is offered to: a division code or a place's "
            "name; required when it suits school leavers."
        ),
    ),
    Column("for_school_leavers", gettext_lazy("Suits school leavers"), 8, _YES_NO),
    Column("valid_from", gettext_lazy("Valid from"), 12, _DAY, required=True),
    Column(
        "valid_to",
        gettext_lazy("Valid to"),
        12,
        gettext_lazy("A date, not before the start."),
        required=True,
    ),
    Column("closed_on", gettext_lazy("Closed on"), 12, _EXPORTED, imported=False),
)

TRAINEE_COLUMNS: tuple[Column, ...] = (
    Column("identity", gettext_lazy("Identity number"), 21, _IDENTITY, required=True),
    Column(
        "name",
        gettext_lazy("Full name"),
        10,
        gettext_lazy("Optional; when given, it must be the name the worker is registered under."),
    ),
    Column("completed", gettext_lazy("Completed the class (yes or no)"), 8, _YES_NO),
    Column(
        "certificate",
        gettext_lazy("Certificate"),
        20,
        gettext_lazy("The certificate obtained, if any (a trainee who completed the class)."),
    ),
    Column(
        "found_job_on",
        gettext_lazy("Found a job on"),
        12,
        gettext_lazy("Optional: the day a job was found after the class (it was completed)."),
    ),
    Column("poverty_status", gettext_lazy("Poverty status"), 14, _EXPORTED, imported=False),
    Column("county", gettext_lazy("Home county"), 12, _EXPORTED, imported=False),
)

PLACEMENT_COLUMNS: tuple[Column, ...] = (
    Column("uid", gettext_lazy("Id"), 13, _EXPORTED, imported=False),
    Column("identity", gettext_lazy("Identity number"), 21, _IDENTITY, required=True),
    Column(
        "name",
        gettext_lazy("Full name"),
        10,
        gettext_lazy("Optional; when given, it must be the name the worker is registered under."),
    ),
    Column(
        "posting",
        gettext_lazy("Posting (number)"),
        13,
        gettext_lazy("The number of a posting on record; or leave it empty and describe the job."),
    ),
    Column(
        "employer",
        gettext_lazy("Employer"),
        24,
        gettext_lazy(
            "Without a posting: an organisation known to Xiezuo (by name or number), or the "
            "employer's name as written."
        ),
    ),
    Column(
        "place_of_work",
        gettext_lazy("Place of work"),
        20,
        gettext_lazy("Without a posting: a division code or a place's name."),
    ),
    Column(
        "occupation",
        gettext_lazy("Occupation"),
        22,
        gettext_lazy("Without a posting, optional: an occupation code or name."),
    ),
    Column(
        "started_on",
        gettext_lazy("Started on"),
        12,
        gettext_lazy("A date (YYYY-MM-DD), not in the future."),
        required=True,
    ),
    Column(
        "channel",
        gettext_lazy("Channel"),
        16,
        gettext_lazy("As the list of channels names them (e.g. 组织输出)."),
        required=True,
    ),
    Column(
        "fair",
        gettext_lazy("Job fair"),
        20,
        gettext_lazy("Optional: the job fair (name or number) where the agreement was signed."),
    ),
    Column("monthly_income", gettext_lazy("Monthly income (yuan)"), 10, _WHOLE),
    Column("note", gettext_lazy("Note"), 20, gettext_lazy("Optional.")),
    Column("county", gettext_lazy("Home county"), 12, _EXPORTED, imported=False),
    Column("destination", gettext_lazy("Destination"), 12, _EXPORTED, imported=False),
    Column("poverty_status", gettext_lazy("Poverty status"), 14, _EXPORTED, imported=False),
    Column("follow_up_3", gettext_lazy("Follow-up after 3 months"), 18, _EXPORTED, imported=False),
    Column("follow_up_6", gettext_lazy("Follow-up after 6 months"), 18, _EXPORTED, imported=False),
)


def by_key(columns: tuple[Column, ...]) -> dict[str, Column]:
    return {c.key: c for c in columns}
