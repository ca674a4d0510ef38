"""Uploaded pictures (journal/pictures.py, journal/uploads.py): read by their content, limited
in bytes and pixels, stripped of their metadata, resized, and stored once."""

import functools
import io
import struct
import zlib
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from journal import pictures
from journal.models import Picture
from journal.uploads import MAX_UPLOAD_BYTES, RefusedUpload

GPS_IFD = 0x8825
ORIENTATION = 0x0112


def image_bytes(
    size: tuple[int, int] = (1600, 1000),
    format: str = "JPEG",
    mode: str = "RGB",
    colour: str | tuple = "#1f5f8b",
    exif: Image.Exif | None = None,
) -> bytes:
    image = Image.new(mode, size, colour)
    # A band of another colour, so that the picture has something in it and turns can be seen.
    image.paste("#e0a27c" if mode == "RGB" else (224, 162, 124, 255), (0, 0, size[0] // 4, size[1]))
    out = io.BytesIO()
    options = {"exif": exif} if exif is not None else {}
    image.save(out, format, **options)
    return out.getvalue()


def photo_with_location() -> bytes:
    """A JPEG as a phone writes it: the camera's make and the place it was taken."""
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    gps = exif.get_ifd(GPS_IFD)
    gps[1], gps[2], gps[3], gps[4] = "N", (51.0, 30.0, 0.0), "W", (0.0, 7.0, 0.0)
    return image_bytes(exif=exif)


def upload(data: bytes, name: str = "picture.jpg", content_type: str = "image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


@functools.cache
def png_bomb(width: int = 20_000, height: int = 20_000) -> bytes:
    """A real decompression bomb: a valid PNG of 400 million black pixels in about 50 KB."""
    rows = (b"\x00" * (1 + (width + 7) // 8)) * 500  # a filter byte, then one bit a pixel
    packer = zlib.compressobj(6)
    idat = b"".join(packer.compress(rows) for _ in range(height // 500)) + packer.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    chunks = png_chunk(b"IHDR", header) + png_chunk(b"IDAT", idat) + png_chunk(b"IEND", b"")
    return b"\x89PNG\r\n\x1a\n" + chunks


SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b"<script>alert(document.cookie)</script></svg>"
)
SCRIPT = b"<script>alert(document.cookie)</script>\n#!/bin/sh\nrm -rf /\n"

# Each: what the file is, its name and type as a browser would send them, and the refusal.
HOSTILE = {
    "a script renamed .png": (lambda: SCRIPT, "cat.png", "image/png", "not a JPEG, PNG or WebP"),
    "an SVG drawing": (lambda: SVG, "pose.svg", "image/svg+xml", "not a JPEG, PNG or WebP"),
    "an image bomb": (png_bomb, "bomb.png", "image/png", "at most 40 million pixels"),
    "a GIF": (lambda: image_bytes(format="GIF", size=(40, 40)), "a.gif", "image/gif", "not a"),
    "a JPEG cut short": (lambda: image_bytes()[:3000], "cut.jpg", "image/jpeg", "could not be"),
    "a PNG claiming 9000 × 9000": (
        lambda: (
            b"\x89PNG\r\n\x1a\n"
            + png_chunk(b"IHDR", struct.pack(">IIBBBBB", 9000, 9000, 8, 2, 0, 0, 0))
            + png_chunk(b"IDAT", zlib.compress(b"\x00" * 100))
            + png_chunk(b"IEND", b"")
        ),
        "big.png",
        "image/png",
        "9000 × 9000 pixels; at most 40 million",
    ),
}


def stored_files(root: Path) -> list[Path]:
    return [path for path in Path(root).rglob("*") if path.is_file()]


@pytest.mark.parametrize("case", HOSTILE)
def test_it_refuses_what_is_not_a_picture_it_takes(case):
    data, name, content_type, message = HOSTILE[case]
    with pytest.raises(pictures.PictureRefused, match=message):
        pictures.prepare(upload(data(), name, content_type))


def test_the_bomb_is_refused_from_its_header_without_decoding_it():
    data = png_bomb()
    assert len(data) < 100_000
    assert struct.unpack(">II", data[16:24]) == (20_000, 20_000)  # what its header claims
    with pytest.raises(pictures.PictureRefused, match="at most 40 million pixels"):
        pictures.prepare(upload(data, "bomb.png", "image/png"))


def test_a_file_over_the_limit_is_refused_by_its_size_before_it_is_read():
    refused = RefusedUpload("huge.jpg", "image/jpeg", 40 * 1024 * 1024)
    with pytest.raises(pictures.PictureRefused, match=r"This file is 40\.0 MB; .* at most 10 MB"):
        pictures.prepare(refused)


def test_it_reads_the_type_from_the_content_not_the_name():
    prepared = pictures.prepare(upload(image_bytes(format="PNG"), "photo.jpg", "image/jpeg"))
    assert Image.open(io.BytesIO(prepared.page.data)).format == "WEBP"


def test_location_and_camera_details_are_removed():
    original = Image.open(io.BytesIO(photo_with_location()))
    assert original.getexif().get_ifd(GPS_IFD)
    prepared = pictures.prepare(upload(photo_with_location()))
    for copy in (prepared.page, prepared.card):
        image = Image.open(io.BytesIO(copy.data))
        assert dict(image.getexif()) == {}
        assert not {"exif", "xmp", "icc_profile"} & set(image.info)
        assert b"PhoneMaker" not in copy.data and b"Exif" not in copy.data


def test_a_photo_taken_sideways_is_turned_upright():
    exif = Image.Exif()
    exif[ORIENTATION] = 6  # the camera was turned: show it rotated a quarter turn clockwise
    prepared = pictures.prepare(upload(image_bytes(size=(1600, 1000), exif=exif)))
    assert prepared.page.width < prepared.page.height


@pytest.mark.parametrize(
    ("size", "page", "card"),
    [
        ((2400, 1600), (1200, 800), (480, 320)),
        ((800, 600), (800, 600), (480, 360)),
        ((300, 200), (300, 200), (300, 200)),  # never made larger
        ((1000, 4000), (400, 1600), (160, 640)),  # a tall one fits the height
    ],
)
def test_it_resizes_to_what_the_pages_need(size, page, card):
    prepared = pictures.prepare(upload(image_bytes(size=size)))
    assert (prepared.page.width, prepared.page.height) == page
    assert (prepared.card.width, prepared.card.height) == card
    assert Image.open(io.BytesIO(prepared.card.data)).size == card


def test_a_drawing_keeps_its_transparency():
    data = image_bytes(format="PNG", mode="RGBA", colour=(0, 0, 0, 0))
    prepared = pictures.prepare(upload(data, "drawing.png", "image/png"))
    assert Image.open(io.BytesIO(prepared.page.data)).mode == "RGBA"


@pytest.mark.django_db
def test_it_stores_both_copies_once_under_names_made_from_their_content(media_root, admin_user):
    prepared = pictures.prepare(upload(photo_with_location()))
    first = pictures.store(prepared, admin_user)
    again = pictures.store(pictures.prepare(upload(photo_with_location())), None)
    assert again == first
    assert Picture.objects.count() == 1
    assert first.image.name == prepared.page.name()
    assert first.image.name.startswith("pictures/") and first.image.name.endswith(".webp")
    assert sorted(p.name for p in stored_files(media_root)) == sorted(
        Path(name).name for name in (first.image.name, first.card.name)
    )
    assert (first.width, first.height, first.card_width) == (1200, 750, 480)
    assert first.uploaded_by == admin_user


def test_the_upload_limit_keeps_nothing_past_it(rf):
    """The handler hands Django's own handlers the first 10 MB and no more."""
    from django.core.files.uploadhandler import MemoryFileUploadHandler

    from journal.uploads import SizeLimitUploadHandler

    limit, after = SizeLimitUploadHandler(), MemoryFileUploadHandler()
    limit.new_file("picture_upload", "big.jpg", "image/jpeg", None)
    chunk = b"x" * (1024 * 1024)
    passed = 0
    for n in range(40):
        if limit.receive_data_chunk(chunk, n * len(chunk)) is not None:
            passed += len(chunk)
    refused = limit.file_complete(40 * len(chunk))
    assert passed == MAX_UPLOAD_BYTES
    assert isinstance(refused, RefusedUpload)
    assert refused.size == 40 * 1024 * 1024 and refused.read() == b""
    assert after is not None
