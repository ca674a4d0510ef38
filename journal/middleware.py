"""The app's middleware: every account's profile, who a page was made for, and what a person
sees when the database refuses a write (a full or read-only disk)."""

import logging
import sqlite3
from collections.abc import Callable

from django.conf import settings
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django_htmx.http import reswap, retarget

from journal import records
from journal.offline import PERSON_HEADER, person_tag

logger = logging.getLogger("django.request")

# A refused write comes as one of Django's database errors (an OperationalError for all of
# SQLite's and PostgreSQL's disk full, an InternalError for PostgreSQL's read-only transaction),
# but so do faults that trying again will not mend: a missing table, a typo in SQL, a server
# that is down. What the driver said tells them apart (`refused_write()`).

# SQLite's primary result codes for a write it refused (https://sqlite.org/rescode.html):
# the disk is full, the file is read-only, a disk I/O error, and a lock still held when the
# busy timeout ran out.
REFUSED_SQLITE_CODES = {
    sqlite3.SQLITE_FULL,
    sqlite3.SQLITE_READONLY,
    sqlite3.SQLITE_IOERR,
    sqlite3.SQLITE_BUSY,
    sqlite3.SQLITE_LOCKED,
}
# The same errors by their messages, for an error that reaches us without the driver's own
# (https://sqlite.org/c3ref/errcode.html, sqlite3_errstr()).
REFUSED_SQLITE_MESSAGES = (
    "database or disk is full",
    "attempt to write a readonly database",
    "disk I/O error",
    "database is locked",
    "database table is locked",
)
# PostgreSQL's SQLSTATEs for the same, from its "Error codes" appendix
# (https://www.postgresql.org/docs/current/errcodes-appendix.html): disk full, a read-only
# transaction (a hot standby, default_transaction_read_only), an I/O error, a lock not obtained
# in time, and the two that ask the client to try again (a deadlock, a serialisation failure).
REFUSED_SQLSTATES = {"53100", "25006", "58030", "55P03", "40P01", "40001"}
NOT_KEPT = {"csrfmiddlewaretoken"}


class CsrfCookieWhenNewMiddleware:
    """Sends the CSRF cookie only when its value is new. Django sends it again with every page
    that holds a form token, to renew its expiry; but a page fetched in the background while
    the person signs in or up (the service worker keeping the library for offline use) then
    answers with the token from before, setting it back after the sign-in set a new one, and
    the next form the person sends is refused ("CSRF token incorrect", a 403). Listed before
    Django's CsrfViewMiddleware, so it sees the cookie that one sets."""

    def __init__(self, get_response: Callable) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        name = settings.CSRF_COOKIE_NAME
        sent = response.cookies.get(name)
        if sent is not None and sent.value and sent.value == request.COOKIES.get(name):
            del response.cookies[name]
        return response


class ProfileMiddleware:
    """Every signed-in person has a profile (their time zone, their answers) by the time a view
    runs, however their account was made: one made by sign-up has it already; one made from a
    shell, the admin, `createsuperuser` or single sign-on gets it, with the defaults, on its
    first request, and today's page then asks its first-use questions."""

    def __init__(self, get_response: Callable) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            records.profiles.ensure(request.user)
        return self.get_response(request)


class PersonTagMiddleware:
    """Names the person a page was made for, for the service worker (journal/offline.py)."""

    def __init__(self, get_response: Callable) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            response.headers[PERSON_HEADER] = person_tag(user)
        return response


def refused_write(error: Exception) -> bool:
    """Whether a database error says the database refused to write (full, read-only, I/O,
    a lock that timed out), rather than that something is wrong with the site itself.

    Django raises its own error "from" the driver's: psycopg's carries the SQLSTATE
    (`error.sqlstate`), Python's sqlite3 the result code (`sqlite_errorcode`, extended codes
    included, hence the mask to the primary code)."""
    cause = error.__cause__
    sqlstate = getattr(cause, "sqlstate", None)
    if sqlstate is not None:
        return sqlstate in REFUSED_SQLSTATES
    code = getattr(cause, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in REFUSED_SQLITE_CODES
    return str(error).startswith(REFUSED_SQLITE_MESSAGES)


class CouldNotSaveMiddleware:
    """A form sent while the database refused to write gets a page that says nothing was saved,
    shows what the person typed, and sends it again with one button: never a bare 500 that
    loses it. The error is still logged for the operators, and /health/ fails meanwhile.

    Any other database error (a table missing because the migrations were not run, say) is a
    fault of the site that trying again will not mend: it stays a server error, logged with a
    line naming it."""

    def __init__(self, get_response: Callable) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, DatabaseError):
            return None
        if not refused_write(exception):
            # Django's own log line for the 500 follows, with the traceback.
            logger.error(
                "Database error that is not a refused write, on %s: %s: %s",
                request.path,
                type(exception).__name__,
                exception,
            )
            return None
        if request.method != "POST":
            return None
        logger.error("Could not save %s: %s", request.path, exception, exc_info=exception)
        typed = [
            (name, value)
            for name, values in request.POST.lists()
            if name not in NOT_KEPT
            for value in values
        ]
        context = {
            "action": request.get_full_path(),
            "typed": typed,
            "shown": [(label(name), value) for name, value in typed if value.strip()],
            "had_file": bool(request.FILES),
        }
        if getattr(request, "htmx", False):
            # htmx swaps only successful answers: the page replaces the whole body instead.
            response = render(request, "could_not_save.html", context)
            return reswap(retarget(response, "body"), "innerHTML")
        return render(request, "could_not_save.html", context, status=503)


def label(name: str) -> str:
    """A field's name as a heading: "pain_down_legs" as "Pain down legs"."""
    return name.replace("_", " ").replace("-", " ").capitalize()
