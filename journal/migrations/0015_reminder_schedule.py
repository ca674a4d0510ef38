"""The task queue's schedules: send the due reminders every minute, forget old ones daily."""

from django.db import migrations

SCHEDULES = {
    "Send the due reminders": {
        "func": "journal.reminders.send.send_due_reminders",
        "schedule_type": "I",  # Schedule.MINUTES
        "minutes": 1,
        "repeats": -1,  # for ever
    },
    "Forget reminders older than a month": {
        "func": "journal.reminders.send.forget_old_reminders",
        "schedule_type": "D",  # Schedule.DAILY
        "repeats": -1,
    },
}


def add_schedule(apps, schema_editor):
    Schedule = apps.get_model("django_q", "Schedule")
    for name, fields in SCHEDULES.items():
        Schedule.objects.update_or_create(name=name, defaults=fields)


def remove_schedule(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(name__in=SCHEDULES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("journal", "0014_reminders"),
        ("django_q", "0019_alter_task_options_alter_ormq_key_alter_ormq_lock_and_more"),
    ]

    operations = [migrations.RunPython(add_schedule, remove_schedule)]
