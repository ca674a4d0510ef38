from django.contrib.auth import views as auth_views
from django.urls import include, path, register_converter

from journal.converters import IsoDateConverter
from journal.forms import LoginForm
from journal.limits import PASSWORD_RESET_LIMITS, SIGNUP_LIMITS, limited
from journal.offline import clears_device
from journal.views import (
    accounts,
    activities,
    data,
    feed,
    guided,
    health,
    journal,
    library,
    media,
    offline,
    push,
    red_flags,
    reminders,
    report,
    shares,
    sync,
    trends,
)

register_converter(IsoDateConverter, "isodate")

urlpatterns = [
    path("", journal.home, name="home"),
    path("favicon.ico", library.favicon),
    path("ping/", health.ping, name="ping"),
    path("ping/page/", health.signed_in_floor, name="signed_in_floor"),
    # The app on a phone: installing it, and what it keeps and sends while offline
    path("manifest.webmanifest", offline.manifest, name="manifest"),
    path("sw.js", offline.service_worker, name="service_worker"),
    path("offline/", offline.offline, name="offline"),
    path("offline/who/", sync.who, name="sync_who"),
    path("offline/checkins/", sync.sync_checkin, name="sync_checkin"),
    path("offline/sessions/", sync.sync_session, name="sync_session"),
    path("health/", health.health, name="health"),
    # The library, open to everyone
    path("stretches/", library.library, name="library"),
    path("stretches/<slug:slug>/", library.stretch_detail, name="stretch_detail"),
    path("routines/<slug:slug>/", library.routine_detail, name="routine_detail"),
    # Pictures uploaded for the library (journal/views/media.py)
    path("media/<path:name>", media.media_file, name="media_file"),
    # Accounts
    path("accounts/signup/", limited("signup", SIGNUP_LIMITS)(accounts.signup), name="signup"),
    path("accounts/settings/", accounts.account_settings, name="settings"),
    path("accounts/delete/", accounts.delete_account, name="delete_account"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(authentication_form=LoginForm),
        name="login",
    ),
    # Logging out also clears what the device kept for the person (journal.offline).
    path("accounts/logout/", clears_device(auth_views.LogoutView.as_view()), name="logout"),
    path(
        "accounts/password_reset/",
        limited("password-reset", PASSWORD_RESET_LIMITS)(auth_views.PasswordResetView.as_view()),
        name="password_reset",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
    # The journal, private to each person
    path("advice/", journal.advice_panel, name="advice_panel"),
    path("red-flags/", red_flags.flag_history, name="flag_history"),
    path("red-flags/resolve/", red_flags.flags_resolve, name="flags_resolve"),
    path("red-flags/questions/", red_flags.screen, name="screen"),
    path("made-worse/", journal.made_worse, name="made_worse"),
    path("accounts/health-question/", journal.health_answer, name="health_answer"),
    path("pointers/seen/", journal.pointers_seen, name="pointers_seen"),
    path("settings-notice/seen/", journal.settings_notice_seen, name="settings_notice_seen"),
    path("reminders/", reminders.reminder_settings, name="reminders"),
    path("reminders/pause/", reminders.reminders_pause, name="reminders_pause"),
    path("reminders/confirm/", reminders.reminders_confirm_again, name="reminders_confirm_again"),
    # In the confirmation email: no sign-in needed (the token is signed and dated).
    path("reminders/confirm/<str:token>/", reminders.reminders_confirm, name="reminders_confirm"),
    # In every reminder: stops them all, without a sign-in (the token is signed).
    path("reminders/stop/<str:token>/", reminders.reminders_stop, name="reminders_stop"),
    # The private calendar feed: no sign-in (calendar apps cannot), the secret is the key.
    path("reminders/calendar/<str:secret>.ics", feed.reminders_feed, name="reminders_feed"),
    path("reminders/calendar/new-address/", feed.reminders_feed_reset, name="reminders_feed_reset"),
    # Notifications on this device (journal/static/journal/push.js)
    path("reminders/push/subscribe/", push.push_subscribe, name="push_subscribe"),
    path("reminders/push/unsubscribe/", push.push_unsubscribe, name="push_unsubscribe"),
    path("history/", journal.history, name="history"),
    path("trends/", trends.trends, name="trends"),
    path("report/", report.report, name="report"),
    path("export/data.json", data.export_json, name="export_json"),
    path("export/data.zip", data.export_csv, name="export_csv"),
    path("export/fhir.json", data.export_fhir, name="export_fhir"),
    # The weekly activities score
    path("activities/", activities.activities, name="activities"),
    path("activities/week/", activities.activities_week, name="activities_week"),
    path("activities/<int:pk>/rename/", activities.activity_rename, name="activity_rename"),
    path("activities/<int:pk>/retire/", activities.activity_retire, name="activity_retire"),
    # Links to the report for a clinician; opening one needs no account (the secret is the key).
    path("report/links/", shares.shares, name="shares"),
    path("report/links/<int:pk>/revoke/", shares.share_revoke, name="share_revoke"),
    path("shared/<str:secret>/", shares.shared_report, name="shared_report"),
    path("shared/<str:secret>/fhir.json", shares.shared_fhir, name="shared_fhir"),
    path("import/", data.import_json, name="import_json"),
    path("days/<isodate:day>/", journal.day_detail, name="day_detail"),
    path("checkins/new/", journal.checkin_create, name="checkin_create"),
    path("checkins/<int:pk>/edit/", journal.checkin_edit, name="checkin_edit"),
    path("checkins/<int:pk>/delete/", journal.checkin_delete, name="checkin_delete"),
    path("sessions/new/", journal.session_create, name="session_create"),
    path("guided/<slug:slug>/", guided.guided_session, name="guided_session"),
    path("sessions/<int:pk>/", journal.session_detail, name="session_detail"),
    path("sessions/<int:pk>/edit/", journal.session_edit, name="session_edit"),
    path("sessions/<int:pk>/delete/", journal.session_delete, name="session_delete"),
    path("sessions/<int:pk>/entries/new/", journal.entry_create, name="entry_create"),
    path("entries/<int:pk>/edit/", journal.entry_edit, name="entry_edit"),
    path("entries/<int:pk>/delete/", journal.entry_delete, name="entry_delete"),
]
