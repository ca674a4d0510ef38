"""Uploaded pictures served by the app (journal/views/media.py): only names the database knows,
a draft's only to staff, with headers that keep a browser from guessing anything else."""

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse

from journal import pictures
from journal.models import Stretch
from tests.test_pictures import image_bytes, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def picture(db):
    return pictures.store(pictures.prepare(upload(image_bytes())), None)


def give(stretch: Stretch, picture) -> None:
    stretch.picture, stretch.picture_alt = picture, "A pose."
    stretch.picture_author, stretch.picture_licence = "Me", "cc0-1.0"
    stretch.save()


def test_a_published_pictures_copies_are_served_with_safe_headers(client, picture):
    give(Stretch.objects.get(slug="sphinx"), picture)
    for url, name in [(picture.url(), picture.image.name), (picture.card_url(), picture.card.name)]:
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "image/webp"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Cache-Control"] == "public, max-age=31536000, immutable"
        assert response["Content-Disposition"] == "inline"
        with default_storage.open(name) as stored:
            assert b"".join(response.streaming_content) == stored.read()
    assert client.head(picture.url()).status_code == 200
    assert client.post(picture.url()).status_code == 405


def test_a_picture_no_published_stretch_shows_is_for_staff_only(client, alice, admin_user, picture):
    assert client.get(picture.url()).status_code == 404
    client.force_login(alice)
    assert client.get(picture.url()).status_code == 404
    client.force_login(admin_user)
    response = client.get(picture.url())
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_an_unpublished_stretchs_picture_is_not_public(client, picture):
    stretch = Stretch.objects.get(slug="sphinx")
    give(stretch, picture)
    Stretch.objects.filter(pk=stretch.pk).update(published=False)
    assert client.get(picture.url()).status_code == 404


@pytest.mark.parametrize(
    "name",
    [
        "pictures/unknown.webp",
        "../db.sqlite3",
        "pictures/../../settings.py",
        "/etc/passwd",
        "pictures/evil.svg",
    ],
)
def test_only_names_the_database_knows_are_served(client, name):
    url = reverse("media_file", args=["x"]).replace("x", name)
    assert client.get(url).status_code == 404


def test_a_picture_whose_file_is_missing_is_a_404_not_an_error(client, picture):
    give(Stretch.objects.get(slug="sphinx"), picture)
    default_storage.delete(picture.image.name)
    assert client.get(picture.url()).status_code == 404


def test_the_service_worker_keeps_published_pictures_only(client, picture):
    from journal.views.offline import service_worker_config

    other = pictures.store(pictures.prepare(upload(image_bytes(colour="#8b1f3a"))), None)
    give(Stretch.objects.get(slug="sphinx"), picture)
    give(Stretch.objects.get(slug="childs-pose"), other)
    Stretch.objects.filter(slug="childs-pose").update(published=False)
    config = service_worker_config()
    assert config["pictures"] == sorted([picture.url(), picture.card_url()])
    assert "/stretches/childs-pose/" not in config["pages"]
