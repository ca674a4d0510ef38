"""The addresses a reminder carries: the page it opens, the one-tap stop link (signed, so it
needs no sign-in), and the settings page. Used by the sending tasks, the calendar feed and the
reminders' pages alike."""

from django.conf import settings
from django.contrib.auth.models import User
from django.core import signing
from django.urls import reverse

from journal import queries
from journal.reminders.schedule import Links, Message

STOP_SALT = "journal.reminders.stop"


def guided_path() -> str:
    routine = queries.default_routine() or queries.routines().first()
    return reverse("guided_session", args=[routine.slug]) if routine else reverse("home")


def opens_path(message: Message, guided: str) -> str:
    if message.opens == "guided":
        return guided
    if message.opens == "checkin":
        return reverse("checkin_create")
    return reverse("home")


def reminder_links(user: User, opens: str) -> Links:
    """The addresses a reminder to `user` carries: the page at `opens`, stop, settings."""
    return Links(
        open=absolute(opens),
        stop=absolute(reverse("reminders_stop", args=[stop_token(user)])),
        settings=absolute(reverse("reminders")),
    )


def absolute(path: str) -> str:
    return settings.SITE_URL + path


def stop_token(user: User) -> str:
    """The secret in every reminder's stop link: signed, so it needs no sign-in and no row."""
    return signing.Signer(salt=STOP_SALT).sign(str(user.pk))


def user_of_stop_token(token: str) -> User | None:
    try:
        user_id = signing.Signer(salt=STOP_SALT).unsign(token)
    except signing.BadSignature:
        return None
    return User.objects.filter(pk=user_id).first()
