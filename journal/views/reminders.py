"""Reminder settings, pausing for a week, and the one-tap stop that every reminder carries."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from journal.forms import ReminderSettingsForm
from journal.models import ReminderSettings
from journal.reminders.send import reschedule, user_of_stop_token
from journal.views.feed import feed_addresses
from journal.views.push import device_context

PAUSE_DAYS = 7


def reminders_of(user) -> ReminderSettings:
    """The person's reminder settings; unsaved defaults (off) until they first save them."""
    return ReminderSettings.objects.filter(user=user).first() or ReminderSettings(user=user)


@login_required
@never_cache
def reminder_settings(request: HttpRequest) -> HttpResponse:
    reminders = reminders_of(request.user)
    form = ReminderSettingsForm(request.POST or None, instance=reminders)
    if request.method == "POST" and form.is_valid():
        reminders = form.save()
        reschedule(reminders)
        messages.success(request, "Reminders saved." if reminders.enabled else "Reminders are off.")
        return redirect("reminders")
    return render(
        request,
        "journal/reminders.html",
        {
            "form": form,
            "reminders": reminders,
            "zone": request.user.profile.time_zone,
            "today": request.user.profile.today(),
            "next_local": next_local(reminders, request.user.profile.zone()),
            "recent": request.user.sent_reminders.order_by("-date", "-slot")[:6],
            # Shown once the settings are saved with "my own calendar" on.
            "feed": feed_addresses(request, reminders)
            if reminders.pk and reminders.by_calendar
            else None,
            **device_context(),
        },
    )


def next_local(reminders: ReminderSettings, zone) -> dt.datetime | None:
    return reminders.next_due.astimezone(zone) if reminders.next_due else None


@login_required
@require_POST
def reminders_pause(request: HttpRequest) -> HttpResponse:
    """One tap: no reminders for a week (from today, where the person is); or resume now."""
    reminders = reminders_of(request.user)
    if reminders.pk is None:
        return redirect("reminders")
    if request.POST.get("resume"):
        reminders.paused_until = None
        messages.success(request, "Reminders are back on.")
    else:
        reminders.paused_until = request.user.profile.today() + dt.timedelta(days=PAUSE_DAYS)
        messages.success(request, "Reminders are paused for a week.")
    reminders.save(update_fields=["paused_until"])
    reschedule(reminders)
    return redirect("reminders")


@never_cache
@csrf_exempt
def reminders_stop(request: HttpRequest, token: str) -> HttpResponse:
    """Stop every reminder, from the link in any of them: no sign-in needed.

    A GET only asks, because mail scanners open links; the button POSTs. A mail app's own
    unsubscribe button POSTs here directly (RFC 8058), which is why there is no CSRF check:
    the signed token in the address is the proof, and all it can do is turn reminders off."""
    user = user_of_stop_token(token)
    if user is None:
        return render(request, "journal/reminders_stop.html", {"unknown": True}, status=404)
    if request.method == "POST":
        reminders = ReminderSettings.objects.filter(user=user).first()
        if reminders is not None:
            reminders.enabled = False
            reminders.save(update_fields=["enabled"])
            reschedule(reminders)
        return render(request, "journal/reminders_stop.html", {"stopped": True})
    return render(request, "journal/reminders_stop.html", {"token": token})
