"""Saves that race each other: the database decides, and each person gets a clear answer."""

import threading

import pytest
from django.db import connections
from django.test import Client
from django.urls import reverse

from journal.models import SorenessCheckin
from tests.conftest import make_user


def post_at_once(clients: list[Client], url: str, data: dict) -> list[int]:
    """POST from every client at the same moment; return the status codes."""
    barrier = threading.Barrier(len(clients))
    statuses: list[int] = []

    def post(client: Client) -> None:
        try:
            barrier.wait()
            statuses.append(client.post(url, data).status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=post, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return statuses


@pytest.mark.django_db(transaction=True)
def test_two_checkins_for_one_day_at_once_leave_one():
    user = make_user("racer")
    clients = []
    for _ in range(2):
        client = Client()
        client.force_login(user)
        clients.append(client)
    day = user.profile.today().isoformat()

    statuses = post_at_once(clients, reverse("checkin_create"), {"date": day, "soreness": "4"})

    assert sorted(statuses) == [200, 302]  # one saved; the other told it exists already
    assert SorenessCheckin.objects.filter(user=user).count() == 1
