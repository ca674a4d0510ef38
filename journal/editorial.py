"""The library's editorial workflow: drafts, previews, publishing, and the history of what was
published, with a one-step way back.

- **Drafts.** A stretch people can see is never changed by saving it in the admin: the edited
  content is kept as its `StretchDraft` (the content below, as JSON) until staff publish or
  discard it. Staff preview a draft on the public page's own template (`show`). A stretch added
  in the admin is saved unpublished (`Stretch.published`), seen only by staff until published.
- **History.** Each publication is a django-reversion revision: the stretch's row (every column,
  its target areas with it) and its steps, with who published it and when. The first time a
  stretch that was already public is published, its content as it was is recorded first, so
  the first change can be undone too.
- **Undo.** `restore` brings back one revision's rows, steps included, and records the result as
  a new revision: the history only grows.

What a draft holds is `content_of`: the columns named in CONTENT_FIELDS, the steps' texts in
order and the target areas' ids. To put another column of the stretch into drafts, previews and
the differences the history shows, add its name to CONTENT_FIELDS; django-reversion already keeps
and restores every column.

We use django-reversion rather than django-simple-history: a stretch's content spans three
tables (the stretch, its steps, its target areas) and one revision holds them together, so a
restore brings back the steps that were removed and removes the ones that were added; its
versions are serialised rows, so a new column needs no history table or migration of its own.
"""

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

import reversion
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.urls import reverse
from django.utils import timezone
from reversion.errors import RevertError
from reversion.models import Version

from journal.models import Picture, Step, Stretch, StretchDraft, TargetArea

# A version of a stretch holds its steps too (registered once, when the app is ready).
reversion.register(Stretch, follow=["steps"])
reversion.register(Step)

# The stretch's own columns that an editor changes. History keeps every column regardless.
CONTENT_FIELDS = (
    "name",
    "slug",
    "summary",
    "kind",
    "plane",
    "starting_position",
    "hold_seconds_min",
    "hold_seconds_max",
    "reps_min",
    "reps_max",
    "sets",
    "each_side",
    "props",
    "modifications",
    "cautions",
    "source",
    "figure",
    "picture",
    "picture_alt",
    "picture_author",
    "picture_licence",
    "picture_source",
)
Content = dict[str, object]


class CannotPublish(Exception):
    """Publishing or restoring was refused; the message says why, for the editor."""


def _attname(name: str) -> str:
    return Stretch._meta.get_field(name).attname


def content_of(stretch: Stretch, *, target_areas=None, steps: list[str] | None = None) -> Content:
    """A stretch's content as a draft holds it. `target_areas` and `steps` default to what the
    stretch has (in the database, or as `show` set them)."""
    content: Content = {name: getattr(stretch, _attname(name)) for name in CONTENT_FIELDS}
    areas = stretch.target_areas.all() if target_areas is None else target_areas
    content["target_areas"] = sorted(area.pk for area in areas)
    if steps is None:
        steps = [step.text for step in sorted(stretch.steps.all(), key=lambda s: s.number)]
    content["steps"] = list(steps)
    # JSON's view of the values (a figure's tuples become lists), so drafts compare as stored.
    return json.loads(json.dumps(content))


def _as_fetched(model: type[models.Model], objects: list) -> models.QuerySet:
    """A queryset that holds `objects` as if it had fetched them."""
    queryset = model.objects.none()
    queryset._result_cache = list(objects)
    queryset._prefetch_done = True
    return queryset


def show(stretch: Stretch, content: Content) -> Stretch:
    """`stretch`, in memory only, with `content`: what its page would show were it published.

    Its steps and target areas go where `prefetch_related` puts them, so `stretch.steps.all`
    and `stretch.target_areas.all` in templates and forms give the draft's. A new query from
    them (`.filter()`, `.order_by()`) finds nothing rather than the published rows. Nothing is
    saved.
    """
    for name in CONTENT_FIELDS:
        if name in content:
            setattr(stretch, _attname(name), content[name])
    if content.get("picture") and not Picture.objects.filter(pk=content["picture"]).exists():
        stretch.picture_id = None  # never the case: pictures are never deleted
    steps = [
        Step(stretch=stretch, number=number, text=text)
        for number, text in enumerate(content.get("steps", []), start=1)
    ]
    areas = TargetArea.objects.filter(pk__in=content.get("target_areas", []))
    stretch._prefetched_objects_cache = {
        **getattr(stretch, "_prefetched_objects_cache", {}),
        "steps": _as_fetched(Step, steps),
        "target_areas": _as_fetched(TargetArea, list(areas)),
    }
    return stretch


def draft_of(stretch: Stretch) -> StretchDraft | None:
    return StretchDraft.objects.filter(stretch=stretch).select_related("saved_by").first()


