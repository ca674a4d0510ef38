"""Every account has a profile: made here for accounts that predate the rule, and from now on
with the account itself (sign-up, the admin, createsuperuser, the demo command)."""

from django.conf import settings
from django.db import migrations


def add_missing_profiles(apps, schema_editor) -> None:
    User = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    Profile = apps.get_model("journal", "Profile")
    missing = User.objects.filter(profile__isnull=True).values_list("pk", flat=True)
    Profile.objects.bulk_create([Profile(user_id=pk) for pk in missing.iterator()])


class Migration(migrations.Migration):
    dependencies = [
        ("journal", "0005_profile_journal_stamp"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [migrations.RunPython(add_missing_profiles, migrations.RunPython.noop)]
