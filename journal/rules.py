"""The rest-day rule: from recent check-ins and stretches, what to do on a given day.

Pure functions over plain values, so the rule can be tested on its own and the views only
load rows and show the result.

What the rule encodes:
- Main guide, "7 Lower Back Stretches for Pain Relief and Strengthening": stretch once or twice
  a day, and take a day off from stretching when the discomfort seems to be getting worse or
  you feel particularly sore.
- A physical therapist's list of active moves: avoid any movement or stretch that worsens
  your pain.
- "8 Simple Stretches": tingling, weakness, or pain spreading down one or both legs can be
  signs of nerve trouble to show a provider.
- Widely published back-pain red flags in clinical practice: new bladder or bowel trouble, or
  numbness in the saddle area, needs urgent care at once (possible cauda equina syndrome);
  fever with back pain needs a clinician.
- Studies of the 0-10 pain rating scale put the smallest meaningful change at about 2 points,
  or about 30% (Farrar et al. 2001, Pain 94:149-158; Childs et al. 2005, Spine 30:1331-1334).
"""

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction
from typing import Literal

Action = Literal["rest", "stretch", "check_in"]
ClinicianLevel = Literal["", "soon", "urgent"]

# Callers load check-ins and stretch entries for [day - 13, day] only; nothing below may look
# further back, so the cost of a day's advice does not grow with the length of the history.
LOOKBACK_DAYS = 14
PREVIOUS_CHECKIN_DAYS = 7
WEEK_DAYS = 7
MIN_CHECKINS_PER_WEEK = 3
RISING_WEEK_POINTS = 2
# A Fraction, not a float, so a rise of exactly 30% counts whatever the means are.
RISING_WEEK_SHARE = Fraction(3, 10)
PAINFUL_DURING_ABOVE = 5
NEXT_DAY_RISE = 2
MAX_RATING = 10

RED_FLAGS: dict[str, str] = {
    "numbness": "Numbness or tingling in your legs or feet?",
    "leg_weakness": "Weakness in one or both legs?",
    "pain_down_legs": "Pain spreading down one or both legs?",
    "bladder_bowel": (
        "New trouble controlling your bladder or bowels, "
        "or numbness around your groin or inner thighs?"
    ),
    "fever": "A fever or feeling generally unwell with the back pain?",
}
URGENT_RED_FLAGS: frozenset[str] = frozenset({"bladder_bowel"})


def _check_rating(name: str, value: int, low: int = 0) -> None:
    if not low <= value <= MAX_RATING:
        raise ValueError(f"{name} must be from {low} to {MAX_RATING}, not {value}.")


def _check_red_flags(red_flags: Collection[str]) -> None:
    # A misspelt name would otherwise pass as an ordinary flag and could turn "urgent" into
    # "soon", so unknown names are refused rather than guessed at.
    unknown = set(red_flags) - RED_FLAGS.keys()
    if unknown:
        raise ValueError(f"Unknown red flags: {', '.join(sorted(unknown))}.")


@dataclass(frozen=True)
class Thresholds:
    """The user's limits for the rest-day rule.

    `worsening` defaults to 1 point; the user can raise it to 2, the smallest change on the
    0-10 scale that studies found meaningful (Farrar et al. 2001; Childs et al. 2005).
    """

    worsening: int = 1
    particularly_sore: int = 7

    def __post_init__(self) -> None:
        # Zero would make an unchanged rating count as "getting worse" (or any rating as
        # "particularly sore"), so both start at 1.
        _check_rating("worsening", self.worsening, low=1)
        _check_rating("particularly_sore", self.particularly_sore, low=1)


DEFAULT_THRESHOLDS = Thresholds()


@dataclass(frozen=True)
class Checkin:
    """One day's soreness check-in (0-10) and the red-flag questions answered "yes"."""

    date: date
    soreness: int
    red_flags: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        _check_rating("soreness", self.soreness)
        object.__setattr__(self, "red_flags", frozenset(self.red_flags))
        _check_red_flags(self.red_flags)


@dataclass(frozen=True)
class StretchDone:
    """One logged entry of a stretch, with the pain felt during it if given."""

    date: date
    slug: str
    name: str
    pain_during: int | None = None
    modifications: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.pain_during is not None:
            _check_rating("pain_during", self.pain_during)
        object.__setattr__(self, "modifications", tuple(self.modifications))


@dataclass(frozen=True)
class Reason:
    """Why to rest: `code` is "worsening", "particularly_sore" or "rising_week"."""

    code: str
    text: str


@dataclass(frozen=True)
class StretchWarning:
    """A stretch that seemed to hurt, why (with numbers), and gentler ways to do it."""

    slug: str
    name: str
    text: str
    modifications: tuple[str, ...]


