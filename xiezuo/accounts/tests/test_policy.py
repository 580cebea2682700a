import pytest

from xiezuo.accounts import policy
from xiezuo.places.models import Organisation

pytestmark = pytest.mark.django_db


def test_a_scope_place_covers_its_whole_subtree(make_user, place):
    user = make_user("clerk", scope=["4510"])
    assert policy.place_in_scope(user, place("4510"))
    assert policy.place_in_scope(user, place("451024101200"))
    assert not policy.place_in_scope(user, place("4512"))
    assert not policy.place_in_scope(user, place("45"))


def test_the_users_own_organisation_is_in_scope_wherever_it_sits(make_user, place):
    office = Organisation.objects.get(name="深圳市对口帮扶办公室")
    user = make_user("clerk", scope=["4510"], organisation=office)
    assert policy.organisation_in_scope(user, office)
    assert not policy.place_in_scope(user, office.place)


def test_an_organisation_in_a_scope_place_is_in_scope(make_user):
    user = make_user("clerk", scope=["4510"])
    assert policy.organisation_in_scope(user, Organisation.objects.get(name="德保县扶贫开发办公室"))
    assert not policy.organisation_in_scope(user, Organisation.objects.get(name="广西大学"))


def test_an_administrator_acts_everywhere(make_user, place):
    admin = make_user("administrator", scope=[])
    assert policy.can(admin, "pairing.create", policy.Sides(place("4403"), place("4512")))
    assert policy.can(admin, "place.designate")


def test_roles_are_ordered(make_user, place):
    debao = place("451024")
    assert not policy.can(make_user("viewer"), "organisation.create", debao)
    assert policy.can(make_user("clerk"), "organisation.create", debao)
    assert not policy.can(make_user("approver"), "pairing.create", policy.Sides(debao, debao))
    assert policy.can(
        make_user("coordinator"), "pairing.create", policy.Sides(place("440305"), debao)
    )


def test_an_inactive_or_anonymous_user_may_do_nothing(make_user, place):
    from django.contrib.auth.models import AnonymousUser

    user = make_user("administrator")
    user.is_active = False
    assert not policy.can(user, "place.view")
    assert not policy.can(AnonymousUser(), "place.view")


def test_the_administration_site_is_for_administrators(client_for):
    assert client_for("administrator").get("/admin/").status_code == 200
    assert client_for("administrator").get("/admin/accounts/user/").status_code == 200
    response = client_for("coordinator").get("/admin/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_the_level_above_approves(make_user, place):
    baise_approver = make_user("approver", scope=["4510"])
    assert policy.can(baise_approver, "data.approve", place("451024"))
    assert not policy.can(baise_approver, "data.approve", place("4510"))  # its own level
    assert not policy.can(baise_approver, "data.approve", place("4512"))
    assert not policy.can(make_user("clerk", scope=["4510"]), "data.approve", place("451024"))


def test_clerks_enter_figures_in_scope_only(make_user, place):
    clerk = make_user("clerk", scope=["451024"])
    assert policy.can(clerk, "data.enter", place("451024101"))
    assert not policy.can(clerk, "data.enter", place("451026"))
    assert not policy.can(make_user("viewer", scope=["451024"]), "data.enter", place("451024"))
