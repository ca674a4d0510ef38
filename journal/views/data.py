"""A person's data in their own hands: downloads and the import of a download."""

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from journal import fhir, queries, transfer
from journal.forms import ImportForm, too_big_to_import
from journal.view_helpers import journal_view


def download_name(extension: str) -> str:
    return f"stretchlog-{timezone.localdate().isoformat()}.{extension}"


@journal_view
@require_GET
def export_json(request: HttpRequest) -> HttpResponse:
    response = JsonResponse(transfer.export_document(request.user), json_dumps_params={"indent": 1})
    response["Content-Disposition"] = f'attachment; filename="{download_name("json")}"'
    return response


@journal_view
@require_GET
def export_csv(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(transfer.csv_zip(request.user), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{download_name("zip")}"'
    return response


@journal_view
@require_GET
def export_fhir(request: HttpRequest) -> HttpResponse:
    """The whole history as a FHIR R4 Bundle, for a clinician's system (journal/fhir.py)."""
    today = request.user.profile.today()
    first = min(queries.first_record(request.user) or today, today)
    return fhir_response(fhir.export(request.user, first, today), first, today)


def fhir_response(bundle: fhir.Bundle, first: dt.date, last: dt.date) -> HttpResponse:
    """A Bundle as a download, `application/fhir+json`."""
    response = HttpResponse(bundle.model_dump_json(), content_type=fhir.CONTENT_TYPE)
    name = f"stretchlog-fhir-{first.isoformat()}-to-{last.isoformat()}.json"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@journal_view
@require_http_methods(["GET", "POST"])
def import_json(request: HttpRequest) -> HttpResponse:
    """Import an export into the person's empty account: all of it, or, with what is wrong and
    where, none of it (journal/transfer.py)."""
    if request.method == "POST" and upload_size(request) > ImportForm.MAX_BYTES + 64 * 1024:
        # Refused before the upload is read: a file far over the limit never reaches the disk.
        form = ImportForm({}, {})
        form.full_clean()
        form.errors["file"] = form.error_class([too_big_to_import(upload_size(request))])
        return render(request, "journal/import.html", {"form": form})
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            document = transfer.read_json(form.cleaned_data["file"].read())
            checkins, sessions = transfer.import_document(request.user, document)
        except ValidationError as error:
            for message in error.messages:
                form.add_error("file", message)
        else:
            messages.success(request, f"Imported {checkins} check-ins and {sessions} sessions.")
            return redirect("trends")
    return render(request, "journal/import.html", {"form": form})


def upload_size(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0