@dataclass(frozen=True)
class Advice:
    """What to do on one day; see `rest_day_advice` for the rule."""

    date: date
    action: Action
    clinician: ClinicianLevel
    reasons: tuple[Reason, ...]
    notes: tuple[str, ...]
    stretch_warnings: tuple[StretchWarning, ...]
    red_flags: tuple[str, ...]
    soreness: int | None

    @property
    def has_checkin(self) -> bool:
        return self.soreness is not None

    @property
    def should_rest(self) -> bool:
        return self.action == "rest"

    @property
    def needs_clinician(self) -> bool:
        return self.clinician != ""

    @property
    def is_urgent(self) -> bool:
        return self.clinician == "urgent"

    @property
    def red_flag_questions(self) -> tuple[str, ...]:
        """The questions answered "yes" that day, as asked, for templates to list."""
        return tuple(RED_FLAGS[name] for name in self.red_flags)

    @property
    def headline(self) -> str:
        """One plain sentence; a clinician notice comes before any stretching advice."""
        if self.clinician == "urgent":
            return (
                "Get urgent medical care now: what you reported can be a sign of a serious "
                "nerve problem in your back."
            )
        if self.clinician == "soon":
            return "See a doctor soon about the symptoms you reported."
        if self.action == "rest":
            return "Take a day off from stretching."
        if self.action == "stretch":
            return (
                "Go ahead and stretch once or twice, and stop any stretch that makes your "
                "pain worse."
            )
        return "Log a soreness check-in to get advice for this day."


def format_day(day: date) -> str:
    """A date as "Monday 2 November", built by hand because "%-d" is not portable."""
    return f"{day:%A} {day.day} {day:%B}"


def clinician_level(red_flags: Collection[str]) -> ClinicianLevel:
    """How soon to see a clinician, from the red-flag questions answered "yes".

    "urgent" for new bladder or bowel trouble or saddle numbness (possible cauda equina
    syndrome, care needed at once, per widely published clinical red flags); "soon" for any
    other flag: tingling or numbness, leg weakness, or pain spreading down the legs ("8 Simple
    Stretches": see a provider for signs of nerve trouble), or fever with back pain (clinical
    red flags); "" for none. Unknown names raise ValueError.
    """
    flags = frozenset(red_flags)
    _check_red_flags(flags)
    if flags & URGENT_RED_FLAGS:
        return "urgent"
    return "soon" if flags else ""


def rest_day_advice(
    day: date,
    checkins: Iterable[Checkin],
    done: Iterable[StretchDone] = (),
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
) -> Advice:
    """Whether to rest or stretch on `day`, and whether to see a clinician.

    Encodes the main guide ("7 Lower Back Stretches for Pain Relief and Strengthening"):
    stretch once or twice a day, but take a day off when the discomfort seems to be getting
    worse or you feel particularly sore. "Getting worse" is read three ways, each a reason:
    - worsening: the day's soreness is at least `thresholds.worsening` above the latest
      check-in in the 7 days before (1 point by default, 2 if the user prefers the smallest
      meaningful change on the 0-10 scale: Farrar et al. 2001; Childs et al. 2005);
    - particularly_sore: the day's soreness is at least `thresholds.particularly_sore`;
    - rising_week: the mean of the last 7 days (with `day`) is 2 points or 30% above the mean
      of the 7 before, the same published sizes of a meaningful change; needs at least 3
      check-ins in each week.
    Any reason means "rest", otherwise "stretch"; with no check-in on `day` the action is
    "check_in". Nothing is guessed: a missing comparison is left out and named in `notes`.

    The clinician level comes from that day's red flags (see `clinician_level`) and is never
    downgraded by the stretching advice: the headline puts it first whatever the action, and
    the action stays as computed so the page can show both.

    Stretch warnings follow a physical therapist's advice to avoid any movement or stretch
    that worsens your pain: a stretch in the last 14 days rated above 5 for pain during it, or
    followed by a rise of 2 or more in soreness the next day, is flagged once, with its
    modifications. Only [day - 13, day] is read; anything else passed in is ignored.
    """
    return advice_for_days([day], checkins, done, thresholds)[day]


def advice_for_days(
    days: Iterable[date],
    checkins: Iterable[Checkin],
    done: Iterable[StretchDone] = (),
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
) -> dict[date, Advice]:
    """`rest_day_advice` for each of `days` (a month calendar), indexing the inputs once.

    Encodes the same sources as `rest_day_advice`; pass the check-ins and entries from 13
    days before the first day to the last day.
    """
    checkin_on: dict[date, Checkin] = {}
    for checkin in checkins:
        # Callers keep one check-in a date; should two arrive, the later one wins.
        checkin_on[checkin.date] = checkin
    done_on: dict[date, list[StretchDone]] = {}
    for entry in done:
        done_on.setdefault(entry.date, []).append(entry)
    return {day: _advice(day, checkin_on, done_on, thresholds) for day in days}


def _days_back(day: date, start: int, stop: int) -> list[date]:
    """The dates from `day - start` back to `day - (stop - 1)`, newest first."""
    return [day - timedelta(days=n) for n in range(start, stop)]


