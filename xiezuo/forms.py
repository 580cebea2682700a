"""A form on a page: what a service refuses is shown beside the field it is about,
and a page whose form is refused answers 422.

Services raise `ValidationError` keyed by the names of their arguments
(`ended_on`, `helper`, `comment`); the pages' forms name their fields the same
way where they can. `errors_to_form` puts each message beside the field of its
name — or of the name `fields` maps it to, where a form splits or renames what
the service takes (`helper` given as `helper_place` or `helper_organisation`) —
and everything else above the form, as a non-field error.

Every page answers a form that was refused, by its own validation or by the
service, with 422 (`form_status`; `RefusedFormMixin` for Django's class-based
views); a form that was accepted is answered as the page always did (mostly a
redirect). Templates show a form with `web/_form_fields.html`, one field with
`web/_field.html`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpResponse

REFUSED = 422  # Unprocessable Content: the request was understood, its content refused


def errors_to_form(
    form: forms.BaseForm, exc: ValidationError, *, fields: Mapping[str, str] | None = None
) -> None:
    """Add a service's refusal to a bound, validated form: each message beside the field
    of its key (or of `fields[key]`); other keys, and a refusal without keys, above it."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for key, errors in exc.error_dict.items():
        name = (fields or {}).get(key, key)
        form.add_error(name if name in form.fields else None, ValidationError(errors))


class ButtonForm(forms.Form):
    """The form of a button alone (approve, delete): what a service refuses is about no
    field, and is shown above the button."""


def form_status(*shown: forms.BaseForm) -> int:
    """The status of a page showing these forms: 422 when one was submitted and refused."""
    return REFUSED if any(form.is_bound and form.errors for form in shown) else 200


class RefusedFormMixin:
    """For Django's FormView and its kin (sign-in, password change): a refused form
    is shown again with status 422, as on every other page."""

    def form_invalid(self, form: forms.BaseForm) -> HttpResponse:
        view: Any = self  # the mixin stands before a TemplateResponseMixin
        response: HttpResponse = view.render_to_response(
            view.get_context_data(form=form), status=form_status(form)
        )
        return response
