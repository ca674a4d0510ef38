"""Reminder settings, pausing for a week, and the one-tap stop that every reminder carries."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from journal.forms import ReminderSettingsForm
from journal.limits import CONFIRM_EMAIL_LIMITS, seconds_to_wait
from journal.models import ReminderSettings
from journal.reminders.links import absolute, stop_token, user_of_stop_token
from journal.reminders.mail import confirm_token, read_confirm_token, send_confirmation_email
from journal.reminders.timing import reschedule
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
        if reminders.by_email and not reminders.email_is_confirmed():
            # Asked when email reminders are turned on or the address changes; again on request.
            changed = {"email", "by_email"} & set(form.changed_data)
            ask_to_confirm(request, reminders, changed=bool(changed))
        return redirect("reminders")
    if form.is_bound:
        # Checking the form wrote its values onto the instance: the page's status shows what
        # is saved, not what was just refused.
        reminders = reminders_of(request.user)
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


def ask_to_confirm(request: HttpRequest, reminders: ReminderSettings, changed: bool) -> None:
    """Email a confirmation link for the account's address, within the limits: when the
    address is new here, or when the person asks again."""
    user = reminders.user  # with the address just saved
    if not changed:
        return  # already sent for this address; the page offers "send the link again"
    if seconds_to_wait(request, "confirm-email", CONFIRM_EMAIL_LIMITS) is not None:
        messages.warning(
            request,
            "A confirmation link was sent several times already. Check your inbox (and spam "
            "folder), or try again in an hour.",
        )
        return
    confirm_url = absolute(reverse("reminders_confirm", args=[confirm_token(user, user.email)]))
    stop_url = absolute(reverse("reminders_stop", args=[stop_token(user)]))
    if send_confirmation_email(user, confirm_url, stop_url):
        messages.info(
            request, f"We sent a link to {user.email}. Email reminders start once you follow it."
        )
    else:
        messages.warning(request, "The confirmation email could not be sent. Please try again.")


@login_required
@require_POST
def reminders_confirm_again(request: HttpRequest) -> HttpResponse:
    """Send the confirmation link again (it expired, or went to spam)."""
    reminders = reminders_of(request.user)
    if reminders.pk and reminders.by_email and not reminders.email_is_confirmed():
        ask_to_confirm(request, reminders, changed=True)
    return redirect("reminders")


@never_cache
def reminders_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The link in the confirmation email: a GET asks (mail scanners open links), the button
    confirms. No sign-in needed; the signed token names the person and the address."""
    found = read_confirm_token(token)
    user = User.objects.filter(pk=found[0]).first() if found else None
    reminders = ReminderSettings.objects.filter(user=user).first() if user else None
    # The link is for the address the account still has; a later change needs a new link.
    if reminders is None or user.email.lower() != found[1].lower():
        return render(request, "journal/reminders_confirm.html", {"unknown": True}, status=404)
    if request.method == "POST":
        reminders.email_confirmed = user.email
        reminders.save(update_fields=["email_confirmed"])
        return render(request, "journal/reminders_confirm.html", {"confirmed": True})
    return render(request, "journal/reminders_confirm.html", {"email": user.email})


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
