"""Pictures that staff upload for a stretch: checked, cleaned and resized before anything is kept.

`prepare()` turns an upload into the two copies the pages show, or refuses it with a sentence
saying why. It trusts nothing the browser says (name, extension, content type):

- the size is read first (`journal/uploads.py` keeps nothing past 10 MB);
- the type is read from the content by Pillow, which is only allowed to try JPEG, PNG and WebP,
  so an SVG (a document that can carry script), a script renamed `.png` or a GIF is refused;
- the pixel count is read from the header before any pixel is decoded, so a small file that
  claims a huge image (a decompression bomb) is refused without being decoded (OWASP's File
  Upload Cheat Sheet; Pillow's own check, `DecompressionBombError`, is kept as a second wall);
- the pixels are then decoded, turned upright by the EXIF orientation, and copied into a new
  image: EXIF (camera, time, GPS location), XMP and ICC data are not carried over;
- the copies are WebP at most `PAGE_WIDTH` wide for the stretch page and `CARD_WIDTH` for cards.

`store()` saves both copies under names made from their content (so a name never changes
meaning, and can be cached for a year) and records them as a `Picture`.
"""

import hashlib
import io
import warnings
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from PIL import Image, ImageOps, UnidentifiedImageError

from journal.models import Picture
from journal.uploads import MAX_UPLOAD_BYTES

FORMATS = ("JPEG", "PNG", "WEBP")
# A 48-megapixel phone photo is 8000 × 6000; past this the upload is refused unread. Decoded,
# this many RGBA pixels take 160 MB, the most one upload may cost a worker.
MAX_PIXELS = 40_000_000
# Wide enough for the stretch page's column on a high-density screen; cards are a third.
PAGE_WIDTH = 1200
PAGE_HEIGHT = 1600
CARD_WIDTH = 480
CARD_HEIGHT = 640
QUALITY = 80
FOLDER = "pictures"


class PictureRefused(ValueError):
    """The upload is not a picture the site will keep; the message says why, for the editor."""


@dataclass(frozen=True)
class Rendition:
    """One copy of a picture, ready to store: WebP bytes and their size in pixels."""

    data: bytes
    width: int
    height: int

    def name(self) -> str:
        """A name made from the content: the same picture always has the same name."""
        return f"{FOLDER}/{hashlib.sha256(self.data).hexdigest()[:32]}.webp"


@dataclass(frozen=True)
class PreparedPicture:
    page: Rendition
    card: Rendition


def megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB"


def prepare(upload) -> PreparedPicture:
    """The page and card copies of an uploaded picture, or PictureRefused saying why."""
    if upload.size > MAX_UPLOAD_BYTES:
        raise PictureRefused(
            f"This file is {megabytes(upload.size)}; a picture can be at most "
            f"{MAX_UPLOAD_BYTES // 1024 // 1024} MB. Save it smaller (a photo 2000 pixels wide "
            "is plenty) and upload it again."
        )
    with warnings.catch_warnings():
        # Pillow warns of a possible bomb before it refuses one; here both are a refusal.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            upload.seek(0)
            image = Image.open(upload, formats=FORMATS)
        except UnidentifiedImageError:
            raise PictureRefused(
                "This is not a JPEG, PNG or WebP picture. Pictures are read by their content, "
                "not their name; SVG drawings and other files are not taken."
            ) from None
        except (Image.DecompressionBombWarning, Image.DecompressionBombError):
            raise PictureRefused(too_many_pixels()) from None
        except Exception:  # a hostile file may break a decoder in any way
            raise PictureRefused(UNREADABLE) from None
        if image.width * image.height > MAX_PIXELS:
            raise PictureRefused(too_many_pixels(image.width, image.height))
        try:
            # A JPEG can be decoded at a half, quarter or eighth of its size: far less work.
            image.draft(None, (PAGE_WIDTH, PAGE_WIDTH))
            image.load()
            upright = ImageOps.exif_transpose(image)
            return PreparedPicture(
                page=rendition(upright, PAGE_WIDTH, PAGE_HEIGHT),
                card=rendition(upright, CARD_WIDTH, CARD_HEIGHT),
            )
        except (Image.DecompressionBombWarning, Image.DecompressionBombError):
            raise PictureRefused(too_many_pixels()) from None
        except Exception:  # as above: damaged pixels, broken EXIF, odd modes
            raise PictureRefused(UNREADABLE) from None


UNREADABLE = "This picture could not be read: the file may be damaged or cut short."


def too_many_pixels(width: int | None = None, height: int | None = None) -> str:
    size = f"{width} × {height} pixels" if width else "larger than any photo"
    return (
        f"This picture is {size}; at most {MAX_PIXELS // 1_000_000} million pixels are taken. "
        "Make it smaller and upload it again."
    )


def rendition(image: Image.Image, max_width: int, max_height: int) -> Rendition:
    """`image` scaled down (never up) to fit the box, as a new WebP with no metadata at all."""
    has_alpha = image.mode in {"RGBA", "LA", "PA"} or "transparency" in image.info
    mode = "RGBA" if has_alpha else "RGB"
    scaled = image.convert(mode)
    scaled.thumbnail((max_width, max_height), Image.Resampling.LANCZOS)
    # A new image holds the pixels only: no EXIF, GPS, XMP or ICC data comes across.
    clean = Image.frombytes(mode, scaled.size, scaled.tobytes())
    out = io.BytesIO()
    clean.save(out, "WEBP", quality=QUALITY, method=4)
    return Rendition(data=out.getvalue(), width=clean.width, height=clean.height)


def store(prepared: PreparedPicture, user: User | None) -> Picture:
    """Keep both copies in the media storage and record them; the same picture uploaded
    again is the same `Picture`."""
    for copy in (prepared.page, prepared.card):
        name = copy.name()
        if not default_storage.exists(name):
            saved = default_storage.save(name, ContentFile(copy.data))
            if saved != name:  # another upload of the same picture got there first
                default_storage.delete(saved)
    with transaction.atomic():
        picture, _ = Picture.objects.get_or_create(
            image=prepared.page.name(),
            defaults={
                "width": prepared.page.width,
                "height": prepared.page.height,
                "card": prepared.card.name(),
                "card_width": prepared.card.width,
                "card_height": prepared.card.height,
                "uploaded_by": user,
            },
        )
    return picture
