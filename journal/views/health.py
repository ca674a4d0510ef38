"""Answers for load balancers, uptime checks and the benchmark."""

import logging

from django.contrib.auth.decorators import login_required
from django.db import DatabaseError, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from journal.models import WriteCheck

logger = logging.getLogger("django.request")


@require_GET
@never_cache
def ping(request: HttpRequest) -> HttpResponse:
    """ "ok" without touching the database: the cost of the framework alone."""
    return HttpResponse("ok", content_type="text/plain")


@login_required
@never_cache
@require_GET
def signed_in_floor(request: HttpRequest) -> HttpResponse:
    """The base layout for a signed-in person and nothing else: the session, the user and the
    template, so the benchmark can say what a journal page costs beyond that."""
    return render(request, "base.html")


@require_GET
@never_cache
def health(request: HttpRequest) -> HttpResponse:
    """ "ok" once a row has been written to the database and committed; 503 with the reason
    when it cannot be (a full or read-only disk, a database that is down). The one check to
    point a load balancer or an uptime monitor at."""
    try:
        with transaction.atomic():
            WriteCheck.objects.update_or_create(pk=1, defaults={"checked": timezone.now()})
    except DatabaseError as error:
        logger.error("Health check: the database cannot be written: %s", error)
        return HttpResponse("the database cannot be written", status=503, content_type="text/plain")
    return HttpResponse("ok", content_type="text/plain")
