"""Uploaded pictures, served by the app itself from the media storage, in production too.

WhiteNoise serves only the static files collected at release time; pictures come and go with
the content. Served here, they need no web server of their own, come from the site's origin
(so `img-src 'self'` and the service worker cover them), and work the same whatever storage
holds them (a folder, or an S3-compatible bucket on several hosts).

Only names the database knows are served: a published stretch's picture to anyone, any other
(a draft's, an earlier version's) to staff only. Names are made from the content
(journal/pictures.py), so a name always means the same bytes: a year's cache is safe.
"""

from django.core.files.storage import default_storage
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest
from django.views.decorators.http import require_safe

from journal.models import Picture, Stretch

CONTENT_TYPES = {".webp": "image/webp", ".jpg": "image/jpeg", ".png": "image/png"}
YEAR = 365 * 24 * 3600


@require_safe
def media_file(request: HttpRequest, name: str) -> FileResponse:
    content_type = next((t for ext, t in CONTENT_TYPES.items() if name.endswith(ext)), None)
    picture = Picture.objects.filter(Q(image=name) | Q(card=name)).first()
    if content_type is None or picture is None:
        raise Http404("No such picture.")
    public = Stretch.objects.public().filter(picture=picture).exists()
    if not public and not request.user.is_staff:
        raise Http404("No such picture.")
    try:
        file = default_storage.open(name, "rb")
    except (FileNotFoundError, OSError):
        raise Http404("No such picture.") from None
    response = FileResponse(file, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Disposition"] = "inline"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    if public:
        response["Cache-Control"] = f"public, max-age={YEAR}, immutable"
    else:
        response["Cache-Control"] = "private, no-store"
    return response
