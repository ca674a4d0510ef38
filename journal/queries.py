"""The questions the app asks of the library and of one person's journal, one function each.

Every function about a journal takes the person (a `User`) and starts its query from them, so
nothing here can reach another person's rows. Views, the report, the exports, the reminders and
the management commands all ask through this module; none writes its own query for the same
question. Results are plain values for `journal.rules` and `journal.charts`, or querysets when a
page lists rows. Writes go through journal/records/.
"""

import datetime as dt
import uuid
from collections import Counter

from django.contrib.auth.models import User
from django.core.cache import cache
from django.db.models import (
    Count,
    Exists,
    Max,
    Min,
    OuterRef,
    Prefetch,
    QuerySet,
    Subquery,
)

from journal import charts, outcomes, rules
from journal.models import (
    Activity,
    ActivityRating,
    ActivityScore,
    Picture,
    Profile,
    RedFlagReport,
    RedFlagResolution,
    RedFlagScreen,
    ReportShare,
    Routine,
    RoutineStretch,
    SessionEntry,
    SorenessCheckin,
    Stretch,
    StretchSession,
    TargetArea,
    secret_hash,
    text_lines,
)

# The library: the same for everyone.


def default_routine() -> Routine | None:
    """The routine offered first: the main guide's."""
    return Routine.objects.filter(is_default=True).first()


def routines() -> QuerySet[Routine]:
    return Routine.objects.all()


def routines_with_items() -> QuerySet[Routine]:
    """Routines, each with its stretches in order and their steps and areas loaded."""
    items = RoutineStretch.objects.select_related("stretch").prefetch_related(
        "stretch__steps", "stretch__target_areas"
    )
    return Routine.objects.prefetch_related(Prefetch("items", queryset=items))


def routine_items(routine: Routine) -> QuerySet[RoutineStretch]:
    """A routine's stretches in order, each with its stretch."""
    return RoutineStretch.objects.filter(routine=routine).select_related("stretch")


def stretches(
    area: TargetArea | None = None, kind: str | None = None, plane: str | None = None
) -> QuerySet[Stretch]:
    """The library's published stretches with their areas, those of an area, kind or movement
    if given."""
    found = Stretch.objects.public().prefetch_related("target_areas").select_related("picture")
    if area is not None:
        found = found.filter(target_areas=area)
    if kind:
        found = found.filter(kind=kind)
    if plane:
        found = found.filter(plane=plane)
    return found


def stretches_by_slug(slugs: list[str]) -> dict[str, Stretch]:
    """The library's stretches with these slugs, by slug: one query."""
    return Stretch.objects.in_bulk(slugs, field_name="slug")


def stretch_pages() -> QuerySet[Stretch]:
    """Published stretches with what their page shows loaded: steps, areas and routines."""
    return (
        Stretch.objects.public()
        .select_related("picture")
        .prefetch_related("steps", "target_areas", "routines")
    )


def areas_in_use() -> QuerySet[TargetArea]:
    """The areas a published stretch works."""
    return TargetArea.objects.filter(stretches__published=True).distinct()


def library_slugs() -> tuple[list[str], list[str]]:
    """The slugs of every published stretch and every routine: the pages a device keeps
    offline."""
    return (
        list(Stretch.objects.public().values_list("slug", flat=True)),
        list(Routine.objects.values_list("slug", flat=True)),
    )


def library_pictures() -> list[Picture]:
    """The uploaded pictures the published stretches show: one query."""
    return [
        stretch.picture
        for stretch in Stretch.objects.public()
        .filter(picture__isnull=False)
        .select_related("picture")
    ]


def rest_day_exercise() -> Stretch | None:
    """What the guides allow on a rest day: easy breathing ("8 Simple Stretches" puts
    diaphragmatic breathing before any stretching; the main guide says to breathe easily)."""
    return Stretch.objects.public().filter(kind=Stretch.Kind.BREATHING).order_by("name").first()


# A person's journal.


def thresholds_for(profile: Profile) -> rules.Thresholds:
    return rules.Thresholds(
        worsening=profile.worsening_threshold, particularly_sore=profile.sore_threshold
    )


