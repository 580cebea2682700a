"""The data side of the DHIS2 Android SDK's sync, request by request as the SDK builds them
(dhis2-android-sdk's network services: completeDataSetRegistrations, dataApprovals/multiple,
validationRules, dataStore, systemSettings, userSettings), checked against DHIS2 2.40's answers.
"""

import json
import re

import pytest
from auditlog.models import LogEntry

from xiezuo.dates import dhis2_timestamp
from xiezuo.indicators.combos import DEFAULT_UID, combo_uid
from xiezuo.indicators.models import Completion, DataElement, DataSet, ValidationRule
from xiezuo.indicators.services import report_approve, report_complete
from xiezuo.periods import parse

pytestmark = pytest.mark.django_db

URL = "/api/completeDataSetRegistrations"
PERIOD = "201907"  # no demo values and no approvals in this month
# the SDK's fields for a registration (DataSetCompleteRegistrationFields)
FIELDS = "period,dataSet,organisationUnit,attributeOptionCombo,date,storedBy,completed"


@pytest.fixture
def labour():
    return DataSet.objects.get(code="LABOUR")


@pytest.fixture
def clerk(api):
    return api("clerk", scope=["451024"])


def registration(labour, place, **changes):
    """A registration as the SDK's DataSetCompleteRegistrationDTO serialises it."""
    row = {
        "period": PERIOD,
        "dataSet": labour.uid,
        "organisationUnit": place("451024").uid,
        "attributeOptionCombo": DEFAULT_UID,
        "date": "2019-08-02",
        "storedBy": "clerk",
        "completed": True,
    }
    return {**row, **changes}


def post(client, *rows, query=""):
    body = json.dumps({"completeDataSetRegistrations": list(rows)})
    return client.post(URL + query, body, content_type="application/json")


def completed(labour, code="451024", period=PERIOD):
    return Completion.objects.filter(data_set=labour, place__code=code, period=period).first()


# --- completeDataSetRegistrations: upload


def test_a_registration_uploaded_by_the_sdk_completes_the_report(clerk, labour, place):
    response = post(clerk, registration(labour, place))
    assert response.status_code == 200
    body = response.json()
    assert (body["httpStatusCode"], body["status"]) == (200, "OK")
    summary = body["response"]
    assert (summary["responseType"], summary["status"]) == ("ImportSummary", "SUCCESS")
    assert summary["importCount"] == {"imported": 1, "updated": 0, "ignored": 0, "deleted": 0}
    assert completed(labour).completed_by == clerk.user


def test_the_completion_is_in_the_audit_trail_with_the_clerk(clerk, labour, place):
    post(clerk, registration(labour, place))
    entry = LogEntry.objects.get_for_object(completed(labour)).get()
    assert entry.actor == clerk.user


def test_a_registration_uploaded_twice_is_counted_as_updated(clerk, labour, place):
    post(clerk, registration(labour, place))
    summary = post(clerk, registration(labour, place)).json()["response"]
    assert summary["importCount"]["updated"] == 1
    assert Completion.objects.filter(data_set=labour, period=PERIOD).count() == 1


def test_completed_false_undoes_the_completion(clerk, labour, place):
    post(clerk, registration(labour, place))
    response = post(clerk, registration(labour, place, completed=False))
    assert response.json()["response"]["status"] == "SUCCESS"
    assert completed(labour) is None


def test_a_place_outside_the_scope_is_a_conflict_and_nothing_is_completed(clerk, labour, place):
    outside = place("451228")
    response = post(clerk, registration(labour, place, organisationUnit=outside.uid))
    assert response.status_code == 409
    summary = response.json()["response"]
    assert summary["status"] == "ERROR"
    assert summary["importCount"]["ignored"] == 1
    assert summary["conflicts"][0]["object"] == outside.uid
    assert "hierarchy" in summary["conflicts"][0]["value"]
    assert completed(labour, "451228") is None


def test_the_good_registrations_are_kept_beside_a_refused_one(clerk, labour, place):
    response = post(
        clerk, registration(labour, place), registration(labour, place, dataSet="NoSuchSet01")
    )
    summary = response.json()["response"]
    assert (response.status_code, summary["status"]) == (200, "SUCCESS")
    assert summary["importCount"]["imported"] == 1
    assert summary["conflicts"] == [
        {"object": "NoSuchSet01", "value": "Data set not found or not accessible"}
    ]
    assert completed(labour) is not None


