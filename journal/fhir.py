"""A person's journal as a FHIR R4 Bundle, for a clinician's own system.

Built as plain data and validated whole by `fhir.resources` (its R4B models: FHIR 4.3, which
keeps R4's Patient, Observation, Questionnaire, QuestionnaireResponse and Bundle as they were),
so a Bundle that would not parse is never sent. The Bundle is a `collection` of:

- a Patient with only what the person chose to put on their report: the name and the date of
  birth (Profile.report_name, date_of_birth), or nothing at all;
- each day's soreness as an Observation coded LOINC 72514-3 ("Pain severity - 0-10 verbal
  numeric rating [Score] - Reported"), with the day's note;
- the app's own Questionnaire for the weekly activities score (the Patient-Specific Functional
  Scale: Stratford et al. 1995, Physiotherapy Canada 47:258-263), each week scored as a
  QuestionnaireResponse to it, and the week's average as an Observation derived from it;
- each red flag answered "yes" as an Observation on its day, coded in the app's own code system
  with the symptom as its display.

Resources are named by `urn:uuid:` ids made from a key of the person's (never their account's
id) and the record, so two downloads of the same history give the same ids.
"""

import datetime as dt
import uuid
from collections.abc import Sequence

from django.conf import settings
from django.contrib.auth.models import User
from django.utils import timezone
from django.utils.crypto import salted_hmac
from fhir.resources.R4B.bundle import Bundle

from journal import outcomes, queries
from journal.models import Activity, Profile, SorenessCheckin
from journal.rules import RED_FLAGS

LOINC = "http://loinc.org"
PAIN_SEVERITY = "72514-3"
PAIN_SEVERITY_DISPLAY = "Pain severity - 0-10 verbal numeric rating [Score] - Reported"
CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
UCUM = "http://unitsofmeasure.org"
MIN_VALUE = "http://hl7.org/fhir/StructureDefinition/minValue"
MAX_VALUE = "http://hl7.org/fhir/StructureDefinition/maxValue"
CONTENT_TYPE = "application/fhir+json"
ID_SALT = "journal.fhir"


def questionnaire_url() -> str:
    """The canonical address of the app's activities Questionnaire (also in every Bundle)."""
    return f"{settings.SITE_URL}/fhir/Questionnaire/weekly-activities"


def code_system() -> str:
    """The app's own codes: the activities average and the red-flag questions."""
    return f"{settings.SITE_URL}/fhir/CodeSystem/stretchlog"


def export(user: User, first: dt.date, last: dt.date) -> Bundle:
    """The person's records from `first` to `last` as a validated Bundle: four queries (the
    check-ins, the red flags reported, the activities, the weeks' scores), whatever the length
    of the period."""
    checkins = list(queries.checkins(user, first, last))
    reported = [
        (report.flag, report.reported_on)
        for report in queries.report_records(user).filter(reported_on__range=(first, last))
    ]
    activities = list(queries.activities(user))
    weeks = queries.activity_weeks(user, first, last)
    person = salted_hmac(ID_SALT, str(user.pk)).hexdigest()
    return bundle(user.profile, checkins, reported, activities, weeks, person, timezone.now())


def bundle(
    profile: Profile,
    checkins: Sequence[SorenessCheckin],
    reported: Sequence[tuple[str, dt.date]],
    activities: Sequence[Activity],
    weeks: Sequence[outcomes.WeekScores],
    person: str,
    now: dt.datetime,
) -> Bundle:
    """The Bundle of these records, checked by fhir.resources (raises pydantic's
    ValidationError if a resource would not be valid FHIR)."""

    def full_url(*parts: object) -> str:
        name = ":".join(str(part) for part in (person, *parts))
        return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, name)}"

    patient_url = full_url("patient")
    subject = {"reference": patient_url}
    patient: dict = {"resourceType": "Patient"}
    if profile.report_name:
        patient["name"] = [{"text": profile.report_name}]
    if profile.date_of_birth:
        patient["birthDate"] = profile.date_of_birth.isoformat()
    entries = [(patient_url, patient), (full_url("questionnaire"), activities_questionnaire())]

    for checkin in checkins:
        day = checkin.date.isoformat()
        soreness = _observation(
            {"system": LOINC, "code": PAIN_SEVERITY, "display": PAIN_SEVERITY_DISPLAY},
            "Back soreness, 0 (no pain) to 10 (worst imaginable)",
            day,
            subject,
            valueInteger=checkin.soreness,
        )
        if checkin.note:
            soreness["note"] = [{"text": checkin.note}]
        entries.append((full_url("soreness", day), soreness))

    # Every red flag reported, from its reports: kept whatever became of the check-in.
    for name, on in dict.fromkeys(reported):
        day = on.isoformat()
        red_flag = _red_flag(name, RED_FLAGS[name].symptom, day, subject)
        entries.append((full_url("red-flag", name, day), red_flag))

    names = {activity.pk: activity.name for activity in activities}
    for week in outcomes.scored(weeks):
        day = week.date.isoformat()
        response_url = full_url("activities", day)
        entries.append((response_url, _response(week, names, subject)))
        assert week.average is not None
        average = _average(week.average, day, subject, response_url)
        entries.append((full_url("activities-average", day), average))

    document = {
        "resourceType": "Bundle",
        "type": "collection",
        "timestamp": now.isoformat(),
        "entry": [{"fullUrl": url, "resource": resource} for url, resource in entries],
    }
    return Bundle.model_validate(document)


