"""The "Content editors" group: staff in it may edit the stretch library and nothing else."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP_NAME = "Content editors"
LIBRARY_MODELS = ["targetarea", "stretch", "step", "routine", "routinestretch"]


def create_editors_group(apps, schema_editor):
    # Permissions are normally made after all migrations run; make them now so
    # the group can be given them on a fresh database.
    app_config = apps.get_app_config("journal")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP_NAME)
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="journal", content_type__model__in=LIBRARY_MODELS
        )
    )


def remove_editors_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("journal", "0002_stretch_library"),
    ]

    operations = [migrations.RunPython(create_editors_group, remove_editors_group)]
