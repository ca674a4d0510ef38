"""The FHIR export: a demo history's Bundle validates with fhir.resources, round-trips through
its parser, and codes every day's soreness with LOINC 72514-3."""

import datetime as dt
import random

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from fhir.resources.R4B.bundle import Bundle

from journal import fhir
from journal.management.commands.make_demo_history import make_history
from journal.models import Profile, SorenessCheckin


@pytest.fixture
def demo(db) -> User:
    user = make_history("demo", 120, "a-long-demo-password", random.Random(1))
    Profile.objects.filter(user=user).update(
        report_name="Sam Demo", date_of_birth=dt.date(1980, 5, 17)
    )
    return User.objects.get(pk=user.pk)


def resources(bundle: Bundle, kind: str) -> list:
    return [e.resource for e in bundle.entry if e.resource.get_resource_type() == kind]


def test_a_demo_history_validates_round_trips_and_codes_soreness_with_loinc(demo):
    today = demo.profile.today()
    bundle = fhir.export(demo, today - dt.timedelta(days=120), today)
    text = bundle.model_dump_json()
    again = Bundle.model_validate_json(text)
    assert again.model_dump_json() == text
    assert bundle.type == "collection"

    checkins = list(demo.checkins.order_by("date"))
    soreness = [
        o for o in resources(bundle, "Observation") if o.code.coding[0].system == fhir.LOINC
    ]
    assert len(soreness) == len(checkins) > 100
    for observation, checkin in zip(soreness, checkins, strict=True):
        assert observation.code.coding[0].code == "72514-3"
        assert observation.valueInteger == checkin.soreness
        assert str(observation.effectiveDateTime) == checkin.date.isoformat()

    [patient] = resources(bundle, "Patient")
    assert patient.model_dump(exclude_none=True) == {
        "resourceType": "Patient",
        "name": [{"text": "Sam Demo"}],
        "birthDate": dt.date(1980, 5, 17),
    }
    [questionnaire] = resources(bundle, "Questionnaire")
    responses = resources(bundle, "QuestionnaireResponse")
    scored = demo.activity_ratings.filter(skipped=False).count()
    assert len(responses) == scored > 10
    assert {r.questionnaire for r in responses} == {questionnaire.url}
    averages = [
        o for o in resources(bundle, "Observation") if o.code.coding[0].code == "activities-average"
    ]
    assert len(averages) == scored
    urls = {e.fullUrl: e.resource for e in bundle.entry}
    assert all(
        urls[a.derivedFrom[0].reference].get_resource_type() == "QuestionnaireResponse"
        for a in averages
    )
    flags = [
        o for o in resources(bundle, "Observation") if o.code.coding[0].code.startswith("red-flag-")
    ]
    flagged = demo.checkins.filter(pain_down_legs=True).count()
    assert len(flags) == flagged > 0
    # The same history gives the same ids: a clinician's system can tell a record it has.
    assert [e.fullUrl for e in fhir.export(demo, today - dt.timedelta(days=120), today).entry] == [
        e.fullUrl for e in bundle.entry
    ]


def test_the_patient_holds_nothing_the_person_did_not_put_on_the_report(alice, today):
    SorenessCheckin.objects.create(user=alice, date=today, soreness=3, note="stiff")
    bundle = fhir.export(alice, today, today)
    [patient] = resources(bundle, "Patient")
    assert patient.model_dump(exclude_none=True) == {"resourceType": "Patient"}
    assert "alice" not in bundle.model_dump_json()


def test_the_data_page_downloads_the_whole_history(
    alice_client, alice, today, django_assert_num_queries
):
    for n in range(3):
        SorenessCheckin.objects.create(user=alice, date=today - dt.timedelta(days=n), soreness=n)
    with django_assert_num_queries(9):
        response = alice_client.get(reverse("export_fhir"))
    assert response["Content-Type"] == "application/fhir+json"
    assert "attachment" in response["Content-Disposition"]
    bundle = Bundle.model_validate_json(response.content)
    assert len(resources(bundle, "Observation")) == 3
    assert "no-store" in response["Cache-Control"]


def test_a_red_flag_stays_in_the_bundle_after_its_checkin_says_no(alice, today):
    """Red flags come from their reports, which outlive an edit of the check-in."""
    from journal import records

    checkin = records.checkins.save(alice, SorenessCheckin(date=today, soreness=3, fever=True))
    checkin.fever = False
    records.checkins.save(alice, checkin)
    bundle = fhir.export(alice, today, today)
    codes = [o.code.coding[0].code for o in resources(bundle, "Observation")]
    assert "red-flag-fever" in codes
