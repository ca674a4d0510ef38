import datetime as dt

from journal.models import EARLIEST_DATE


class IsoDateConverter:
    """A day in a URL, as 2026-11-22. An impossible date (2026-02-30) or one before the journal's
    first day (0001-01-01) is a 404; the views answer a day still to come with a 404 too."""

    regex = r"\d{4}-\d{2}-\d{2}"

    def to_python(self, value: str) -> dt.date:
        day = dt.date.fromisoformat(value)
        if day < EARLIEST_DATE:
            raise ValueError("before the journal's first day")
        return day

    def to_url(self, value: dt.date) -> str:
        return value.isoformat()
