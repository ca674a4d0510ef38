"""The rest-day rule: from recent check-ins and stretches, what to do on a given day.

Pure functions over plain values, so the rule can be tested on its own and the views only
load rows and show the result. docs/advice.md lists each situation with its advice and source.

What the rule encodes:
- Main guide, "7 Lower Back Stretches for Pain Relief and Strengthening": stretch once or twice
  a day, and take a day off from stretching when the discomfort seems to be getting worse or
  you feel particularly sore.
- A physical therapist's list of active moves: avoid any movement or stretch that worsens
  your pain.
- "8 Simple Stretches": tingling, weakness, or pain spreading down one or both legs can be
  signs of nerve trouble to show a provider.
- NHS, "Back pain" (nhs.uk/conditions/back-pain): call the emergency number or go to an
  emergency department for pain, tingling, weakness or numbness in both legs, numbness around
  the genitals or buttocks, difficulty peeing, or loss of bladder or bowel control; ask for an
  urgent appointment for back pain with a high temperature. Health New Zealand's sciatica
  page (healthify.nz) adds weakness in both legs and sciatica in both legs; widely published
  red flags add leg weakness that is getting worse (possible cauda equina syndrome).
- The smallest meaningful change on the 0-10 pain rating scale is about 2 points, or about 30%
  (Farrar et al. 2001, Pain 94:149-158, chronic pain trials; Ostelo et al. 2008, Spine 33:90-94,
  low-back pain). Both studies measured improvement; the rule uses the same size for worsening.
- The pain-monitoring model used in exercise programmes for back and tendon pain (Thomee 1997,
  Phys Ther 77:1690-1703; Silbernagel et al. 2007, Am J Sports Med 35:897-906): pain during
  exercise up to 5/10 is acceptable if it has settled by the next morning.
"""

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from fractions import Fraction
from typing import Any, Literal

# A name for the date type that a dataclass field called `date` cannot shadow.
Day = date
Action = Literal["rest", "stretch", "check_in"]
ClinicianLevel = Literal["", "soon", "urgent", "emergency"]
Outcome = Literal["seen", "gone"]
TIERS: tuple[ClinicianLevel, ...] = ("", "soon", "urgent", "emergency")

# Callers load check-ins and stretch entries for [day - 20, day] only, plus the red flags still
# open before that (see `advice_for_days`); nothing below looks further back, so the cost of a
# day's advice does not grow with the length of the history.
LOOKBACK_DAYS = 42
WARNING_DAYS = 14
PREVIOUS_CHECKIN_DAYS = 7
# Not improving over this many weeks, each with a few check-ins, suggests seeing a GP.
SLOW_WEEKS = 6
MIN_CHECKINS_PER_SLOW_WEEK = 2
# A week's average at least this high counts as back pain worth a GP's look if it lasts.
SLOW_FROM = 2
BASELINE_DAYS = 7
MIN_BASELINE_CHECKINS = 3
SPELL_DAYS = 14
NOT_SETTLING_DAYS = 7
SORE_DAYS_IN_A_ROW = 3
WEEK_DAYS = 7
MIN_CHECKINS_PER_WEEK = 3
RISING_WEEK_POINTS = 2
# A Fraction, not a float, so a rise of exactly 30% counts whatever the means are.
RISING_WEEK_SHARE = Fraction(3, 10)
PAINFUL_DURING_ABOVE = 5
SEVERE_DURING_FROM = 8
NEXT_DAY_RISE = 2
MAX_RATING = 10
# "Particularly sore" may be set lower (more cautious), never above this.
MAX_SORE_THRESHOLD = 8
WORSENING_CHOICES = (1, 2)

NHS = "NHS, “Back pain” (nhs.uk)"
NHS_SCIATICA = "NHS, “Back pain”; Health New Zealand, “Sciatica” (healthify.nz)"
EIGHT_STRETCHES = "“8 Simple Stretches”: see a provider for signs of nerve trouble"
NICE = "NICE NG59 and CKS “Back pain – low”: signs of a serious cause"
NHS_NICE = f"{NHS}; {NICE}"


@dataclass(frozen=True)
class RedFlag:
    """A symptom that needs a clinician rather than a stretch: how notices name it, how soon
    to act (its tier) and where that comes from."""

    symptom: str
    tier: ClinicianLevel
    source: str


