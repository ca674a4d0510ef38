"""Django's createsuperuser, and the new account's profile with it: every account has one."""

from django.contrib.auth import get_user_model
from django.contrib.auth.management.commands import createsuperuser

from journal.models import Profile


class Command(createsuperuser.Command):
    def handle(self, *args, **options) -> None:
        super().handle(*args, **options)
        # The command returns nothing; the accounts without a profile are the one just made.
        users = get_user_model().objects.filter(profile__isnull=True)
        Profile.objects.bulk_create([Profile(user=user) for user in users])