def activities_questionnaire() -> dict:
    """The app's Questionnaire for the weekly activities score, in its own words."""
    return {
        "resourceType": "Questionnaire",
        "url": questionnaire_url(),
        "version": "1",
        "name": "StretchlogWeeklyActivities",
        "title": "Everyday activities, scored weekly (Patient-Specific Functional Scale)",
        "status": "active",
        "subjectType": ["Patient"],
        "description": (
            "Up to five everyday activities the person's back makes hard, each scored once a "
            "week from 0 (cannot do it) to 10 (as well as before the back trouble). The "
            "Patient-Specific Functional Scale: Stratford et al. 1995, Physiotherapy Canada "
            "47:258-263. A change of 2 points on the average, or 3 on one activity, is beyond "
            "measurement error (Stratford et al. 1995; Horn et al. 2012, JOSPT 42:30-42)."
        ),
        "item": [
            {
                "linkId": "activity",
                "type": "group",
                "repeats": True,
                "text": "An everyday activity your back makes hard",
                "item": [
                    {
                        "linkId": "activity.name",
                        "type": "string",
                        "required": True,
                        "text": "The activity",
                    },
                    {
                        "linkId": "activity.score",
                        "type": "integer",
                        "required": True,
                        "text": "How well you can do it this week: 0 cannot do it, 10 as well as "
                        "before the back trouble",
                        "extension": [
                            {"url": MIN_VALUE, "valueInteger": 0},
                            {"url": MAX_VALUE, "valueInteger": 10},
                        ],
                    },
                ],
            }
        ],
    }


def _category(code: str) -> dict:
    return {"coding": [{"system": CATEGORY, "code": code}]}


def _observation(coding: dict, text: str, day: str, subject: dict, **value: object) -> dict:
    """An answer of the person's on `day` as an Observation: its code, then its value."""
    return {
        "resourceType": "Observation",
        "status": "final",
        "category": [_category("survey")],
        "code": {"coding": [coding], "text": text},
        "subject": subject,
        "effectiveDateTime": day,
        **value,
    }


def _red_flag(name: str, symptom: str, day: str, subject: dict) -> dict:
    coding = {"system": code_system(), "code": f"red-flag-{name}", "display": symptom}
    return _observation(
        coding, f"Red flag answered yes: {symptom}", day, subject, valueBoolean=True
    )


def _response(week: outcomes.WeekScores, names: dict[int, str], subject: dict) -> dict:
    return {
        "resourceType": "QuestionnaireResponse",
        "questionnaire": questionnaire_url(),
        "status": "completed",
        "subject": subject,
        "authored": week.date.isoformat(),
        "item": [
            {
                "linkId": "activity",
                "item": [
                    {"linkId": "activity.name", "answer": [{"valueString": names[activity]}]},
                    {"linkId": "activity.score", "answer": [{"valueInteger": score}]},
                ],
            }
            for activity, score in week.scores.items()
        ],
    }


def _average(average: float, day: str, subject: dict, response_url: str) -> dict:
    coding = {
        "system": code_system(),
        "code": "activities-average",
        "display": "Everyday activities score, average (Patient-Specific Functional Scale, 0-10)",
    }
    text = (
        "Everyday activities score: the average of the week's activities, 0 (cannot do them) "
        "to 10 (as before the back trouble)"
    )
    quantity = {"value": round(average, 1), "unit": "score", "system": UCUM, "code": "{score}"}
    return _observation(
        coding,
        text,
        day,
        subject,
        valueQuantity=quantity,
        derivedFrom=[{"reference": response_url}],
    )