def checkins_for_rule(user: User, first: dt.date, last: dt.date) -> list[rules.Checkin]:
    """The check-ins the rule needs to judge days first..last: those of the window it looks
    back over, and the last few before it, for a comparison across a gap. Two queries, whatever
    the length of the history."""
    start = first - dt.timedelta(days=rules.LOOKBACK_DAYS - 1)
    flags = SorenessCheckin.RED_FLAG_FIELDS
    fields = ["date", "soreness", "updated", *flags]
    window = user.checkins.filter(date__range=(start, last)).values_list(*fields)
    before = (
        user.checkins.filter(date__lt=start)
        .order_by("-date")
        .values_list(*fields)[: rules.MIN_BASELINE_CHECKINS]
    )
    return [
        rules.Checkin(
            date=date,
            soreness=soreness,
            red_flags=frozenset(name for name, yes in zip(flags, answers, strict=True) if yes),
            answered_at=updated,
        )
        for date, soreness, updated, *answers in [*reversed(before), *window]
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


def flag_reports(user: User, profile: Profile) -> list[rules.Report]:
    """Every red flag the person has reported, for the rule: one query. Each counts from its
    own day or, if earlier, the day it was recorded on where the person is now, so that moving
    the time zone west never hides a report until the new zone's date catches up."""
    zone = profile.zone()
    return [
        rules.Report(flag, min(day, recorded_at.astimezone(zone).date()), recorded_at)
        for flag, day, recorded_at in user.flag_reports.values_list(
            "flag", "reported_on", "recorded_at"
        )
    ]


def flag_resolutions(user: User, profile: Profile) -> list[rules.Resolution]:
    """Everything the person said of their red flags, for the rule: one query. Like a report
    (`flag_reports`), each counts from its own day or, if earlier, the day it was said on where
    the person is now: a clinician's visit told in a zone ahead still counts after a move west.
    """
    zone = profile.zone()
    return [
        rules.Resolution(
            flag=flag,
            date=min(day, created.astimezone(zone).date()),
            outcome="seen" if outcome == "seen" else "gone",
            seen_on=seen_on,
            recorded_at=created,
        )
        for flag, day, outcome, seen_on, created in user.flag_resolutions.values_list(
            "flag", "resolved_on", "outcome", "seen_on", "created"
        )
    ]


def screen_due(user: User, profile: Profile, day: dt.date) -> str:
    """Why to ask the questions about signs of a serious cause on `day`, or "" (see
    `rules.screen_due`): three queries."""
    last = user.flag_screens.order_by("-answered_on").values_list("answered_on", flat=True)
    return rules.screen_due(day, last.first(), checkins_for_rule(user, day, day))


def report_records(user: User) -> QuerySet[RedFlagReport]:
    """Every red flag the person reported, oldest first, with the check-in it came from."""
    return user.flag_reports.select_related("checkin").order_by("reported_on", "recorded_at")


def resolution_records(user: User, first: dt.date | None = None) -> QuerySet[RedFlagResolution]:
    """What the person said happened to their red flags (from `first` on), oldest first."""
    said = user.flag_resolutions.order_by("resolved_on", "created")
    return said.filter(resolved_on__gte=first) if first else said


def screen_records(user: User) -> QuerySet[RedFlagScreen]:
    """Each time the person answered the questions about signs of a serious cause."""
    return user.flag_screens.order_by("-answered_on", "-answered_at")


def advice_for_days(
    user: User, profile: Profile, days: list[dt.date]
) -> dict[dt.date, rules.Advice]:
    """The rule's advice for each of `days` (consecutive, oldest first): six queries (the
    check-ins of the rule's window and the last few before it, the entries of the window,
    every red-flag report and every resolution). The same count for a week of history as for
    five years. Every page reads the whole advice, stretch warnings and all: a session that
    hurt makes a rest day on the calendar and the charts as it does on today's page."""
    if not days:
        return {}
    first, last = days[0], days[-1]
    start = first - dt.timedelta(days=rules.LOOKBACK_DAYS - 1)
    return rules.advice_for_days(
        days,
        checkins_for_rule(user, first, last),
        stretches_done(user, start, last),
        thresholds_for(profile),
        flag_resolutions(user, profile),
        flag_reports(user, profile),
        health_caution=profile.needs_caution,
    )


def advice_on(user: User, profile: Profile, day: dt.date) -> rules.Advice:
    """The rule's advice for one day.

    Kept in the cache under the journal's stamp (renewed by every write to the journal, in
    the same transaction: journal/records/), the day and the rule's thresholds, so the
    notices every page shows cost no query once worked out, and a change to anything they
    depend on is never served stale.
    """
    key = ":".join(
        str(part)
        for part in (
            "advice",
            user.pk,
            profile.journal_stamp,
            day.isoformat(),
            profile.worsening_threshold,
            profile.sore_threshold,
        )
    )
    advice = cache.get(key)
    if advice is None:
        advice = advice_for_days(user, profile, [day])[day]
        cache.set(key, advice)
    return advice


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


def checkin_from_device(user: User, client_id: uuid.UUID) -> SorenessCheckin | None:
    """The check-in a device made offline with this id, if it is stored already."""
    return user.checkins.filter(client_id=client_id).first()


def session_from_device(user: User, client_id: uuid.UUID) -> StretchSession | None:
    """The session a device made offline with this id, if it is stored already."""
    return user.stretch_sessions.filter(client_id=client_id).first()


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

    The advice's queries and the session counts' one, whatever the range.
    """
    days = [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]
    advice = advice_for_days(user, profile, days)
    sessions = sessions_per_day(user, first, last)
    joined = user.date_joined.astimezone(profile.zone()).date()
    today = profile.today()
    return (
        [
            charts.Day(
                date=day,
                soreness=advice[day].soreness,
                sessions=sessions[day],
                rest_advised=advice[day].should_rest,
                red_flag=advice[day].needs_clinician,
                before_account=day < joined,
                in_progress=day == today,
            )
            for day in days
        ],
        advice,
    )


# The weekly activities score and the clinician's links.


def activities(user: User) -> QuerySet[Activity]:
    """The person's activities, in use or retired, in the order they were added."""
    return user.activities.order_by("created", "id")


def activity_ratings(user: User) -> QuerySet[ActivityRating]:
    """The person's weeks of scores (skipped ones too), each with its scores loaded."""
    return user.activity_ratings.prefetch_related(
        Prefetch("scores", queryset=ActivityScore.objects.order_by("activity__created", "id"))
    )


def activity_weeks(user: User, first: dt.date, last: dt.date) -> list[outcomes.WeekScores]:
    """The weeks scored from `first` to `last`, oldest first, as plain values: one query."""
    weeks: dict[dt.date, dict[int, int]] = {}
    rows = ActivityScore.objects.filter(
        rating__user=user, rating__date__range=(first, last)
    ).values_list("rating__date", "activity_id", "score")
    for day, activity, score in rows.order_by("rating__date", "activity_id"):
        weeks.setdefault(day, {})[activity] = score
    return [outcomes.WeekScores(day, scores) for day, scores in weeks.items()]


def activities_state(user: User) -> tuple[list[Activity], dt.date | None]:
    """The activities in use, and the day the weekly score was last given or skipped (None
    if never): two queries."""
    in_use = list(user.activities.filter(retired_on__isnull=True).order_by("created", "id"))
    last = user.activity_ratings.aggregate(last=Max("date"))["last"]
    return in_use, last


def activities_progress(user: User) -> tuple[bool, dt.date | None]:
    """Whether the person has an activity in use, and the day the weekly score was last
    given or skipped (None if never): one query, for today's page."""
    in_use = Activity.objects.filter(user=OuterRef("pk"), retired_on__isnull=True)
    last = ActivityRating.objects.filter(user=OuterRef("pk")).order_by("-date").values("date")
    return (
        User.objects.filter(pk=user.pk)
        .annotate(in_use=Exists(in_use), last=Subquery(last[:1]))
        .values_list("in_use", "last")
        .get()
    )


def activity_rating_on(user: User, day: dt.date) -> ActivityRating | None:
    return activity_ratings(user).filter(date=day).first()


def shares_with_openings(user: User) -> QuerySet[ReportShare]:
    """The person's links for a clinician, newest first, each with its openings loaded."""
    return user.report_shares.prefetch_related("openings")


def open_share(secret: str, now: dt.datetime) -> ReportShare | None:
    """The link with this secret, with its person and their profile, if it still works (not
    revoked, not expired): one query by the secret's hash."""
    if not secret or len(secret) > 100:
        return None
    share = (
        ReportShare.objects.select_related("user__profile")
        .filter(token_hash=secret_hash(secret), revoked__isnull=True, expires__gt=now)
        .first()
    )
    return share if share is not None and share.user.is_active else None