RED_FLAGS: dict[str, RedFlag] = {
    "bladder_bowel": RedFlag(
        "New trouble with your bladder or bowels, or numbness around your groin or bottom",
        "emergency",
        NHS,
    ),
    "numbness_both_legs": RedFlag("Numbness or tingling in both legs", "emergency", NHS),
    "weakness_both_legs": RedFlag("Weakness in both legs", "emergency", NHS_SCIATICA),
    "pain_both_legs": RedFlag("Pain spreading down both legs", "emergency", NHS_SCIATICA),
    "weakness_worsening": RedFlag(
        "Leg weakness that is getting worse", "emergency", "widely published back-pain red flags"
    ),
    "leg_weakness": RedFlag(
        "Weakness in one leg", "urgent", f"{EIGHT_STRETCHES}; new weakness is checked promptly"
    ),
    "fever": RedFlag("A fever or feeling unwell with the back pain", "urgent", NHS),
    "numbness": RedFlag("Numbness or tingling in one leg", "soon", EIGHT_STRETCHES),
    "pain_down_legs": RedFlag("Pain spreading down one leg", "soon", EIGHT_STRETCHES),
    # The rest of the NHS and NICE screen: asked at sign-up, once for older accounts, when a
    # new episode starts (`screen_due`), and under "anything new?" in every check-in.
    "trauma": RedFlag(
        "Back pain that started after a fall, an accident or another injury", "urgent", NHS_NICE
    ),
    "night_pain": RedFlag("Pain at night that rest does not ease", "urgent", NHS_NICE),
    "weight_loss": RedFlag("Losing weight without trying", "urgent", NHS_NICE),
    "cancer_history": RedFlag("Back pain after having had cancer", "urgent", NICE),
    "unwell": RedFlag("Feeling unwell in yourself with the back pain", "urgent", NHS_NICE),
    "immunity": RedFlag(
        "Long-term steroid tablets, or an illness or medicine that weakens your immunity",
        "urgent",
        NICE,
    ),
    "age_new_pain": RedFlag("New back pain when under 20 or over 50", "soon", NICE),
}
# The questions of the screen, in the order they are asked (their wording is the form's).
SCREEN_FLAGS = (
    "trauma",
    "night_pain",
    "weight_loss",
    "cancer_history",
    "unwell",
    "immunity",
    "age_new_pain",
)
# A symptom in both legs is asked as one answer ("both legs"); the one-leg flag is dropped.
BOTH_LEGS = {
    "numbness_both_legs": "numbness",
    "weakness_both_legs": "leg_weakness",
    "pain_both_legs": "pain_down_legs",
}
# Which answer says another too, as a check-in keeps them: a symptom in both legs is in one leg,
# and leg weakness getting worse is leg weakness (whether or not a leg was ticked: never an
# error that could lose an emergency).
IMPLIES = {**BOTH_LEGS, "weakness_worsening": "leg_weakness"}


def _check_rating(name: str, value: int, low: int = 0, high: int = MAX_RATING) -> None:
    if not low <= value <= high:
        raise ValueError(f"{name} must be from {low} to {high}, not {value}.")


def _check_red_flags(red_flags: Collection[str]) -> None:
    # A misspelt name would otherwise pass as an ordinary flag and could turn "emergency" into
    # "soon", so unknown names are refused rather than guessed at.
    unknown = set(red_flags) - RED_FLAGS.keys()
    if unknown:
        raise ValueError(f"Unknown red flags: {', '.join(sorted(unknown))}.")


@dataclass(frozen=True)
class Thresholds:
    """The person's limits for the rest-day rule, only ever more cautious than the defaults.

    `worsening` is 2 points by default, the smallest change on the 0-10 scale that people with
    long-lasting pain count as meaningful (Farrar et al. 2001; Ostelo et al. 2008 for low-back
    pain); 1 point is the one more cautious choice. `particularly_sore` is 7 by default and may
    be set from 1 to 8: above 8 the rule would stay silent at 9/10 pain.
    """

    worsening: int = 2
    particularly_sore: int = 7

    def __post_init__(self) -> None:
        if self.worsening not in WORSENING_CHOICES:
            raise ValueError(f"worsening must be 1 or 2, not {self.worsening}.")
        _check_rating("particularly_sore", self.particularly_sore, 1, MAX_SORE_THRESHOLD)


DEFAULT_THRESHOLDS = Thresholds()


@dataclass(frozen=True)
class Checkin:
    """One day's soreness check-in (0-10) and the red-flag questions answered "yes"."""

    date: date
    soreness: int
    red_flags: frozenset[str] = frozenset()
    # When the answers were last saved, if known: a "yes" saved after a resolution on the
    # same day opens the flag again.
    answered_at: datetime | None = None

    def __post_init__(self) -> None:
        _check_rating("soreness", self.soreness)
        flags = frozenset(self.red_flags)
        _check_red_flags(flags)
        flags -= {one for both, one in BOTH_LEGS.items() if both in flags}
        object.__setattr__(self, "red_flags", flags)


