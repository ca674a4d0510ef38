"""Check-ins and sessions made offline, sent by the device when the connection returns.

The device gives each record an id when it is made and keeps it until the server answers.
Each record is checked by the same form as the pages use (CheckinForm, SessionForm with its
entries), and stored with its id under a unique constraint, so that a record sent twice (a
reply lost on the way back, two tabs at once) is stored once: a repeat is answered with the
record already stored. A check-in for a day that already has one is not stored: the answer
carries the saved one, and the person chooses which to keep (`replace` to keep the new one).

Answers are JSON, {"result": "saved" | "already-saved" | "conflict" | "refused"}, with status
201 for "saved" and 200 for the others: each is an answer the device acts on, not a failure
(and browsers log every 4xx to the console as an error). 403 when nobody, or somebody else, is
signed in: the record waits on the device for its person.
"""

import datetime as dt
import uuid
from collections.abc import Callable
from functools import wraps

from django.db import IntegrityError
from django.http import HttpRequest, JsonResponse, QueryDict
from django.middleware.csrf import get_token
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from journal import queries, records, rules
from journal.forms import (
    LEG_QUESTIONS,
    CheckinForm,
    EntryFormSet,
    SessionForm,
    entry_initial,
    kept_entries,
)
from journal.models import SorenessCheckin, StretchSession
from journal.offline import person_tag


@require_GET
@never_cache
def who(request: HttpRequest) -> JsonResponse:
    """Before sending: who is signed in here now, and a fresh form token to send with."""
    return JsonResponse({"person": person_tag(request.user), "csrfToken": get_token(request)})


def sync_view(view: Callable) -> Callable:
    """A POST from a signed-in person's device, for records it made for that same person."""

    @wraps(view)
    @never_cache
    @require_POST
    def wrapper(request: HttpRequest) -> JsonResponse:
        if not request.user.is_authenticated:
            return JsonResponse({"result": "signed-out"}, status=403)
        if request.POST.get("person") != person_tag(request.user):
            # Kept on the device for the person who made it, never stored for another.
            return JsonResponse({"result": "other-person"}, status=403)
        try:
            client_id = uuid.UUID(request.POST.get("client_id", ""))
        except ValueError:
            return refused({"client_id": [{"message": "Missing record id.", "code": "invalid"}]})
        return view(request, client_id)

    return wrapper


def refused(errors: dict) -> JsonResponse:
    return JsonResponse({"result": "refused", "errors": errors})


def checkin_values(checkin: SorenessCheckin) -> dict:
    """The stored check-in in its shape, with where the device can show it."""
    return {
        **records.checkins.shape(checkin),
        "id": checkin.pk,
        "url": reverse("day_detail", args=[checkin.date]),
    }


def session_values(session: StretchSession) -> dict:
    """The stored session in its shape, with where the device can show it."""
    return {
        **records.sessions.shape(session),
        "id": session.pk,
        "url": session.get_absolute_url(),
    }


def already_saved(record: SorenessCheckin | StretchSession) -> JsonResponse:
    """The device sent a record that is stored already: it may forget its copy."""
    if isinstance(record, SorenessCheckin):
        return JsonResponse({"result": "already-saved", "record": checkin_values(record)})
    return JsonResponse({"result": "already-saved", "record": session_values(record)})


@sync_view
def sync_checkin(request: HttpRequest, client_id: uuid.UUID) -> JsonResponse:
    """A check-in made offline. One dated ahead of the person's today (a device whose clock or
    zone is ahead of the profile's) is kept for their today. Whatever the answer, the red flags
    it reports are kept: stored with it, or, when it is not stored as it is (a conflict with
    the day's check-in, or refused), as reports of their own, so no choice on the device can
    drop one."""
    user = request.user
    if stored := queries.checkin_from_device(user, client_id):
        return already_saved(stored)
    today = user.profile.today()
    data = request.POST.copy()
    day = device_day(data.get("date"), today)
    if day is not None:
        data["date"] = day.isoformat()
    replacing = None
    if data.get("replace") and day is not None:
        # The person chose this record over the day's saved one (see `conflict`).
        replacing = queries.checkin_on(user, day)
    form = CheckinForm(data, user=user, today=today, instance=replacing)
    if not form.is_valid():
        records.flags.report_from_device(user, device_flags(data), day or today, client_id)
        if form.existing and form.errors.keys() == {"date"} and form.has_error("date", "duplicate"):
            if same_answers(form.existing, form.instance):
                # The same check-in made twice: nothing to choose between.
                return already_saved(form.existing)
            return conflict(form.existing)
        return refused(form.errors.get_json_data())
    try:
        checkin = records.checkins.save(
            user, form.save(commit=False), client_id=client_id, also=form.cleaned_data["new_flags"]
        )
    except IntegrityError:
        # The same record sent twice at once, or the day's check-in saved meanwhile.
        if stored := queries.checkin_from_device(user, client_id):
            return already_saved(stored)
        records.flags.report_from_device(
            user, device_flags(data), form.cleaned_data["date"], client_id
        )
        return conflict(user.checkins.get(date=form.cleaned_data["date"]))
    return JsonResponse({"result": "saved", "record": checkin_values(checkin)}, status=201)


