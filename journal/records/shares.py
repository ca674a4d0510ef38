"""The links that show a person's report to their clinician, and each opening of one."""

import datetime as dt
import secrets

from django.contrib.auth.models import User
from django.utils import timezone

from journal.models import ReportShare, ShareOpening, secret_hash
from journal.records import shapes
from journal.records.stamp import journal_write

FIELDS = ["start", "end", "label"]
OPENING_FIELDS = ["network", "browser", "page"]


@journal_write
def create(
    user: User, start: dt.date, end: dt.date, days: int, label: str = ""
) -> tuple[ReportShare, str]:
    """A new link to the report of `start` to `end`, open for `days` days, and its secret.

    The secret (256 random bits) is returned once, to be shown to the person; only its hash is
    kept, so nobody with a copy of the database can open the link."""
    secret = secrets.token_urlsafe(32)
    made = timezone.now()
    share = ReportShare.objects.create(
        user=user,
        token_hash=secret_hash(secret),
        start=start,
        end=end,
        label=label,
        created=made,
        expires=made + dt.timedelta(days=days),
    )
    return share, secret


@journal_write
def revoke(user: User, share: ReportShare) -> None:
    """The link stops working now; it stays listed, with its openings."""
    assert share.user_id == user.pk
    if share.revoked is None:
        share.revoked = timezone.now()
        share.save(update_fields=["revoked"])


def record_opening(share: ReportShare, network: str, browser: str, page: str) -> ShareOpening:
    """Note that someone opened the link. Not a `journal_write`: an opening changes nothing
    the journal's stamp keys (the charts, the advice), and renewing it on every opening would
    throw away the person's cached pages each time their clinician looks."""
    return ShareOpening.objects.create(
        share=share, network=network[:50], browser=browser[:60], page=page
    )


def shape(share: ReportShare) -> dict:
    """The link's settings and openings as JSON: never its secret, nor the secret's hash."""
    return {
        "start": shapes.day_text(share.start),
        "end": shapes.day_text(share.end),
        "label": share.label,
        "created": shapes.moment_text(share.created),
        "expires": shapes.moment_text(share.expires),
        "revoked": shapes.moment_text(share.revoked),
        "openings": [
            {
                "opened": shapes.moment_text(o.opened),
                **{name: getattr(o, name) for name in OPENING_FIELDS},
            }
            for o in share.openings.all()
        ],
    }


class ShareShape(shapes.ShapeForm):
    class Meta:
        model = ReportShare
        fields = FIELDS

    def clean(self) -> dict:
        cleaned = super().clean() or {}
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", "The end date comes before the start date.")
        return cleaned


OpeningShape = shapes.shape_form(ShareOpening, OPENING_FIELDS)


def read(
    row: object, *, today: dt.date, label: str, errors: list[str]
) -> tuple[ReportShare, list[ShareOpening]] | None:
    """An unsaved link (with no secret: its link stays with the account it was made in) and
    its openings, or None with what is wrong added to `errors`."""
    keys = [*FIELDS, "created", "expires", "revoked", "openings"]
    if not shapes.is_object(row, label, errors, keys):
        return None
    assert isinstance(row, dict)
    data = shapes.form_data(row, ShareShape, label, errors)
    created = shapes.read_moment(row, "created", label, errors)
    expires = shapes.read_moment(row, "expires", label, errors) if "expires" in row else None
    if "expires" not in row:
        errors.append(f"{label}, “expires”: every link has the moment it expires.")
    revoked = shapes.read_moment(row, "revoked", label, errors) if row.get("revoked") else None
    opening_rows = row.get("openings", [])
    if not isinstance(opening_rows, list):
        errors.append(
            f"{label}, “openings”: should be a list, not {shapes.json_kind(opening_rows)}."
        )
        return None
    openings = [
        opening
        for n, item in enumerate(opening_rows, start=1)
        if (opening := _read_opening(item, today, f"{label}, opening {n}", errors))
    ]
    if data is None or created is None or expires is None:
        return None
    form = ShareShape(data=data, today=today)
    if not shapes.form_errors(form, label, errors) or len(openings) < len(opening_rows):
        return None
    share: ReportShare = form.save(commit=False)
    if expires <= created:
        errors.append(f"{label}, “expires”: a link expires after it is made.")
        return None
    share.created, share.expires, share.revoked = created, expires, revoked
    return share, openings


def _read_opening(item: object, today: dt.date, label: str, errors: list) -> ShareOpening | None:
    read = shapes.read_record(OpeningShape, item, today, label, errors, moments=("opened",))
    return read[0] if read else None