@dataclass(frozen=True)
class Report:
    """A red flag reported for `date` (the check-in's day, or the day the questions were
    answered), recorded at `recorded_at` when known. Reports are never taken back: a later
    "no", an edit or a deleted check-in leave them; only a resolution closes a flag."""

    flag: str
    date: date
    recorded_at: datetime | None = None

    def __post_init__(self) -> None:
        _check_red_flags({self.flag})


@dataclass(frozen=True)
class Resolution:
    """The person's word on a red flag: a clinician has seen it (on `seen_on`), or it has gone.

    Said on `date` and recorded at `recorded_at`; see `resolution_applies` for the reports it
    closes.
    """

    flag: str
    date: date
    outcome: Outcome
    seen_on: Day | None = None
    recorded_at: datetime | None = None

    def __post_init__(self) -> None:
        _check_red_flags({self.flag})

    @property
    def covers_until(self) -> Day:
        """The last day of a report it can close: the day the clinician saw the person, or,
        for "it has gone", the day the person said so."""
        return self.seen_on if self.outcome == "seen" and self.seen_on else self.date


def may_close(flag: str, outcome: Outcome) -> bool:
    """Whether a resolution of this kind can close `flag` at all.

    Only "a clinician has seen this" closes an emergency or an urgent flag: the NHS says to get
    them checked, not to wait for them to pass. "It has gone" closes a "soon" flag (a symptom
    in one leg, new pain at an age the screen asks about), as the symptom passing is what was
    being watched for.
    """
    return outcome == "seen" or RED_FLAGS[flag].tier == "soon"


def resolution_applies(resolution: Resolution, report: Report) -> bool:
    """Whether `resolution` closes `report`: the same flag, a kind that may close it
    (`may_close`), a report for a day on or before the one it covers (a clinician seen on the
    5th has not seen a symptom first reported on the 7th), and a report recorded before the
    resolution (a "yes" given after it opens the flag again). A report or resolution whose
    time is not known counts as recorded in date order."""
    if resolution.flag != report.flag or not may_close(report.flag, resolution.outcome):
        return False
    if report.date > resolution.covers_until:
        return False
    if report.recorded_at and resolution.recorded_at:
        # At the very same moment, the order is not known: the flag stays open.
        return report.recorded_at < resolution.recorded_at
    return True


@dataclass(frozen=True)
class ActiveFlag:
    """A red flag reported on `since` (the first "yes" since it was last resolved), still open."""

    name: str
    since: date

    @property
    def symptom(self) -> str:
        return RED_FLAGS[self.name].symptom

    @property
    def tier(self) -> ClinicianLevel:
        return RED_FLAGS[self.name].tier

    @property
    def source(self) -> str:
        return RED_FLAGS[self.name].source


@dataclass(frozen=True)
class StretchDone:
    """One logged entry of a stretch, with the pain felt during it if given.

    `session` tells entries of different sessions on one day apart (any key, such as an id).
    """

    date: date
    slug: str
    name: str
    pain_during: int | None = None
    modifications: tuple[str, ...] = ()
    session: int = 0
    made_worse: bool = False

    def __post_init__(self) -> None:
        if self.pain_during is not None:
            _check_rating("pain_during", self.pain_during)
        object.__setattr__(self, "modifications", tuple(self.modifications))


@dataclass(frozen=True)
class Reason:
    """Why to rest: `code` is "worsening", "above_usual", "particularly_sore", "rising_week"
    or "painful_session"; `text` gives the numbers."""

    code: str
    text: str


@dataclass(frozen=True)
class StretchWarning:
    """A stretch that seemed to hurt: `text` says why, with its numbers, `short` the same in a
    few words, and `modifications` are its gentler ways to do it."""

    slug: str
    name: str
    text: str
    modifications: tuple[str, ...]
    short: str = ""


