"""A minimal answer for load balancers and uptime checks, and the benchmark's floor."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


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
