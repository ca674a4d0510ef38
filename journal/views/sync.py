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
from django.http import HttpRequest, JsonResponse
from django.middleware.csrf import get_token
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from journal import queries, records
from journal.forms import CheckinForm, EntryFormSet, SessionForm, entry_initial, kept_entries
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
    user = request.user
    if stored := queries.checkin_from_device(user, client_id):
        return already_saved(stored)
    today = user.profile.today()
    replacing = None
    if request.POST.get("replace"):
        # The person chose this record over the day's saved one (see `conflict`).
        try:
            day = dt.date.fromisoformat(request.POST.get("date", ""))
        except ValueError:
            day = None
        replacing = queries.checkin_on(user, day) if day else None
    form = CheckinForm(request.POST, user=user, today=today, instance=replacing)
    if not form.is_valid():
        if form.existing and form.errors.keys() == {"date"} and form.has_error("date", "duplicate"):
            if same_answers(form.existing, form.instance):
                # The same check-in made twice: nothing to choose between.
                return already_saved(form.existing)
            return conflict(form.existing)
        return refused(form.errors.get_json_data())
    try:
        checkin = records.checkins.save(user, form.save(commit=False), client_id=client_id)
    except IntegrityError:
        # The same record sent twice at once, or the day's check-in saved meanwhile.
        if stored := queries.checkin_from_device(user, client_id):
            return already_saved(stored)
        return conflict(user.checkins.get(date=form.cleaned_data["date"]))
    return JsonResponse({"result": "saved", "record": checkin_values(checkin)}, status=201)


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
    form = SessionForm(request.POST, today=user.profile.today())
    items = queries.routine_items(routine)
    formset = EntryFormSet(
        request.POST, initial=[entry_initial(item) for item in items], prefix="entries"
    )
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