@dataclass(frozen=True)
class Advice:
    """What to do on one day; see `advice_for_days` for the rule."""

    date: date
    action: Action
    clinician: ClinicianLevel
    reasons: tuple[Reason, ...]
    notes: tuple[str, ...]
    stretch_warnings: tuple[StretchWarning, ...]
    red_flags: tuple[str, ...]
    soreness: int | None
    active_flags: tuple[ActiveFlag, ...] = ()
    not_settling: str = ""
    # The person said at sign-up they had surgery, an injury or a health problem, and has not
    # said a professional cleared them: the guides say to see one before starting.
    health_caution: bool = False

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
    def is_emergency(self) -> bool:
        return self.clinician == "emergency"

    @property
    def is_urgent(self) -> bool:
        return self.clinician == "urgent"

    @property
    def blocks_stretching(self) -> bool:
        """No stretching is offered, nor logged, while an emergency or urgent red flag is open."""
        return self.clinician in {"urgent", "emergency"}

    @property
    def clinician_first(self) -> bool:
        """See a clinician before stretching: a "soon" flag is open, or the person reported a
        health problem and has not been cleared. No routine is offered or started; a session
        done anyway can still be logged, after one question."""
        return self.clinician == "soon" or (self.health_caution and not self.blocks_stretching)

    @property
    def stretching_offered(self) -> bool:
        """Whether a page may offer a routine to start or log today."""
        return not self.blocks_stretching and not self.clinician_first

    @property
    def flags_since(self) -> Day | None:
        return min((flag.since for flag in self.active_flags), default=None)

    @property
    def headline(self) -> str:
        """One plain sentence; a clinician notice comes before any stretching advice."""
        if self.clinician == "emergency":
            return "Get emergency care now: don’t wait, and don’t stretch."
        if self.clinician == "urgent":
            return "See a doctor today about the symptoms you reported, and don’t stretch."
        if self.clinician == "soon":
            return (
                "See a doctor or physiotherapist first: book an appointment soon about the "
                "symptoms you reported, and hold off stretching until you have been seen."
            )
        if self.health_caution:
            return (
                "See a doctor or physiotherapist before you stretch: you told us about "
                "surgery, an injury or a health problem."
            )
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


def _number(value: Fraction) -> str:
    return str(int(value)) if value.denominator == 1 else f"{float(value):.1f}"


def clinician_level(red_flags: Iterable[str]) -> ClinicianLevel:
    """How soon to see a clinician, from the red flags open: the highest tier among them.

    "emergency" (now: bladder or bowel trouble, saddle numbness, numbness, weakness or pain in
    both legs, weakness getting worse; NHS "Back pain", Health New Zealand "Sciatica");
    "urgent" (today: weakness in one leg, fever with back pain; NHS "Back pain"); "soon"
    (numbness or pain down one leg; "8 Simple Stretches"); "" for none. Unknown names raise
    ValueError.
    """
    flags = frozenset(red_flags)
    _check_red_flags(flags)
    return max((RED_FLAGS[name].tier for name in flags), key=TIERS.index, default="")


def session_rest_reason(pains: Sequence[int | None]) -> str:
    """Why a session's pain makes the next day a rest day, or "" when it does not.

    The pain-monitoring model (Thomee 1997; Silbernagel et al. 2007): pain during exercise up
    to 5/10 is acceptable if it settles by the next morning. Above 5 in most of a session's
    stretches, or 8 or more in any one, is more than that model allows, so the next day rests.
    """
    rated = [pain for pain in pains if pain is not None]
    if not rated:
        return ""
    worst = max(rated)
    above = sum(pain > PAINFUL_DURING_ABOVE for pain in rated)
    if worst >= SEVERE_DURING_FROM:
        return f"the pain during a stretch reached {worst}/10 ({SEVERE_DURING_FROM} or more)"
    if 2 * above > len(pains):
        return (
            f"the pain was above {PAINFUL_DURING_ABOVE}/10 in {above} of its {len(pains)} stretches"
        )
    return ""


def active_flags_by_day(
    days: Iterable[date],
    checkins: Iterable[Checkin] = (),
    resolutions: Iterable[Resolution] = (),
    reports: Iterable[Report] = (),
) -> dict[date, tuple[ActiveFlag, ...]]:
    """The red flags open at the end of each of `days`, each since its earliest open report.

    A flag is open on a day when a report of it, for that day or before, has no resolution
    said by that day that applies to it (`resolution_applies`): whatever later check-ins say,
    whether there are any, and whatever happened to the check-in that reported it. Each
    check-in's red flags count as reports of its day, recorded when it was answered (the
    database also keeps them as reports, so an edit or a deletion changes nothing).
    """
    every = [
        *reports,
        *(
            Report(flag, checkin.date, checkin.answered_at)
            for checkin in checkins
            for flag in checkin.red_flags
        ),
    ]
    resolutions = list(resolutions)
    # Each report, and the first day a resolution that applies to it was said (or None): it is
    # open from its day until then.
    closed_on = {
        report: min(
            (said.date for said in resolutions if resolution_applies(said, report)), default=None
        )
        for report in every
    }
    result: dict[date, tuple[ActiveFlag, ...]] = {}
    for day in sorted(set(days)):
        since: dict[str, date] = {}
        for report, closed in closed_on.items():
            if report.date <= day and (closed is None or closed > day):
                since[report.flag] = min(since.get(report.flag, report.date), report.date)
        result[day] = tuple(ActiveFlag(name, since[name]) for name in RED_FLAGS if name in since)
    return result


def rest_day_advice(day: date, *inputs: Any, **named: Any) -> Advice:
    """The advice for one day: `advice_for_days` of `[day]`, given the same inputs."""
    return advice_for_days([day], *inputs, **named)[day]


