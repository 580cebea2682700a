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


def test_an_inactive_or_anonymous_user_may_do_nothing(make_user):
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


# --- asked without an object; lists cut down to the scope


def test_a_scoped_action_asked_without_its_object_is_an_error_not_a_yes(make_user):
    with pytest.raises(TypeError, match="can_anywhere"):
        policy.can(make_user("clerk"), "data.enter")


def test_an_object_of_the_wrong_kind_is_an_error(make_user, place):
    with pytest.raises(TypeError, match="a rule on places needs a place, not Organisation"):
        policy.can(make_user("clerk"), "data.enter", Organisation.objects.first())
    with pytest.raises(TypeError, match="a rule on one's own records needs a user, not Place"):
        policy.can(make_user("viewer"), "token.manage", place("45"))


def test_anywhere_needs_the_role_and_a_scope(make_user):
    assert policy.can_anywhere(make_user("clerk", scope=["451024"]), "data.enter")
    assert not policy.can_anywhere(make_user("clerk", scope=[]), "data.enter")
    assert not policy.can_anywhere(make_user("viewer", scope=["451024"]), "data.enter")
    assert policy.can_anywhere(make_user("administrator", scope=[]), "data.enter")
    assert policy.can_anywhere(make_user("viewer", scope=[]), "token.manage")  # one's own
    office = Organisation.objects.get(name="深圳市对口帮扶办公室")
    coordinator = make_user("coordinator", scope=[], organisation=office)
    assert policy.can_anywhere(coordinator, "pairing.create")  # its organisation is its scope


def test_a_list_is_cut_to_the_subtree_of_the_scope(make_user):
    from xiezuo.places.models import Place

    clerk = make_user("clerk", scope=["4510", "451226"])
    shown = Place.objects.filter(policy.scope_filter(clerk, "data.enter", field="code"))
    assert shown.filter(code="451024101200").exists() and shown.filter(code="451226").exists()
    assert not shown.filter(code="45").exists() and not shown.filter(code="4512").exists()
    assert shown.count() == Place.objects.filter(code__startswith="4510").count() + (
        Place.objects.filter(code__startswith="451226").count()
    )


def test_the_level_above_sees_only_what_lies_strictly_below_it(make_user):
    from xiezuo.places.models import Place

    approver = make_user("approver", scope=["4510"])
    below = Place.objects.filter(policy.scope_filter(approver, "data.approve", field="code"))
    assert below.filter(code="451024").exists() and not below.filter(code="4510").exists()


def test_a_list_is_whole_for_an_administrator_and_empty_without_the_role(make_user):
    from xiezuo.places.models import Place

    admin = make_user("administrator", scope=[])
    assert Place.objects.filter(policy.scope_filter(admin, "data.enter", field="code")).count() == (
        Place.objects.count()
    )
    viewer = make_user("viewer", scope=["4510"])
    assert not Place.objects.filter(
        policy.scope_filter(viewer, "data.enter", field="code")
    ).exists()


def test_ones_own_records_are_cut_by_the_user(make_user):
    from xiezuo.indicators.models import ImportJob

    clerk, other = make_user("clerk"), make_user("clerk")
    for user in (clerk, other, other):
        ImportJob.objects.create(user=user, file="imports/x.csv", name="x.csv", format="csv")
    mine = ImportJob.objects.filter(policy.scope_filter(clerk, "import.view", field="user"))
    assert [job.user for job in mine] == [clerk]
    admin = make_user("administrator")
    assert (
        ImportJob.objects.filter(policy.scope_filter(admin, "import.view", field="user")).count()
        == 3
    )
