"""Each record of a person's journal has one home here: the functions that write it, and its one
shape as JSON with the one reader of that shape.

A journal is a person's profile, their check-ins, their sessions with the stretches done in
them, and what they said of their red flags. Every write to one of those goes through a
function of this package (`@journal_write`), which renews the journal's stamp in the same
transaction, so that nothing cached under the old stamp (the trends page's charts, the day's
advice) is served for a journal that has changed. The pages, offline sync, the import and the
demo command all write through these functions; tests/conftest.py fails a test in which a
journal table is written from anywhere else in the app.

Each record's `shape()` is the JSON the export, offline sync and anything that comes next
(an API, FHIR) give for it, and its `read()` turns that shape back into an unsaved record,
checking it as the database would, for the import. docs/architecture.md lists every place a
new record touches.
"""

from journal.records import activities, checkins, flags, imports, profiles, sessions, shares
from journal.records.stamp import JOURNAL_MODELS

__all__ = [
    "JOURNAL_MODELS",
    "activities",
    "checkins",
    "flags",
    "imports",
    "profiles",
    "sessions",
    "shares",
]