def test_an_attribute_option_combo_other_than_the_default_is_refused(clerk, labour, place):
    other = combo_uid("poverty=poor")
    response = post(clerk, registration(labour, place, attributeOptionCombo=other))
    assert response.status_code == 409
    assert response.json()["response"]["conflicts"][0]["object"] == other
    assert completed(labour) is None


def test_an_approved_report_cannot_be_uncompleted_by_a_registration(clerk, labour, place):
    report_complete(actor=None, data_set=labour, place=place("451024"), period=parse(PERIOD))
    report_approve(actor=None, data_set=labour, place=place("451024"), period=parse(PERIOD))
    response = post(clerk, registration(labour, place, completed=False))
    assert response.status_code == 409
    assert response.json()["response"]["conflicts"][0]["object"] == labour.uid
    assert completed(labour) is not None


def test_a_period_not_of_the_data_sets_type_is_a_conflict(clerk, labour, place):
    response = post(clerk, registration(labour, place, period="2019Q3"))
    assert response.status_code == 409
    assert completed(labour, period="2019Q3") is None


def test_a_dry_run_completes_nothing_but_counts(clerk, labour, place):
    response = post(clerk, registration(labour, place), query="?dryRun=true")
    assert response.json()["response"]["importCount"]["imported"] == 1
    assert completed(labour) is None


def test_api_version_37_answers_the_bare_import_summary(clerk, labour, place):
    body = json.dumps({"completeDataSetRegistrations": [registration(labour, place)]})
    response = clerk.post("/api/37/completeDataSetRegistrations", body, "application/json")
    assert response.json()["responseType"] == "ImportSummary"
    assert response.json()["importCount"]["imported"] == 1


def test_a_viewer_may_not_upload_registrations(api, labour, place):
    viewer = api("viewer", scope=["451024"])
    assert post(viewer, registration(labour, place)).status_code == 403
    assert completed(labour) is None


def test_a_body_that_is_not_a_registration_list_is_refused(clerk):
    response = clerk.post(URL, json.dumps({"dataValues": []}), content_type="application/json")
    assert response.status_code == 409
    assert "completeDataSetRegistrations" in response.json()["message"]


# --- completeDataSetRegistrations: download


def sdk_download(client, labour, place, period=PERIOD, **extra):
    """The query the SDK's DataSetCompleteRegistrationService builds."""
    query = {
        "fields": FIELDS,
        "dataSet": f"{labour.uid},{DataSet.objects.get(code='FUNDS').uid}",
        "period": f"{period},201908",
        "orgUnit": place("451024").uid,
        "children": "true",
        "paging": "false",
        **extra,
    }
    return client.get(URL, query)


def test_the_sdk_downloads_the_registrations_of_its_places(clerk, labour, place):
    post(clerk, registration(labour, place))
    response = sdk_download(clerk, labour, place)
    assert response.status_code == 200
    (row,) = response.json()["completeDataSetRegistrations"]
    assert row["period"] == PERIOD
    assert row["dataSet"] == labour.uid
    assert row["organisationUnit"] == place("451024").uid
    assert row["attributeOptionCombo"] == DEFAULT_UID
    assert row["completed"] is True
    assert row["storedBy"] == clerk.user.username
    assert re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", row["date"])  # the SDK's simple date


def test_children_true_takes_the_places_below(api, labour, place):
    report_complete(actor=None, data_set=labour, place=place("451024"), period=parse(PERIOD))
    county_clerk = api("clerk", scope=["4510"])
    query = {"dataSet": labour.uid, "period": PERIOD, "orgUnit": place("4510").uid}
    without = county_clerk.get(URL, query).json()["completeDataSetRegistrations"]
    below = county_clerk.get(URL, {**query, "children": "true"}).json()
    assert without == []
    assert [r["organisationUnit"] for r in below["completeDataSetRegistrations"]] == [
        place("451024").uid
    ]


def test_a_download_for_a_place_outside_the_scope_is_refused(clerk, labour, place):
    query = {"dataSet": labour.uid, "period": PERIOD, "orgUnit": place("451228").uid}
    response = clerk.get(URL, query)
    assert (response.status_code, response.json()["errorCode"]) == (409, "E2012")


def test_a_download_without_places_is_refused_as_dhis2_does(clerk, labour):
    response = clerk.get(URL, {"dataSet": labour.uid, "period": PERIOD})
    assert (response.status_code, response.json()["errorCode"]) == (409, "E2006")


