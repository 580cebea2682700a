"""Who sees personal information in full, and that every such showing is recorded."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template import Context, Template
from django.test import RequestFactory

from xiezuo.accounts import policy
from xiezuo.personal.models import Action, PersonalDataView
from xiezuo.personal.shown import reveal, shown_identity, shown_phone

pytestmark = pytest.mark.django_db

DEBAO, DUAN = "451024", "451228"  # inside and outside a Baise (4510) scope


def request_of(user, path="/labour/workers/7/"):
    request = RequestFactory().get(path)
    request.user = user
    return request


@pytest.mark.parametrize(
    ("role", "inside", "outside"),
    [
        ("viewer", False, False),
        ("clerk", True, False),
        ("approver", True, False),
        ("coordinator", True, False),
        ("administrator", True, True),
    ],
)
def test_a_clerk_or_above_sees_in_full_within_the_scope_and_an_administrator_everywhere(
    make_user, make_person, role, inside, outside
):
    user = make_user(role, scope=["4510"])
    assert policy.can(user, "personal.unmask", make_person(DEBAO, n=1)) is inside
    assert policy.can(user, "personal.unmask", make_person(DUAN, n=2)) is outside


def test_a_person_outside_the_scope_is_shown_masked_and_nothing_is_recorded(make_user, make_person):
    person = make_person(DUAN, phone="13812345678")
    request = request_of(make_user("clerk", scope=["4510"]))
    assert shown_identity(request, person) == person.identity[:4] + "*" * 10 + person.identity[-4:]
    assert shown_phone(request, person) == "138****5678"
    assert not PersonalDataView.objects.exists()


def test_a_person_shown_in_full_is_recorded_with_who_what_and_where(make_user, make_person):
    person = make_person(DEBAO, phone="13812345678")
    clerk = make_user("clerk", scope=["4510"])
    request = request_of(clerk, "/labour/workers/7/?tab=contact")
    assert shown_identity(request, person) == person.identity
    assert shown_phone(request, person) == "13812345678"
    (view,) = PersonalDataView.objects.all()  # once per request, whatever the fields shown
    assert (view.user, view.action, view.model, view.object_ids, view.count) == (
        clerk, Action.VIEW, "personal.Person", [person.pk], 1
    )  # fmt: skip
    assert view.where == "/labour/workers/7/?tab=contact"


def test_each_request_showing_a_person_in_full_is_recorded(make_user, make_person):
    person = make_person(DEBAO)
    clerk = make_user("clerk", scope=["4510"])
    shown_identity(request_of(clerk), person)
    shown_identity(request_of(clerk), person)
    assert PersonalDataView.objects.filter(user=clerk).count() == 2


def test_a_list_is_recorded_once_with_the_records_shown_in_full(make_user, make_person):
    inside = [make_person(DEBAO, n=n) for n in range(3)]
    outside = make_person(DUAN, n=9)
    request = request_of(make_user("clerk", scope=["4510"]), "/labour/workers/")
    shown = reveal(request, [*inside, outside])
    assert [shown.identity(p) for p in inside] == [p.identity for p in inside]
    assert "*" in shown.identity(outside)
    (view,) = PersonalDataView.objects.all()
    assert sorted(view.object_ids) == sorted(p.pk for p in inside) and view.count == 3


def test_an_export_is_recorded_each_time_with_what_was_asked(make_user, make_person):
    people = [make_person(DEBAO, n=n) for n in range(2)]
    request = request_of(make_user("administrator"), "/labour/workers.xlsx?place=451024")
    for _ in range(2):
        reveal(request, people, action=Action.EXPORT, description="place 451024")
    views = PersonalDataView.objects.filter(action=Action.EXPORT)
    assert views.count() == 2 and {v.description for v in views} == {"place 451024"}


def test_nobody_signed_in_sees_anything_in_full(make_person):
    request = request_of(AnonymousUser())
    assert "*" in shown_identity(request, make_person(DEBAO))
    assert not PersonalDataView.objects.exists()


def test_the_template_tags_mask_or_show_and_record(make_user, make_person):
    person = make_person(DEBAO, phone="0776-2812345")
    template = Template("{% load personal %}{% shown_identity p %} {% shown_phone p %}")
    viewer = template.render(Context({"request": request_of(make_user("viewer")), "p": person}))
    assert viewer == f"{person.identity[:4]}{'*' * 10}{person.identity[-4:]} 0776-***2345"
    clerk = template.render(Context({"request": request_of(make_user("clerk")), "p": person}))
    assert clerk == f"{person.identity} 0776-2812345"
    assert PersonalDataView.objects.count() == 1


def test_a_recorded_view_is_never_changed_or_deleted(make_user, make_person):
    shown_identity(request_of(make_user("administrator")), make_person(DEBAO))
    view = PersonalDataView.objects.get()
    view.where = "/elsewhere/"
    with pytest.raises(ValueError):
        view.save()
    with pytest.raises(ValueError):
        view.delete()
    assert PersonalDataView.objects.get().where != "/elsewhere/"
