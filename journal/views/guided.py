"""The guided session: a routine followed stretch by stretch with a hold timer.

The page carries the routine as JSON; journal/static/journal/guided.js runs the
timer (timer.js) and, at the end, posts what was done to `session_create` as an ordinary form.
"""

from collections.abc import Iterable
from typing import TypedDict

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from journal import queries
from journal.models import RoutineStretch
from journal.view_helpers import check_first, journal_view, resolve_form_for


class GuidedStretch(TypedDict):
    """One stretch of a guided session, as the script reads it."""

    slug: str
    name: str
    dose: str
    steps: list[str]
    modifications: list[str]
    stretch_id: int
    hold_seconds: int | None
    reps: int | None
    sets: int
    each_side: bool
    moving: bool


def guided_plan(items: Iterable[RoutineStretch]) -> list[GuidedStretch]:
    """The routine's stretches in order, each with the low end of its prescribed dose.

    The timer starts from the shortest hold and the fewest reps the guide gives
    ("hold 30 to 60 seconds" times 30 seconds): anyone can hold longer by pausing,
    and nobody is pushed past the gentle end of the range.
    """
    return [
        GuidedStretch(
            slug=item.stretch.slug,
            name=item.stretch.name,
            dose=item.dose_text(),
            steps=[step.text for step in item.stretch.steps.all()],
            modifications=item.stretch.modification_list(),
            stretch_id=item.stretch.pk,
            hold_seconds=item.hold_seconds_min,
            reps=item.reps_min,
            sets=item.sets,
            # Sides belong to the stretch: the journal checks a logged side against it.
            each_side=item.stretch.each_side,
            moving=item.stretch.is_moving(),
        )
        for item in items
    ]


@journal_view
@require_GET
def guided_session(request: HttpRequest, slug: str) -> HttpResponse:
    routine = get_object_or_404(queries.routines_with_items(), slug=slug)
    profile = request.user.profile
    today = profile.today()
    advice = queries.advice_on(request.user, profile, today)
    if not advice.has_checkin and advice.stretching_offered:
        return check_first(request, today, advice)
    context = {
        "routine": routine,
        "plan": guided_plan(routine.items.all()),
        "advice": advice,
        "resolve_form": resolve_form_for(advice, today),
        # An open red flag or a clinician first shows only the notice (guided.html); a rest
        # day opens with the advice, and "Go on anyway".
        "advise_rest": advice.should_rest,
        "today": today,
    }
    return render(request, "journal/guided.html", context)