# --- completeDataSetRegistrations: delete


def sdk_delete(client, labour, place, code="451024"):
    """The query the SDK's deleteDataSetCompleteRegistration sends for the default combo."""
    query = f"ds={labour.uid}&pe={PERIOD}&ou={place(code).uid}&cc=bjDvmb4bfuf&cp=xYerKDKCefk"
    return client.delete(f"{URL}?{query}&multiOu=false")


def test_the_sdks_delete_undoes_the_completion(clerk, labour, place):
    post(clerk, registration(labour, place))
    assert sdk_delete(clerk, labour, place).status_code == 204
    assert completed(labour) is None


def test_the_delete_of_an_approved_report_is_refused_as_locked(clerk, labour, place):
    report_complete(actor=None, data_set=labour, place=place("451024"), period=parse(PERIOD))
    report_approve(actor=None, data_set=labour, place=place("451024"), period=parse(PERIOD))
    response = sdk_delete(clerk, labour, place)
    assert response.status_code == 409
    assert response.json()["message"] == f"Locked Data set(s) : {labour.uid}"
    assert completed(labour) is not None


def test_a_delete_outside_the_scope_is_forbidden(clerk, labour, place):
    report_complete(actor=None, data_set=labour, place=place("451228"), period=parse(PERIOD))
    assert sdk_delete(clerk, labour, place, "451228").status_code == 403
    assert completed(labour, "451228") is not None


def test_a_delete_with_another_attribute_combo_is_refused(clerk, labour, place):
    query = f"ds={labour.uid}&pe={PERIOD}&ou={place('451024').uid}&cc=NoSuchCombo&cp=x"
    response = clerk.delete(f"{URL}?{query}")
    assert (response.status_code, response.json()["errorCode"]) == (409, "E1110")


# --- data approvals


def multiple(client, labour, place, *codes):
    """The SDK's DataApprovalService query."""
    return client.get(
        "/api/dataApprovals/multiple",
        {
            "fields": "wf,ou,pe,aoc,state",
            "wf": workflow_of(client, labour),
            "pe": f"{PERIOD},201908",
            "ou": ",".join(place(c).uid for c in codes),
            "aoc": DEFAULT_UID,
        },
    )


def workflow_of(client, data_set):
    """The workflow the SDK reads from the data set's metadata (`workflow[id]`)."""
    record = client.get(f"/api/dataSets/{data_set.uid}", {"fields": "id,workflow[id]"}).json()
    return record["workflow"]["id"]


def states(response):
    return {(row["ou"], row["pe"]): row["state"] for row in response.json()}


def test_a_report_not_yet_complete_is_waiting(clerk, labour, place):
    response = multiple(clerk, labour, place, "451024")
    assert response.status_code == 200
    row = response.json()[0]
    assert set(row) >= {"wf", "pe", "ou", "aoc", "state"}
    assert row["aoc"] == DEFAULT_UID
    assert states(response)[(place("451024").uid, PERIOD)] == "UNAPPROVED_WAITING"


def test_a_complete_report_is_ready_for_approval(clerk, labour, place):
    post(clerk, registration(labour, place))
    response = multiple(clerk, labour, place, "451024")
    assert states(response)[(place("451024").uid, PERIOD)] == "UNAPPROVED_READY"
    assert states(response)[(place("451024").uid, "201908")] == "UNAPPROVED_WAITING"


def test_an_approved_report_is_approved_here_and_its_places_below_approved_above(
    api, labour, place
):
    county = place("4510")
    report_complete(actor=None, data_set=labour, place=county, period=parse(PERIOD))
    report_approve(actor=None, data_set=labour, place=county, period=parse(PERIOD))
    viewer = api("viewer", scope=["4510"])
    found = states(multiple(viewer, labour, place, "4510", "451024"))
    assert found[(county.uid, PERIOD)] == "APPROVED_HERE"
    assert found[(place("451024").uid, PERIOD)] == "APPROVED_ABOVE"


def test_places_outside_the_scope_are_left_out(clerk, labour, place):
    found = states(multiple(clerk, labour, place, "451024", "451228"))
    assert {ou for ou, _pe in found} == {place("451024").uid}