def advice_for_days(
    days: Iterable[date],
    checkins: Iterable[Checkin],
    done: Iterable[StretchDone] = (),
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
    resolutions: Iterable[Resolution] = (),
    reports: Iterable[Report] = (),
    health_caution: bool = False,
) -> dict[date, Advice]:
    """Whether to rest or stretch on each of `days` (consecutive or not: a month calendar),
    and whether to see a clinician, indexing the inputs once.

    Encodes the main guide ("7 Lower Back Stretches for Pain Relief and Strengthening"):
    stretch once or twice a day, but take a day off when the discomfort seems to be getting
    worse or you feel particularly sore. "Getting worse" is read against the person's own
    levels, each a reason with its numbers:
    - worsening: the day's soreness is at least `thresholds.worsening` (2 points by default,
      the smallest meaningful change: Farrar et al. 2001; Ostelo et al. 2008) above the latest
      check-in in the 7 days before, or, after a longer gap, the last check-in before it;
    - above_usual: the day's soreness is that far above the person's usual level (the median
      of their check-ins in the 7 days before the rise, with at least 3 of them), and has stayed
      that far above it every check-in since the rise, so a spike followed by a plateau (2, 2,
      2, 8, 6, 6, 6) still reads as worse, for up to 14 days;
    - particularly_sore: the day's soreness is at least `thresholds.particularly_sore`;
    - rising_week: the mean of the last 7 days (with `day`) is 2 points or 30% above the mean
      of the 7 before; needs at least 3 check-ins in each week;
    - painful_session: a session the day before, or earlier the same day, was more painful than
      the pain-monitoring model allows (see `session_rest_reason`); this holds without a
      check-in, and a session logged today changes today's advice at once.
    Any reason means "rest", otherwise "stretch"; with no check-in on `day` and no session
    reason the action is "check_in". Nothing is guessed: a missing comparison is named in
    `notes`. Soreness above the usual level for a week, particularly sore days 3 in a row, or
    six weeks without improving (NHS "Back pain": see a GP if it is not getting better after a
    few weeks) add `not_settling`: see a clinician.

    The clinician level comes from every red flag still open on `day` (see
    `active_flags_by_day` and `clinician_level`), never from that day's answers alone, and is
    never downgraded by the stretching advice. `health_caution` (an uncleared "yes" to the
    guides' question about surgery, an injury or a health problem: see a doctor before starting)
    puts a clinician first too (`Advice.clinician_first`).

    Stretch warnings follow a physical therapist's advice to avoid any movement or stretch
    that worsens your pain: a stretch in the last 14 days rated above 5 for pain during it, or
    followed by a rise of 2 or more in soreness the next day, is flagged once, with its
    modifications. Check-ins are read from [day - 41, day] and, for a comparison across a gap,
    the last few before that (pass those from 41 days before the first day to the last day,
    with the last check-ins before that); the red flags from every report and resolution.
    """
    days = list(days)
    checkin_on: dict[date, Checkin] = {}
    for checkin in checkins:
        # Callers keep one check-in a date; should two arrive, the later one wins.
        checkin_on[checkin.date] = checkin
    done_on: dict[date, list[StretchDone]] = {}
    for entry in done:
        done_on.setdefault(entry.date, []).append(entry)
    flags = active_flags_by_day(days, checkin_on.values(), resolutions, reports)
    return {
        day: _advice(day, checkin_on, done_on, thresholds, flags.get(day, ()), health_caution)
        for day in days
    }


def _days_back(day: date, start: int, stop: int) -> list[date]:
    """The dates from `day - start` back to `day - (stop - 1)`, newest first."""
    return [day - timedelta(days=n) for n in range(start, stop)]


def _median(values: list[int]) -> Fraction:
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return Fraction(ordered[middle])
    return Fraction(ordered[middle - 1] + ordered[middle], 2)


def usual_level(day: date, checkin_on: Mapping[date, Checkin]) -> Fraction | None:
    """The person's usual soreness before `day`: the median of their check-ins in the 7 days
    before, or None with fewer than 3 of them."""
    values = [
        checkin_on[d].soreness for d in _days_back(day, 1, BASELINE_DAYS + 1) if d in checkin_on
    ]
    return _median(values) if len(values) >= MIN_BASELINE_CHECKINS else None


def _previous(day: date, checkin_on: Mapping[date, Checkin]) -> Checkin | None:
    """The latest check-in before `day`: in the 7 days before, or else the last one before
    the gap, however long ago (the last level the person had, rather than nothing)."""
    for d in _days_back(day, 1, PREVIOUS_CHECKIN_DAYS + 1):
        if d in checkin_on:
            return checkin_on[d]
    earlier = [d for d in checkin_on if d < day]
    return checkin_on[max(earlier)] if earlier else None


