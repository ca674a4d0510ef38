"""The private calendar feed of reminders: the .ics a phone's calendar subscribes to, and a new
address for it when the old one has been shared by mistake."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from journal import queries
from journal.models import ReminderSettings, new_feed_secret
from journal.reminders.feed import reminder_calendar
from journal.reminders.links import reminder_links
from journal.reminders.timing import plan_of

UID_SALT = "journal.reminders.feed"


@require_safe
@never_cache
def reminders_feed(request: HttpRequest, secret: str) -> HttpResponse:
    """The person's reminders as an iCalendar feed, found by the secret in its address alone.

    No sign-in: calendar apps cannot sign in, so the unguessable address is the key, and a new
    one (`reminders_feed_reset`) locks out whoever had the old. Six queries however long the
    history: the settings with the person, and the day's advice.
    `never_cache` keeps shared caches from holding it (private, no-store); calendar apps poll
    on their own schedule, which REFRESH-INTERVAL in the feed asks to be hourly."""
    reminders = get_object_or_404(
        ReminderSettings.objects.select_related("user__profile"), feed_secret=secret
    )
    user = reminders.user
    today = user.profile.today()
    on = reminders.enabled and reminders.by_calendar
    advice = queries.advice_on(user, user.profile, today) if on else None
    links = reminder_links(user, reverse("home"))
    body = reminder_calendar(
        plan_of(reminders) if on else None, today, advice, links, uid_key(user), timezone.now()
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="stretchlog-reminders.ics"'
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def uid_key(user: User) -> str:
    """The person's part of the events' UIDs: stable, so a refreshed feed updates its events,
    and keyed with the site's secret, so it gives away neither their name nor their id."""
    return salted_hmac(UID_SALT, str(user.pk)).hexdigest()[:24]


@login_required
@require_POST
def reminders_feed_reset(request: HttpRequest) -> HttpResponse:
    """A new secret address for the signed-in person's feed; the old one is a 404 from now on."""
    changed = ReminderSettings.objects.filter(user=request.user).update(
        feed_secret=new_feed_secret()
    )
    if changed:
        messages.success(
            request,
            "Your calendar feed has a new address and the old one no longer works. "
            "Subscribe to the new one in your calendar, and remove the old subscription.",
        )
    return redirect("reminders")


def feed_addresses(request: HttpRequest, reminders: ReminderSettings) -> dict[str, str]:
    """The feed's address as the person should copy it (https when the site is), and the
    webcal:// form that opens a phone's calendar straight at "subscribe"."""
    address = request.build_absolute_uri(reverse("reminders_feed", args=[reminders.feed_secret]))
    return {"https": address, "webcal": "webcal://" + address.split("://", 1)[1]}