def test_an_unknown_workflow_is_refused(clerk, place):
    response = clerk.get(
        "/api/dataApprovals/multiple", {"wf": "NoSuchFlow1", "pe": PERIOD, "ou": "451024"}
    )
    assert response.status_code == 409
    assert response.json()["message"] == "Data approval workflow does not exist: NoSuchFlow1"


def test_the_state_of_one_report_says_whether_the_approver_may_approve(api, labour, place):
    report_complete(actor=None, data_set=labour, place=place("451024"), period=parse(PERIOD))
    approver = api("approver", scope=["4510"])
    query = {"wf": workflow_of(approver, labour), "pe": PERIOD, "ou": place("451024").uid}
    response = approver.get("/api/dataApprovals", query)
    assert response.status_code == 200
    body = response.json()
    assert body["state"] == "UNAPPROVED_READY"
    assert (body["mayApprove"], body["mayUnapprove"], body["mayReadData"]) == (True, False, True)


def test_the_state_of_an_approved_report_names_who_approved_it(api, labour, place, make_user):
    boss = make_user("approver", scope=["4510"])
    report_complete(actor=None, data_set=labour, place=place("451024"), period=parse(PERIOD))
    report_approve(actor=boss, data_set=labour, place=place("451024"), period=parse(PERIOD))
    clerk = api("clerk", scope=["451024"])
    query = {"ds": labour.uid, "pe": PERIOD, "ou": place("451024").uid}
    body = clerk.get("/api/dataApprovals", query).json()
    assert body["state"] == "APPROVED_HERE"
    assert body["approvedBy"] == boss.display_name
    assert re.fullmatch(r"[0-9-]{10}T[0-9:]{8}\.[0-9]{3}", body["approvedAt"])
    assert body["mayUnapprove"] is False  # a clerk may not


def test_a_period_not_of_the_data_sets_type_is_unapprovable(clerk, labour, place):
    query = {"ds": labour.uid, "pe": "2019Q3", "ou": place("451024").uid}
    body = clerk.get("/api/dataApprovals", query).json()
    assert (body["state"], body["mayApprove"]) == ("UNAPPROVABLE", False)


def test_the_state_without_a_period_is_a_bad_request(clerk, labour, place):
    response = clerk.get("/api/dataApprovals", {"ds": labour.uid, "ou": place("451024").uid})
    assert response.status_code == 400
    assert "'pe'" in response.json()["message"]


def test_every_data_set_has_its_own_workflow(clerk, labour):
    workflows = clerk.get("/api/dataApprovalWorkflows", {"paging": "false", "fields": "*"})
    by_data_set = {w["dataSets"][0]["id"]: w for w in workflows.json()["dataApprovalWorkflows"]}
    assert len(by_data_set) == DataSet.objects.count()
    assert by_data_set[labour.uid]["id"] == workflow_of(clerk, labour)
    assert by_data_set[labour.uid]["periodType"] == "Monthly"


# --- validation rules


def sdk_rules(client, uids):
    """The SDK's ValidationRuleService.getValidationRules query."""
    fields = (
        "id,code,name,displayName,created,lastUpdated,deleted,shortName,displayShortName,"
        "description,displayDescription,instruction,importance,operator,periodType,"
        "skipFormValidation,leftSide[expression,description,missingValueStrategy],"
        "rightSide[expression,description,missingValueStrategy],organisationUnitLevels"
    )
    query = {"fields": fields, "filter": f"id:in:[{','.join(uids)}]", "paging": "false"}
    return client.get("/api/validationRules", query)


def test_the_sdk_reads_a_rule_with_its_sides_in_dhis2s_syntax(clerk):
    rule = ValidationRule.objects.get(code="out_of_poverty_within_placed")
    response = sdk_rules(clerk, [rule.uid])
    assert response.status_code == 200
    (record,) = response.json()["validationRules"]
    left = DataElement.objects.get(code="out_of_poverty_by_job")
    right = DataElement.objects.get(code="workers_placed")
    assert record["operator"] == "less_than_or_equal_to"
    assert record["leftSide"]["expression"] == f"#{{{left.uid}}}"
    assert record["rightSide"]["expression"] == f"#{{{right.uid}.{combo_uid('poverty=poor')}}}"
    assert record["leftSide"]["missingValueStrategy"] == "NEVER_SKIP"
    assert record["importance"] == "MEDIUM"
    assert record["periodType"] == "Monthly"  # the labour data set's
    assert record["organisationUnitLevels"] == []
    assert record["skipFormValidation"] is False
    # the SDK parses these with its DATE_FORMAT, yyyy-MM-dd'T'HH:mm:ss.SSS
    assert record["created"] == dhis2_timestamp(rule.created_at)
    assert record["lastUpdated"] == dhis2_timestamp(rule.updated_at)
    href = clerk.get("/api/40/validationRules", {"fields": "href", "paging": "false"}).json()
    assert f"http://testserver/api/40/validationRules/{rule.uid}" in {
        r["href"] for r in href["validationRules"]
    }


