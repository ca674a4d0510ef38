"""The questions the app asks of one person's journal, one function each.

Every function takes the person (a `User`) and starts its query from them, so nothing here can
reach another person's rows. Views, the report, the exports and the management commands all ask
through this module; none writes its own query for the same question. Results are plain values
for `journal.rules` and `journal.charts`, or querysets when a page lists rows.
"""

import datetime as dt
import uuid
from collections import Counter

from django.contrib.auth.models import User
from django.db.models import Count, Max, Min, Prefetch, Q, QuerySet

from journal import charts, rules
from journal.models import (
    Profile,
    RedFlagResolution,
    SessionEntry,
    SorenessCheckin,
    Stretch,
    StretchSession,
    text_lines,
)


def journal_changed(user: User) -> None:
    """Give the person's journal a new stamp, so charts cached under the old one go unused.

    Every view or command that writes to a journal calls this after its writes are committed:
    a page built in between may cache the new data under the old stamp, which is harmless; the
    other order could cache old data under the new one.
    """
    Profile.objects.filter(user=user).update(journal_stamp=uuid.uuid4())


def thresholds_for(profile: Profile) -> rules.Thresholds:
    return rules.Thresholds(
        worsening=profile.worsening_threshold, particularly_sore=profile.sore_threshold
    )


def checkins_for_rule(user: User, first: dt.date, last: dt.date) -> list[rules.Checkin]:
    """The check-ins the rule needs to judge days first..last (it looks back a fixed number of
    days before `first`): one query, whatever the length of the history."""
    start = first - dt.timedelta(days=rules.LOOKBACK_DAYS - 1)
    flags = SorenessCheckin.RED_FLAG_FIELDS
    rows = user.checkins.filter(date__range=(start, last)).values_list(
        "date", "soreness", "updated", *flags
    )
    return [
        rules.Checkin(
            date=date,
            soreness=soreness,
            red_flags=frozenset(name for name, yes in zip(flags, answers, strict=True) if yes),
            answered_at=updated,
        )
        for date, soreness, updated, *answers in rows
    ]


def stretches_done(user: User, first: dt.date, last: dt.date) -> list[rules.StretchDone]:
    """Each stretch logged from `first` to `last`, as plain values: one query."""
    rows = SessionEntry.objects.filter(
        session__user=user, session__date__range=(first, last)
    ).values_list(
        "session__date",
        "stretch__slug",
        "stretch__name",
        "pain_during",
        "stretch__modifications",
        "session_id",
        "made_worse",
    )
    return [
        rules.StretchDone(
            date=date,
            slug=slug,
            name=name,
            pain_during=pain,
            modifications=tuple(text_lines(modifications)),
            session=session,
            made_worse=made_worse,
        )
        for date, slug, name, pain, modifications, session, made_worse in rows
    ]


def flags_open_after(user: User, day: dt.date) -> dict[str, dt.date]:
    """The red flags still open at the end of `day`, each with the day it was first reported:
    two queries (the latest resolution of each flag, then the first "yes" after it), whatever
    the length of the history."""
    resolved = {
        flag: (last, recorded)
        for flag, last, recorded in user.flag_resolutions.filter(resolved_on__lte=day)
        .values("flag")
        .annotate(last=Max("resolved_on"), recorded=Max("created"))
        .values_list("flag", "last", "recorded")
    }

    def after_resolution(name: str) -> Q:
        if name not in resolved:
            return Q()
        last, recorded = resolved[name]
        # As in the rule: a "yes" saved after the resolution on its own day counts again.
        return Q(date__gt=last) | Q(date=last, updated__gt=recorded)

    firsts = user.checkins.filter(date__lte=day).aggregate(
        **{
            f"since_{name}": Min(
                "date", filter=SorenessCheckin.flag_condition(name) & after_resolution(name)
            )
            for name in rules.RED_FLAGS
        }
    )
    return {
        name: firsts[f"since_{name}"]
        for name in rules.RED_FLAGS
        if firsts[f"since_{name}"] is not None
    }


def resolutions(user: User, first: dt.date, last: dt.date) -> list[rules.Resolution]:
    return [
        rules.Resolution(
            flag=flag, date=date, outcome=outcome, seen_on=seen_on, recorded_at=created
        )
        for flag, date, outcome, seen_on, created in user.flag_resolutions.filter(
            resolved_on__range=(first, last)
        ).values_list("flag", "resolved_on", "outcome", "seen_on", "created")
    ]


