"""The administration site, for administrators only — decided by the policy module."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from xiezuo.places.models import Designation, Organisation, Place

from . import policy
from .models import ApiToken, User


class XiezuoAdminSite(admin.AdminSite):
    site_header = _("Xiezuo administration")
    site_title = _("Xiezuo administration")

    def has_permission(self, request: HttpRequest) -> bool:
        return policy.can(request.user, "user.manage")


class PolicyAdmin(admin.ModelAdmin):
    """Model pages open to administrators (as the policy says), not to Django's per-model perms."""

    def _allowed(self, request: HttpRequest) -> bool:
        return policy.can(request.user, "user.manage")

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._allowed(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._allowed(request)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return self._allowed(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._allowed(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._allowed(request)


class PlaceAdmin(PolicyAdmin):
    search_fields = ["code", "name"]
    list_display = ["code", "name", "level"]

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False  # places come from the division codes

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class UserAdmin(PolicyAdmin, DjangoUserAdmin):
    list_display = ["username", "first_name", "organisation", "role", "is_active"]
    list_filter = ["role", "is_active"]
    autocomplete_fields = ["organisation", "scope_places", "scope_organisations"]
    fieldsets = (
        *(DjangoUserAdmin.fieldsets or ()),
        (
            _("Role and scope"),
            {"fields": ("organisation", "role", "scope_places", "scope_organisations")},
        ),
    )


class OrganisationAdmin(PolicyAdmin):
    search_fields = ["name"]
    list_display = ["name", "kind", "side", "place"]
    list_filter = ["kind", "side"]
    autocomplete_fields = ["place"]


class DesignationAdmin(PolicyAdmin):
    list_display = ["place", "kind", "year_designated", "year_exited", "illustrative"]
    list_filter = ["kind", "illustrative"]
    autocomplete_fields = ["place"]


class ApiTokenAdmin(PolicyAdmin):
    list_display = ["prefix", "user", "name", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["prefix", "key_hash", "created_at", "last_used_at"]

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False  # tokens are made by `xiezuo token create` or the tokens page


site = XiezuoAdminSite(name="admin")
site.register(User, UserAdmin)
site.register(Place, PlaceAdmin)
site.register(Organisation, OrganisationAdmin)
site.register(Designation, DesignationAdmin)
site.register(ApiToken, ApiTokenAdmin)