def test_a_rule_on_yearly_figures_is_yearly(clerk):
    rule = ValidationRule.objects.get(code="disbursed_within_in_place")
    (record,) = sdk_rules(clerk, [rule.uid]).json()["validationRules"]
    assert record["periodType"] == "Yearly"
    assert record["operator"] == "less_than_or_equal_to"


def test_the_rules_of_a_data_set_are_those_speaking_of_its_elements(clerk, labour):
    response = clerk.get(
        "/api/validationRules", {"dataSet": labour.uid, "fields": "id", "paging": "false"}
    )
    found = {r["id"] for r in response.json()["validationRules"]}
    assert ValidationRule.objects.get(code="out_of_poverty_within_placed").uid in found
    assert ValidationRule.objects.get(code="disbursed_within_in_place").uid not in found


def test_an_unknown_data_set_has_no_rules(clerk):
    response = clerk.get("/api/validationRules", {"dataSet": "NoSuchSet01", "paging": "false"})
    assert response.json()["validationRules"] == []


# --- data store, system and user settings


def test_the_data_store_has_no_namespaces(clerk):
    assert clerk.get("/api/dataStore").json() == []


def test_a_namespace_that_does_not_exist_is_not_found(clerk):
    response = clerk.get("/api/dataStore/ANDROID_SETTINGS_APP")
    assert response.status_code == 404
    assert response.json()["message"] == "Namespace not found: 'ANDROID_SETTINGS_APP'"


def test_the_keys_of_a_namespace_that_does_not_exist_are_not_found(clerk):
    response = clerk.get("/api/dataStore/USE_CASES/keys")
    assert response.status_code == 404
    assert response.json()["message"] == "Namespace not found: 'USE_CASES'"


def test_a_namespaces_entries_are_an_empty_page(clerk):
    response = clerk.get("/api/dataStore/USE_CASES", {"fields": ".", "page": 1, "pageSize": 20})
    assert response.json() == {"pager": {"page": 1, "pageSize": 20}, "entries": []}


def test_a_key_that_does_not_exist_is_not_found(clerk):
    response = clerk.get("/api/dataStore/USE_CASES/stockUseCases")
    assert response.status_code == 404
    assert response.json()["message"] == "Key 'stockUseCases' not found in namespace 'USE_CASES'"


def test_the_system_settings_the_sdk_asks_for(clerk):
    keys = (
        "keyFlag,keyStyle,keyCustomColorMobile,keyDefaultBaseMap,"
        "analyticsFinancialYearStart,analyticsWeeklyStart"
    )
    response = clerk.get("/api/systemSettings", {"key": keys})
    assert response.status_code == 200
    assert response.json() == {
        "keyFlag": "dhis2",
        "keyStyle": "light_blue/light_blue.css",
        "analyticsFinancialYearStart": "FINANCIAL_YEAR_OCTOBER",
    }


def test_one_system_setting_is_an_object_of_its_key(clerk):
    assert clerk.get("/api/systemSettings/keyFlag").json() == {"keyFlag": "dhis2"}
    assert clerk.get("/api/systemSettings/keyNoSuchThing").json() == {"keyNoSuchThing": ""}


def test_the_user_settings_follow_the_users_language(clerk):
    query = {"fields": "keyUiLocale,keyDbLocale"}
    assert clerk.get("/api/userSettings", query).json() == {
        "keyUiLocale": "zh",
        "keyDbLocale": "zh",
    }
    english = clerk.get("/api/userSettings", query, headers={"Accept-Language": "en"})
    assert english.json()["keyUiLocale"] == "en"


def test_an_unknown_user_setting_is_not_found(clerk):
    assert clerk.get("/api/userSettings/keyNoSuchThing").status_code == 404


def test_these_paths_need_a_signed_in_caller(client):
    for path in ("/api/validationRules", "/api/systemSettings", URL, "/api/dataStore"):
        assert client.get(path).status_code == 401, path