def _advice(
    day: date,
    checkin_on: dict[date, Checkin],
    done_on: dict[date, list[StretchDone]],
    thresholds: Thresholds,
) -> Advice:
    warnings = _stretch_warnings(day, checkin_on, done_on)
    today = checkin_on.get(day)
    if today is None:
        return Advice(
            date=day,
            action="check_in",
            clinician="",
            reasons=(),
            notes=(f"There is no check-in for {format_day(day)}, so no advice yet.",),
            stretch_warnings=warnings,
            red_flags=(),
            soreness=None,
        )

    reasons: list[Reason] = []
    notes: list[str] = []

    previous = next(
        (checkin_on[d] for d in _days_back(day, 1, PREVIOUS_CHECKIN_DAYS + 1) if d in checkin_on),
        None,
    )
    if previous is None:
        notes.append(
            f"There is no check-in in the {PREVIOUS_CHECKIN_DAYS} days before, "
            "so nothing recent to compare with."
        )
    else:
        rise = today.soreness - previous.soreness
        if rise >= thresholds.worsening:
            reasons.append(
                Reason(
                    "worsening",
                    f"Your soreness is {today.soreness}, up {rise} from {previous.soreness} "
                    f"on {format_day(previous.date)}.",
                )
            )

    if today.soreness >= thresholds.particularly_sore:
        reasons.append(
            Reason(
                "particularly_sore",
                f"Your soreness is {today.soreness}, at or above {thresholds.particularly_sore}, "
                "which counts as particularly sore.",
            )
        )

    recent = [checkin_on[d].soreness for d in _days_back(day, 0, WEEK_DAYS) if d in checkin_on]
    prior = [
        checkin_on[d].soreness for d in _days_back(day, WEEK_DAYS, LOOKBACK_DAYS) if d in checkin_on
    ]
    if len(recent) < MIN_CHECKINS_PER_WEEK or len(prior) < MIN_CHECKINS_PER_WEEK:
        notes.append(
            f"Too few check-ins to compare the last {WEEK_DAYS} days with the {WEEK_DAYS} "
            f"before ({len(recent)} and {len(prior)}; {MIN_CHECKINS_PER_WEEK} in each are needed)."
        )
    else:
        recent_mean = Fraction(sum(recent), len(recent))
        prior_mean = Fraction(sum(prior), len(prior))
        change = recent_mean - prior_mean
        if change >= RISING_WEEK_POINTS or (
            prior_mean > 0 and change / prior_mean >= RISING_WEEK_SHARE
        ):
            reasons.append(
                Reason(
                    "rising_week",
                    f"Your average soreness over the last {WEEK_DAYS} days is "
                    f"{float(recent_mean):.1f}, up from {float(prior_mean):.1f} over the "
                    f"{WEEK_DAYS} days before.",
                )
            )

    return Advice(
        date=day,
        action="rest" if reasons else "stretch",
        clinician=clinician_level(today.red_flags),
        reasons=tuple(reasons),
        notes=tuple(notes),
        stretch_warnings=warnings,
        red_flags=tuple(name for name in RED_FLAGS if name in today.red_flags),
        soreness=today.soreness,
    )


def _join(items: list[str]) -> str:
    if len(items) < 2:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def _stretch_warnings(
    day: date,
    checkin_on: dict[date, Checkin],
    done_on: dict[date, list[StretchDone]],
) -> tuple[StretchWarning, ...]:
    latest: dict[str, StretchDone] = {}
    painful: dict[str, dict[date, int]] = {}
    rose_after: dict[str, dict[date, tuple[int, int]]] = {}
    for d in reversed(_days_back(day, 0, LOOKBACK_DAYS)):
        for entry in done_on.get(d, ()):
            # Oldest first, so the newest entry's name and modifications are the ones shown.
            latest[entry.slug] = entry
            if entry.pain_during is not None and entry.pain_during > PAINFUL_DURING_ABOVE:
                worst = painful.setdefault(entry.slug, {})
                worst[d] = max(worst.get(d, 0), entry.pain_during)
            # Only up to `day`: the day after `day` is the future as far as this advice goes.
            before = checkin_on.get(d)
            after = checkin_on.get(d + timedelta(days=1)) if d < day else None
            if (
                before is not None
                and after is not None
                and after.soreness - before.soreness >= NEXT_DAY_RISE
            ):
                rose_after.setdefault(entry.slug, {})[d] = (before.soreness, after.soreness)

    warnings: list[StretchWarning] = []
    for slug in painful.keys() | rose_after.keys():
        facts: list[str] = []
        if slug in painful:
            ratings = [f"{pain} on {format_day(d)}" for d, pain in sorted(painful[slug].items())]
            facts.append(f"you rated the pain during it {_join(ratings)}")
        if slug in rose_after:
            rises = [
                f"{format_day(d)} ({before} to {after})"
                for d, (before, after) in sorted(rose_after[slug].items())
            ]
            facts.append(f"your soreness rose the day after you did it on {_join(rises)}")
        text = f"{', and '.join(facts)}, so consider skipping or modifying it."
        entry = latest[slug]
        warnings.append(
            StretchWarning(
                slug=slug,
                name=entry.name,
                text=text[0].upper() + text[1:],
                modifications=entry.modifications,
            )
        )
    warnings.sort(key=lambda warning: (warning.name.casefold(), warning.slug))
    return tuple(warnings)
