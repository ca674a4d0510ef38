"""Email reminders through Django's email backend, with a one-click unsubscribe (RFC 8058)."""

from django.conf import settings
from django.contrib.auth.models import User
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
