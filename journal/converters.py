import datetime as dt


class IsoDateConverter:
    """A day in a URL, as 2026-11-22; an impossible date such as 2026-02-30 is a 404."""

    regex = r"\d{4}-\d{2}-\d{2}"

    def to_python(self, value: str) -> dt.date:
        return dt.date.fromisoformat(value)

    def to_url(self, value: dt.date) -> str:
        return value.isoformat()
