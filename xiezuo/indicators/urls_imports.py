"""The pages that import and export data values (DHIS2's /api/dataValueSets is `xiezuo.dhis2`'s)."""

from __future__ import annotations

from django.urls import path

from . import views_imports

urlpatterns = [
    path("data/import/", views_imports.import_upload, name="import_upload"),
    path("data/import/<int:pk>/", views_imports.import_job, name="import_job"),
    path("data/export/", views_imports.import_export, name="import_export"),
]