def resolution_records(user: User, first: dt.date) -> QuerySet[RedFlagResolution]:
    """What the person said happened to their red flags, from `first` on, oldest first."""
    return user.flag_resolutions.filter(resolved_on__gte=first).order_by("resolved_on", "created")


def advice_for_days(
    user: User, profile: Profile, days: list[dt.date], *, stretch_warnings: bool = True
) -> dict[dt.date, rules.Advice]:
    """The rule's advice for each of `days` (consecutive, oldest first): five queries (the
    check-ins and entries of the rule's window, the resolutions in it, and the red flags open
    before it), or four without stretch warnings (the calendar and the charts show rest and
    clinician advice only). The same count for a week of history as for five years."""
    if not days:
        return {}
    first, last = days[0], days[-1]
    start = first - dt.timedelta(days=rules.LOOKBACK_DAYS - 1)
    checkins = checkins_for_rule(user, first, last)
    done = stretches_done(user, start, last) if stretch_warnings else ()
    return rules.advice_for_days(
        days,
        checkins,
        done,
        thresholds_for(profile),
        resolutions(user, start, last),
        flags_open_after(user, start - dt.timedelta(days=1)),
    )


def advice_on(user: User, profile: Profile, day: dt.date) -> rules.Advice:
    """The rule's advice for one day, stretch warnings included."""
    return advice_for_days(user, profile, [day])[day]


def rest_day_exercise() -> Stretch | None:
    """What the guides allow on a rest day: easy breathing ("8 Simple Stretches" puts
    diaphragmatic breathing before any stretching; the main guide says to breathe easily)."""
    return Stretch.objects.public().filter(kind=Stretch.Kind.BREATHING).order_by("name").first()


def stretches_to_ask_about(user: User, day: dt.date) -> list[tuple[str, str]]:
    """The stretches done on `day` as (slug, name), once each, when no answer is saved yet to
    "did one of these make things worse?"; empty once answered."""
    entries = SessionEntry.objects.filter(
        session__user=user, session__date=day, session__rise_answered=False
    ).order_by("id")
    return list(dict(entries.values_list("stretch__slug", "stretch__name")).items())


def sessions_per_day(user: User, first: dt.date, last: dt.date) -> Counter[dt.date]:
    """How many sessions the person logged on each day from `first` to `last`: one query."""
    return Counter(
        dict(
            user.stretch_sessions.filter(date__range=(first, last))
            .values_list("date")
            .annotate(n=Count("id"))
        )
    )


def checkin_on(user: User, day: dt.date) -> SorenessCheckin | None:
    return user.checkins.filter(date=day).first()


def checkin_ids(user: User, first: dt.date, last: dt.date) -> dict[dt.date, int]:
    """Each day from `first` to `last` that has a check-in, with its id."""
    return dict(user.checkins.filter(date__range=(first, last)).values_list("date", "id"))


def checkins(user: User, first: dt.date, last: dt.date) -> QuerySet[SorenessCheckin]:
    return user.checkins.filter(date__range=(first, last)).order_by("date")


def sessions_with_entries(user: User) -> QuerySet[StretchSession]:
    """The person's sessions, each with its routine and its entries' stretches loaded."""
    entries = SessionEntry.objects.select_related("stretch")
    return user.stretch_sessions.select_related("routine").prefetch_related(
        Prefetch("entries", queryset=entries)
    )


def first_record(user: User) -> dt.date | None:
    """The date of the person's earliest check-in or session, if they have any."""
    dates = [
        user.checkins.aggregate(first=Min("date"))["first"],
        user.stretch_sessions.aggregate(first=Min("date"))["first"],
    ]
    return min((d for d in dates if d), default=None)


def chart_days(
    user: User, profile: Profile, first: dt.date, last: dt.date
) -> tuple[list[charts.Day], dict[dt.date, rules.Advice]]:
    """Each day from `first` to `last` as the charts see it, and the rule's advice for it.

    Two queries (check-ins, session counts), whatever the range. The charts show rest and
    clinician advice, not stretch warnings, so no entries are loaded for the rule.
    """
    days = [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]
    advice = advice_for_days(user, profile, days, stretch_warnings=False)
    sessions = sessions_per_day(user, first, last)
    joined = user.date_joined.astimezone(profile.zone()).date()
    return (
        [
            charts.Day(
                date=day,
                soreness=advice[day].soreness,
                sessions=sessions[day],
                rest_advised=advice[day].should_rest,
                red_flag=advice[day].needs_clinician,
                before_account=day < joined,
            )
            for day in days
        ],
        advice,
    )