def show_draft(stretch: Stretch) -> StretchDraft | None:
    """Show `stretch` with its draft, if it has one; the draft, or None."""
    draft = draft_of(stretch)
    if draft is not None:
        show(stretch, draft.content)
    return draft


def published_content(stretch: Stretch) -> Content:
    """What people see of `stretch` now, read afresh from the database."""
    fresh = Stretch.objects.prefetch_related("steps", "target_areas").get(pk=stretch.pk)
    return content_of(fresh)


def save_draft(stretch: Stretch, content: Content, user: User | None) -> StretchDraft | None:
    """Keep `content` as the draft of the published `stretch`. A draft that is the same as the
    published content is no draft: it is removed, and None returned."""
    if content == published_content(stretch):
        StretchDraft.objects.filter(stretch=stretch).delete()
        return None
    draft, _ = StretchDraft.objects.update_or_create(
        stretch=stretch,
        defaults={"content": content, "saved_by": user, "saved": timezone.now()},
    )
    return draft


def discard_draft(stretch: Stretch) -> bool:
    deleted, _ = StretchDraft.objects.filter(stretch=stretch).delete()
    return deleted > 0


def write_steps(stretch: Stretch, texts: list[str]) -> None:
    """Replace the stretch's steps with `texts`, numbered from 1.

    New rows each time: a restore then deletes the later rows and brings back the earlier ones
    by their ids, never swapping numbers between two rows (which the unique number refuses).
    """
    Step.objects.filter(stretch=stretch).delete()
    Step.objects.bulk_create(
        Step(stretch=stretch, number=number, text=text)
        for number, text in enumerate(texts, start=1)
    )


def _write(stretch: Stretch, content: Content) -> None:
    show(stretch, content)
    try:
        # The draft was checked when it was saved; the library may have changed since (another
        # stretch took its slug, say).
        stretch.full_clean()
    except ValidationError as error:
        raise CannotPublish(" ".join(error.messages)) from error
    stretch._prefetched_objects_cache = {}
    stretch.save()
    stretch.target_areas.set(TargetArea.objects.filter(pk__in=content["target_areas"]))
    write_steps(stretch, content["steps"])


def _record(stretch: Stretch, user: User | None, comment: str) -> None:
    """Record the stretch as it is in the database as a new version, with its steps."""
    with reversion.create_revision(manage_manually=True):
        reversion.add_to_revision(Stretch.objects.get(pk=stretch.pk))
        reversion.set_user(user)
        reversion.set_comment(comment)


def has_history(stretch: Stretch) -> bool:
    return Version.objects.get_for_object(stretch).exists()


@transaction.atomic
def publish(stretch: Stretch, user: User | None) -> None:
    """Make the draft (or the new stretch) what people see, and record it in the history."""
    stretch = Stretch.objects.select_for_update().get(pk=stretch.pk)
    draft = StretchDraft.objects.filter(stretch=stretch).first()
    if stretch.published and draft is None:
        raise CannotPublish("There is no draft to publish: people already see this version.")
    first = not stretch.published
    if stretch.published and not has_history(stretch):
        _record(stretch, None, "As it was before changes were published here")
    if draft is not None:
        _write(stretch, draft.content)
        draft.delete()
    if first:
        stretch.published = True
        stretch.save(update_fields=["published"])
    _record(stretch, user, "First published" if first else "Published")


@transaction.atomic
def restore(stretch: Stretch, version: Version, user: User | None) -> None:
    """Bring back the content `version` recorded, and record that as the newest version.
    A draft, if any, is kept as it is."""
    when = timezone.localtime(version.revision.date_created)
    try:
        with transaction.atomic():
            version.revision.revert(delete=True)
    except (RevertError, IntegrityError) as error:
        raise CannotPublish(
            "That version could not be brought back: another stretch now uses its name or "
            "address, or one of its target areas was deleted."
        ) from error
    _record(stretch, user, f"Brought back the version of {when:%-d %B %Y, %H:%M}")


def version_of(stretch: Stretch, version_id: int) -> Version | None:
    """One of the stretch's versions, or None (another stretch's version is None too)."""
    return (
        Version.objects.get_for_object(stretch)
        .select_related("revision")
        .filter(pk=version_id)
        .first()
    )


# Differences, field by field, for the history page and the draft's summary.


@dataclass(frozen=True)
class Part:
    text: str
    changed: bool


@dataclass(frozen=True)
class Change:
    """One field's old and new value, as text (or a picture's card address, for `picture`)."""

    label: str
    old: str
    new: str
    is_picture: bool = False
    parts: tuple[tuple[Part, ...], tuple[Part, ...]] = field(default=((), ()))

    @property
    def old_parts(self) -> tuple[Part, ...]:
        return self.parts[0]

    @property
    def new_parts(self) -> tuple[Part, ...]:
        return self.parts[1]


