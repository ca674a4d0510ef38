"""A minimal answer for load balancers and uptime checks, and the benchmark's floor."""

from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@require_GET
@never_cache
def ping(request: HttpRequest) -> HttpResponse:
    """ "ok" without touching the database: the cost of the framework alone."""
    return HttpResponse("ok", content_type="text/plain")
