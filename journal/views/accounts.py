"""Sign-up, settings and the lockout page; log in/out and passwords are Django's own views."""

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.contrib.sessions.models import Session
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.cache import never_cache

from journal import records
from journal.forms import DeleteAccountForm, ProfileForm, SignupForm
from journal.models import Profile, ReminderSettings
from journal.offline import clears_device
from journal.reminders.timing import reschedule


def safe_next(request: HttpRequest) -> str | None:
    """The page to go on to after signing up, when it is one of this site's."""
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return None


@never_cache
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("home")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            user = form.save()
            records.profiles.create(
                user,
                time_zone=form.cleaned_data["time_zone"],
                health_caution=form.cleaned_data["health_caution"],
            )
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, "Welcome to Stretchlog. First, a few questions about your back.")
        # The NHS and NICE questions about signs of a serious cause come first.
        then = safe_next(request) or reverse("home")
        return redirect(f"{reverse('screen')}?{urlencode({'next': then})}")
    return render(request, "registration/signup.html", {"form": form})


@login_required
@never_cache
def account_settings(request: HttpRequest) -> HttpResponse:
    profile = request.user.profile
    form = ProfileForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        records.profiles.save(request.user, form.save(commit=False), ProfileForm.Meta.fields)
        # Reminders fall at local times, so a new time zone moves the next one.
        if reminders := ReminderSettings.objects.filter(user=request.user).first():
            reschedule(reminders)
        messages.success(request, "Settings saved.")
        return redirect("settings")
    return render(request, "registration/settings.html", {"form": form, "defaults": Profile()})


def locked_out(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """django-axes calls this instead of its bare 403 when a login is locked out."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "registration/locked_out.html", {"minutes": minutes}, status=429)


@login_required
@never_cache
@clears_device
def delete_account(request: HttpRequest) -> HttpResponse:
    """Delete the account and everything in it, after the password is entered again."""
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        user = request.user
        with transaction.atomic():
            delete_sessions_of(user.pk)
            for model in (AccessAttempt, AccessLog, AccessFailureLog):
                model.objects.filter(username=user.get_username()).delete()
            records.profiles.delete_account(user)
        logout(request)
        messages.success(request, "Your account and everything in it are deleted.")
        return redirect("home")
    return render(request, "registration/delete_account.html", {"form": form})


def delete_sessions_of(user_id: int) -> None:
    """Sign the user out everywhere: remove each of their login sessions."""
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get("_auth_user_id") == str(user_id):
            session.delete()
