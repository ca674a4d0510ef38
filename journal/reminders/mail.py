"""Email reminders through Django's email backend, with a one-click unsubscribe (RFC 8058)."""

from django.conf import settings
from django.contrib.auth.models import User
from django.core import signing
from django.core.mail import EmailMessage

from journal.reminders.schedule import Links, Message


def reminder_email(user: User, message: Message, links: Links) -> EmailMessage:
    """The email: the reminder, the page it opens and the stop link, in plain text.

    `List-Unsubscribe` with `List-Unsubscribe-Post: List-Unsubscribe=One-Click` lets a mail app
    offer its own unsubscribe button, which POSTs to the stop link without a sign-in (RFC 8058);
    the same link is in the body for everyone else."""
    body = "\n\n".join(
        [
            message.body,
            f"Open Stretchlog: {links.open}",
            f"Stop these reminders (one tap): {links.stop}",
            f"Change when and how you are reminded: {links.settings}",
        ]
    )
    return EmailMessage(
        subject=f"Stretchlog: {message.title}",
        body=body + "\n",
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
        headers={
            "List-Unsubscribe": f"<{links.stop}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )


def send_reminder_email(user: User, message: Message, links: Links) -> bool:
    """Send the reminder to the person's address; True when the backend accepted it."""
    return reminder_email(user, message, links).send(fail_silently=True) == 1


CONFIRM_SALT = "journal.reminders.confirm-email"
# Long enough for an inbox checked once a week; a new link can be sent at any time.
CONFIRM_DAYS = 7


def confirm_token(user: User, email: str) -> str:
    """The secret in a confirmation link: the person and the address, signed and dated."""
    return signing.dumps({"user": user.pk, "email": email}, salt=CONFIRM_SALT)


def read_confirm_token(token: str) -> tuple[int, str] | None:
    """The (user id, address) a confirmation link is for, or None when forged or expired."""
    try:
        data = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_DAYS * 24 * 3600)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("email"), str):
        return None
    if not isinstance(data.get("user"), int):
        return None
    return data["user"], data["email"]


def send_confirmation_email(user: User, confirm_url: str, stop_url: str) -> bool:
    """Ask the address's owner before any reminder goes there."""
    body = "\n\n".join(
        [
            "Someone asked Stretchlog to send stretching reminders to this address.",
            f"If it was you, confirm it here (the link works for {CONFIRM_DAYS} days):\n"
            f"{confirm_url}",
            "If it was not you, do nothing: no reminder comes without this confirmation. "
            f"To stop them being asked for at all: {stop_url}",
        ]
    )
    message = EmailMessage(
        subject="Stretchlog: confirm your address for reminders",
        body=body + "\n",
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
        headers={"Auto-Submitted": "auto-generated"},
    )
    return message.send(fail_silently=True) == 1