def _raised_spell(
    day: date, checkin_on: Mapping[date, Checkin], points: int
) -> tuple[date, Fraction] | None:
    """The start of the spell of check-ins, up to `day`, all at least `points` above the usual
    level before the spell began, with that level; the earliest such start in 14 days."""
    found: tuple[date, Fraction] | None = None
    checked = [d for d in _days_back(day, 0, SPELL_DAYS) if d in checkin_on]
    for start in checked:
        usual = usual_level(start, checkin_on)
        if usual is None:
            continue
        spell = [d for d in checked if d >= start]
        if all(checkin_on[d].soreness >= usual + points for d in spell):
            found = (start, usual)
    return found


def _advice(
    day: date,
    checkin_on: dict[date, Checkin],
    done_on: dict[date, list[StretchDone]],
    thresholds: Thresholds,
    flags: tuple[ActiveFlag, ...],
    health_caution: bool,
) -> Advice:
    warnings = _stretch_warnings(day, checkin_on, done_on)
    reasons: list[Reason] = []
    notes: list[str] = []
    not_settling = ""
    today = checkin_on.get(day)
    clinician = clinician_level(flag.name for flag in flags)

    if today is not None:
        previous = _previous(day, checkin_on)
        if previous is None:
            notes.append("There is no earlier check-in to compare with.")
        else:
            rise = today.soreness - previous.soreness
            gap = (day - previous.date).days
            after_gap = (
                f", your last check-in before a gap of {gap} days"
                if gap > PREVIOUS_CHECKIN_DAYS
                else ""
            )
            if rise >= thresholds.worsening:
                reasons.append(
                    Reason(
                        "worsening",
                        f"Your soreness is {today.soreness}, up {rise} from {previous.soreness} "
                        f"on {format_day(previous.date)}{after_gap} (a rise of "
                        f"{thresholds.worsening} or more counts).",
                    )
                )

        spell = _raised_spell(day, checkin_on, thresholds.worsening)
        if spell is None:
            usual = usual_level(day, checkin_on)
            if usual is None:
                notes.append(
                    f"Too few check-ins in the {BASELINE_DAYS} days before to know your usual "
                    f"level ({MIN_BASELINE_CHECKINS} are needed)."
                )
        else:
            start, usual = spell
            above = today.soreness - usual
            if start == day:
                text = (
                    f"Your soreness is {today.soreness}, {_number(above)} above your usual "
                    f"level of {_number(usual)} (the middle of your check-ins in the "
                    f"{BASELINE_DAYS} days before)."
                )
            else:
                text = (
                    f"Your soreness is {today.soreness}, {_number(above)} above your usual "
                    f"level of {_number(usual)}, and it has stayed up since "
                    f"{format_day(start)}."
                )
            reasons.append(Reason("above_usual", text))
            if (day - start).days + 1 >= NOT_SETTLING_DAYS:
                not_settling = (
                    f"Your soreness has stayed above your usual level of {_number(usual)} since "
                    f"{format_day(start)}. See a doctor or physiotherapist if it is not "
                    "settling."
                )

        sore = thresholds.particularly_sore
        if today.soreness >= sore:
            reasons.append(
                Reason(
                    "particularly_sore",
                    f"Your soreness is {today.soreness}, at or above {sore}, "
                    "which counts as particularly sore.",
                )
            )
            run = _days_back(day, 0, SORE_DAYS_IN_A_ROW)
            if all(d in checkin_on and checkin_on[d].soreness >= sore for d in run):
                not_settling = (
                    f"You have been particularly sore ({sore} or more) {SORE_DAYS_IN_A_ROW} "
                    "days in a row. See a doctor or physiotherapist if it is not settling."
                )

        recent = [checkin_on[d].soreness for d in _days_back(day, 0, WEEK_DAYS) if d in checkin_on]
        prior = [
            checkin_on[d].soreness
            for d in _days_back(day, WEEK_DAYS, 2 * WEEK_DAYS)
            if d in checkin_on
        ]
        if len(recent) < MIN_CHECKINS_PER_WEEK or len(prior) < MIN_CHECKINS_PER_WEEK:
            notes.append(
                f"Too few check-ins to compare the last {WEEK_DAYS} days with the {WEEK_DAYS} "
                f"before ({len(recent)} and {len(prior)}; {MIN_CHECKINS_PER_WEEK} in each are "
                "needed)."
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

    if today is not None:
        slow = _not_improving(day, checkin_on)
        if slow:
            not_settling = f"{not_settling} {slow}".strip()

    yesterday = day - timedelta(days=1)
    for on in (yesterday, day):
        why = _painful_session(done_on.get(on, ()))
        if why and on == yesterday:
            reasons.append(
                Reason(
                    "painful_session",
                    f"In your session on {format_day(yesterday)} {why}: pain during stretching "
                    f"up to {PAINFUL_DURING_ABOVE}/10 is fine only if it settles, so rest the "
                    "day after.",
                )
            )
        elif why:
            reasons.append(
                Reason(
                    "painful_session",
                    f"In your session today {why}: stop the stretches that hurt and rest for "
                    f"the rest of the day, as pain during stretching above "
                    f"{PAINFUL_DURING_ABOVE}/10 is more than settles by the next morning.",
                )
            )

    if today is None and not reasons:
        notes.append(f"There is no check-in for {format_day(day)}, so no advice yet.")
        action: Action = "check_in"
    elif today is None:
        notes.append(f"There is no check-in for {format_day(day)} yet.")
        action = "rest"
    else:
        action = "rest" if reasons else "stretch"

    return Advice(
        date=day,
        action=action,
        clinician=clinician,
        reasons=tuple(reasons),
        notes=tuple(notes),
        stretch_warnings=warnings,
        red_flags=tuple(flag.name for flag in flags),
        soreness=today.soreness if today is not None else None,
        active_flags=flags,
        not_settling=not_settling,
        health_caution=health_caution,
    )


def _painful_session(entries: Iterable[StretchDone]) -> str:
    """Why one of the sessions in `entries` (a day's) makes a rest, or ""."""
    sessions: dict[int, list[StretchDone]] = {}
    for entry in entries:
        sessions.setdefault(entry.session, []).append(entry)
    for done in sessions.values():
        why = session_rest_reason([entry.pain_during for entry in done])
        if why:
            return why
    return ""


def _not_improving(day: date, checkin_on: Mapping[date, Checkin]) -> str:
    """A GP's look, when soreness has not improved over the last six weeks: each week with a
    few check-ins, the first averaging at least 2/10, and no week since meaningfully below it
    (2 points or 30%, the same sizes of change as the rest of the rule). NHS "Back pain": see
    a GP if the pain does not start to improve within a few weeks."""
    means: list[Fraction] = []
    for week in range(SLOW_WEEKS - 1, -1, -1):
        ratings = [
            checkin_on[d].soreness
            for d in _days_back(day, WEEK_DAYS * week, WEEK_DAYS * (week + 1))
            if d in checkin_on
        ]
        if len(ratings) < MIN_CHECKINS_PER_SLOW_WEEK:
            return ""
        means.append(Fraction(sum(ratings), len(ratings)))
    first = means[0]
    if first < SLOW_FROM:
        return ""
    for mean in means[1:]:
        if first - mean >= RISING_WEEK_POINTS or (first - mean) / first >= RISING_WEEK_SHARE:
            return ""
    return (
        f"Your soreness has not improved in {SLOW_WEEKS} weeks (an average of "
        f"{float(first):.1f} in the first week of them, {float(means[-1]):.1f} in the last 7 "
        "days). See a GP: the NHS advises it when back pain is not getting better after a few "
        "weeks."
    )


# A new spell of back pain, when the screen is asked again: a gap of more than this many days
# without a check-in, or a meaningful rise after a settled spell.
NEW_EPISODE_GAP_DAYS = 14
SETTLED_DAYS = 7
MIN_SETTLED_CHECKINS = 4
SETTLED_WITHIN = 1


def screen_due(day: date, last_screened: date | None, checkins: Iterable[Checkin]) -> str:
    """Why to ask the NHS and NICE questions about signs of a serious cause on `day`, or "".

    NICE NG59 and CKS "Back pain – low" ask them when a person first presents with back pain
    and again when the picture changes; the app asks them at sign-up (never answered), then
    when a new spell seems to start since they were last answered: back after more than 14 days
    without a check-in, or the first rise of 2 points or more (the smallest meaningful change,
    Ostelo et al. 2008) after a settled week (4 or more check-ins within a point of each other).
    """
    if last_screened is None:
        return "You have not answered these yet."
    on = {checkin.date: checkin.soreness for checkin in checkins if checkin.date <= day}
    dates = sorted(on)
    # Each stretch without a check-in, up to today's (or today, when it has none yet).
    ends = [*dates[1:], day] if dates else []
    for before, after in zip(dates, ends, strict=True):
        gap = (after - before).days
        if gap > NEW_EPISODE_GAP_DAYS and after > last_screened:
            return f"You are back after {gap} days without a check-in."
    for d in dates:
        if d <= last_screened:
            continue
        week = [on[e] for e in _days_back(d, 1, SETTLED_DAYS + 1) if e in on]
        settled = len(week) >= MIN_SETTLED_CHECKINS and max(week) - min(week) <= SETTLED_WITHIN
        if settled and on[d] - max(week) >= NEXT_DAY_RISE:
            return (
                f"Your soreness rose to {on[d]} on {format_day(d)}, from a settled "
                f"{min(week)} to {max(week)} the week before."
            )
    return ""


def _join(items: list[str]) -> str:
    if len(items) < 2:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def soreness_rose_after(day: date, checkins: Iterable[Checkin]) -> tuple[int, int] | None:
    """(the day before's soreness, `day`'s) when it rose by 2 or more overnight, else None.

    After such a rise the app asks which stretch of the day before, if any, felt like it made
    things worse, rather than guessing: every stretch of a session shares the same next day.
    """
    on = {c.date: c.soreness for c in checkins}
    before, after = on.get(day - timedelta(days=1)), on.get(day)
    if before is None or after is None or after - before < NEXT_DAY_RISE:
        return None
    return before, after


def _stretch_warnings(
    day: date,
    checkin_on: dict[date, Checkin],
    done_on: dict[date, list[StretchDone]],
) -> tuple[StretchWarning, ...]:
    """Stretches to change or skip, from the last 14 days, each with its evidence.

    - pain during it above 5/10 (the pain-monitoring model: stop it that day and try a gentler
      version);
    - the person said it made things worse (asked after a next-day rise of 2 or more);
    - inferred only when the days separate the stretches: soreness rose by 2 or more the day
      after at least 2 session days with it, never after a session day without it, and there
      was at least one such day without it. A rise after the whole routine says nothing about
      which stretch, so it flags none.
    """
    latest: dict[str, StretchDone] = {}
    painful: dict[str, dict[date, int]] = {}
    said_worse: dict[str, set[date]] = {}
    rose_with: dict[str, dict[date, tuple[int, int]]] = {}
    rises_without: set[str] = set()
    quiet_without: set[str] = set()
    session_days: list[tuple[date, set[str], tuple[int, int] | None]] = []
    for d in reversed(_days_back(day, 0, WARNING_DAYS)):
        entries = done_on.get(d, ())
        for entry in entries:
            # Oldest first, so the newest entry's name and modifications are the ones shown.
            latest[entry.slug] = entry
            if entry.pain_during is not None and entry.pain_during > PAINFUL_DURING_ABOVE:
                worst = painful.setdefault(entry.slug, {})
                worst[d] = max(worst.get(d, 0), entry.pain_during)
            if entry.made_worse:
                said_worse.setdefault(entry.slug, set()).add(d)
        # Only up to `day`: the day after `day` is the future as far as this advice goes.
        before = checkin_on.get(d)
        after = checkin_on.get(d + timedelta(days=1)) if d < day else None
        if entries and before is not None and after is not None:
            rise = after.soreness - before.soreness
            pair = (before.soreness, after.soreness) if rise >= NEXT_DAY_RISE else None
            session_days.append((d, {entry.slug for entry in entries}, pair))
    for d, slugs, pair in session_days:
        for slug in latest:
            if slug in slugs and pair:
                rose_with.setdefault(slug, {})[d] = pair
            elif slug not in slugs and pair:
                rises_without.add(slug)
            elif slug not in slugs:
                quiet_without.add(slug)
    inferred = {
        slug
        for slug, rises in rose_with.items()
        if len(rises) >= 2 and slug not in rises_without and slug in quiet_without
    }

    warnings: list[StretchWarning] = []
    for slug in painful.keys() | said_worse.keys() | inferred:
        facts: list[str] = []
        short: list[str] = []
        if slug in painful:
            ratings = [f"{pain} on {format_day(d)}" for d, pain in sorted(painful[slug].items())]
            facts.append(f"you rated the pain during it {_join(ratings)}")
            short.append(f"pain {max(painful[slug].values())}/10")
        if slug in said_worse:
            days = [format_day(d) for d in sorted(said_worse[slug])]
            facts.append(f"you said it made things worse after {_join(days)}")
            short.append("you said it made things worse")
        if slug in inferred:
            rises = [
                f"{format_day(d)} ({before} to {after})"
                for d, (before, after) in sorted(rose_with[slug].items())
            ]
            facts.append(
                f"your soreness rose the day after you did it on {_join(rises)}, and not after "
                "days without it"
            )
            short.append(f"soreness rose after it {len(rises)} times")
        text = f"{', and '.join(facts)}, so skip it for now or try a gentler version."
        entry = latest[slug]
        warnings.append(
            StretchWarning(
                slug=slug,
                name=entry.name,
                text=text[0].upper() + text[1:],
                modifications=entry.modifications,
                short="; ".join(short),
            )
        )
    warnings.sort(key=lambda warning: (warning.name.casefold(), warning.slug))
    return tuple(warnings)