def device_day(value: str | None, today: dt.date) -> dt.date | None:
    """The day a device dated its record, or the person's today when the device's is later (its
    clock, or its time zone, ahead of the profile's); None when it is not a date."""
    try:
        day = dt.date.fromisoformat(value or "")
    except ValueError:
        return None
    return min(day, today)


def device_flags(data: QueryDict) -> list[str]:
    """The red flags a device's check-in reports, read from its answers however the rest of it
    reads: both legs as the both-legs flag (journal/rules.py), weakness getting worse as its
    own flag and as leg weakness, and the questions under "anything new?"."""
    flags = []
    for question, (one, both) in LEG_QUESTIONS.items():
        answer = data.get(question)
        if answer == "both":
            flags.append(both)
        elif answer == "one":
            flags.append(one)
    flags += [name for name in ("weakness_worsening", "bladder_bowel", "fever") if data.get(name)]
    if data.get("weakness_worsening") and data.get("weakness_legs") not in {"one", "both"}:
        # Weakness getting worse is leg weakness too, as CheckinForm.clean saves it
        # (rules.IMPLIES); a leg answer has said it already.
        flags.append(rules.IMPLIES["weakness_worsening"])
    flags += [name for name in data.getlist("new_flags") if name in rules.SCREEN_FLAGS]
    return flags


def same_answers(saved: SorenessCheckin, sent: SorenessCheckin) -> bool:
    """`sent` is the form's unsaved check-in: its answers, leg questions turned into fields."""
    fields = ["soreness", "stiffness", "note", *SorenessCheckin.RED_FLAG_FIELDS]
    return all(getattr(saved, name) == getattr(sent, name) for name in fields)


def conflict(saved: SorenessCheckin) -> JsonResponse:
    return JsonResponse({"result": "conflict", "saved": checkin_values(saved)})


@sync_view
def sync_session(request: HttpRequest, client_id: uuid.UUID) -> JsonResponse:
    """A guided session finished offline: the fields guided.js posts to `session_create`."""
    user = request.user
    if stored := queries.session_from_device(user, client_id):
        return already_saved(stored)
    routine = queries.routines().filter(slug=request.POST.get("routine", "")).first()
    if routine is None:
        return refused({"routine": [{"message": "That routine is gone.", "code": "invalid"}]})
    today = user.profile.today()
    data = request.POST.copy()
    if day := device_day(data.get("date"), today):
        data["date"] = day.isoformat()  # a device ahead of the profile's today: kept for today
    form = SessionForm(data, today=today)
    items = queries.routine_items(routine)
    formset = EntryFormSet(data, initial=[entry_initial(item) for item in items], prefix="entries")
    if not form.is_valid() or not formset.is_valid():
        errors = form.errors.get_json_data()
        if not formset.is_valid():
            errors["entries"] = [
                {"message": str(error), "code": "invalid"}
                for form_errors in formset.errors
                for field_errors in form_errors.values()
                for error in field_errors
            ] + [{"message": str(e), "code": "invalid"} for e in formset.non_form_errors()]
        return refused(errors)
    session = form.save(commit=False)
    session.routine = routine
    try:
        session = records.sessions.save(user, session, kept_entries(formset), client_id=client_id)
    except IntegrityError:
        return already_saved(user.stretch_sessions.get(client_id=client_id))
    return JsonResponse({"result": "saved", "record": session_values(session)}, status=201)