def word_diff(old: str, new: str) -> tuple[tuple[Part, ...], tuple[Part, ...]]:
    """`old` and `new` cut into runs of words, each marked changed or not, so a page can strike
    out what went and underline what came (difflib's matching over words and spaces)."""
    a, b = re.findall(r"\S+|\s+", old), re.findall(r"\S+|\s+", new)
    old_parts: list[Part] = []
    new_parts: list[Part] = []

    def add(parts: list[Part], words: list[str], changed: bool) -> None:
        text = "".join(words)
        if not text:
            return
        if parts and parts[-1].changed == changed:
            parts[-1] = Part(parts[-1].text + text, changed)
        else:
            parts.append(Part(text, changed))

    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        add(old_parts, a[i1:i2], tag != "equal")
        add(new_parts, b[j1:j2], tag != "equal")
    return tuple(old_parts), tuple(new_parts)


def _shown(name: str, value: object, area_names: dict[int, str]) -> str:
    if name == "target_areas":
        return ", ".join(sorted(area_names.get(pk, "(a deleted area)") for pk in value or []))
    model_field = Stretch._meta.get_field(name)
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, dict | list):
        return json.dumps(value, sort_keys=True, ensure_ascii=False)
    return str(value)


def _label(name: str) -> str:
    label = str(Stretch._meta.get_field(name).verbose_name)
    return label[:1].upper() + label[1:]


def changes(old: Content | None, new: Content) -> list[Change]:
    """What differs from `old` to `new`, field by field in the form's order, then each step."""
    if old is None:
        return []
    area_ids = set(old.get("target_areas", [])) | set(new.get("target_areas", []))
    area_names = dict(TargetArea.objects.filter(pk__in=area_ids).values_list("pk", "name"))
    found: list[Change] = []
    for name in [*CONTENT_FIELDS, "target_areas"]:
        if old.get(name) == new.get(name):
            continue
        if name == "picture":
            ids = [old.get(name), new.get(name)]
            cards = dict(Picture.objects.filter(pk__in=ids).values_list("pk", "card"))
            found.append(
                Change(
                    "Picture",
                    _picture_url(cards.get(old.get(name))),
                    _picture_url(cards.get(new.get(name))),
                    is_picture=True,
                )
            )
            continue
        label = "Target areas" if name == "target_areas" else _label(name)
        before = _shown(name, old.get(name), area_names)
        after = _shown(name, new.get(name), area_names)
        found.append(Change(label, before, after, parts=word_diff(before, after)))
    old_steps, new_steps = old.get("steps", []), new.get("steps", [])
    for number in range(1, max(len(old_steps), len(new_steps)) + 1):
        before = old_steps[number - 1] if number <= len(old_steps) else ""
        after = new_steps[number - 1] if number <= len(new_steps) else ""
        if before != after:
            found.append(Change(f"Step {number}", before, after, parts=word_diff(before, after)))
    return found


def _picture_url(card_name: str | None) -> str:
    return reverse("media_file", args=[card_name]) if card_name else ""


@dataclass(frozen=True)
class PublishedVersion:
    """One entry of a stretch's history: a version people saw, and what it changed."""

    id: int
    when: dt.datetime
    who: str
    comment: str
    changes: list[Change]
    current: bool


def _version_content(version: Version, steps: list[Version]) -> Content:
    fields = version.field_dict
    content: Content = {name: fields.get(_attname(name)) for name in CONTENT_FIELDS}
    content["target_areas"] = sorted(fields.get("target_areas", []))
    step_fields = sorted((step.field_dict for step in steps), key=lambda f: f["number"])
    content["steps"] = [f["text"] for f in step_fields]
    return json.loads(json.dumps(content, default=str))


def _who(user: User | None) -> str:
    """Who published a version: "" for the content as it was before the history began (and for
    an account deleted since)."""
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def history(stretch: Stretch) -> list[PublishedVersion]:
    """The stretch's published versions, newest first, each with what it changed."""
    versions = list(
        Version.objects.get_for_object(stretch)
        .select_related("revision__user")
        .order_by("revision__date_created", "pk")
    )
    revisions = [version.revision_id for version in versions]
    steps: dict[int, list[Version]] = {revision: [] for revision in revisions}
    for step in Version.objects.get_for_model(Step).filter(revision_id__in=revisions):
        steps[step.revision_id].append(step)
    entries: list[PublishedVersion] = []
    previous: Content | None = None
    for number, version in enumerate(versions, start=1):
        content = _version_content(version, steps[version.revision_id])
        entries.append(
            PublishedVersion(
                id=version.pk,
                when=version.revision.date_created,
                who=_who(version.revision.user),
                comment=version.revision.comment,
                changes=changes(previous, content),
                current=number == len(versions),
            )
        )
        previous = content
    return entries[::-1]


def draft_changes(stretch: Stretch, draft: StretchDraft) -> list[Change]:
    """What publishing the draft would change on the public page."""
    return changes(published_content(stretch), draft.content)
