"""Web push: reminders to the browsers and installed apps that subscribed (pywebpush, VAPID)."""

from django.contrib.auth.models import User

from journal.reminders.schedule import Links, Message


def send_reminder_push(user: User, message: Message, links: Links) -> bool:
    """Send to each of the person's subscriptions; True when at least one push service took it."""
    return False
