"""The app's middleware: every account's profile, who a page was made for, and what a person
sees when the database cannot take a write (a full or read-only disk)."""

import logging
from collections.abc import Callable

from django.db import InternalError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django_htmx.http import reswap, retarget

from journal import records
from journal.offline import PERSON_HEADER, person_tag

logger = logging.getLogger("django.request")

# What the database raises when it cannot write: SQLite's "database or disk is full",
# "attempt to write a readonly database" and "disk I/O error" are OperationalErrors, as is
# PostgreSQL's disk full; PostgreSQL's read-only transaction is an InternalError.
COULD_NOT_WRITE = (OperationalError, InternalError)
NOT_KEPT = {"csrfmiddlewaretoken"}


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


class CouldNotSaveMiddleware:
    """A form sent while the database could not write gets a page that says nothing was saved,
    shows what the person typed, and sends it again with one button: never a bare 500 that
    loses it. The error is still logged for the operators, and /health/ fails meanwhile."""

    def __init__(self, get_response: Callable) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if request.method != "POST" or not isinstance(exception, COULD_NOT_WRITE):
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
