"""The editors' workflow: drafts of stretches, their pictures with credits, and the right to
publish.

Stretches that exist are published; one added in the admin from now on is not, until an editor
publishes it. The "Content editors" group gets exactly one new permission, `publish_stretch`:
saving a draft and discarding it need the `change_stretch` it has, previewing and the history
need `view_stretch`, and drafts, pictures and versions have no admin pages of their own.
"""

import django.core.validators
import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.db import migrations, models

GROUP_NAME = "Content editors"


def let_editors_publish(apps, schema_editor):
    # As in 0003: permissions are normally made after all migrations run.
    app_config = apps.get_app_config("journal")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    publish = Permission.objects.get(content_type__app_label="journal", codename="publish_stretch")
    for group in Group.objects.filter(name=GROUP_NAME):
        group.permissions.add(publish)


def take_publishing_back(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name=GROUP_NAME):
        group.permissions.remove(*group.permissions.filter(codename="publish_stretch"))


class Migration(migrations.Migration):
    dependencies = [
        ("journal", "0019_stretch_figures"),
        ("auth", "0012_alter_user_first_name_max_length"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="StretchDraft",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("content", models.JSONField()),
                ("saved", models.DateTimeField(default=django.utils.timezone.now)),
            ],
        ),
        migrations.AlterModelOptions(
            name="stretch",
            options={
                "ordering": ["name"],
                "permissions": [
                    (
                        "publish_stretch",
                        "Can publish a stretch's draft and bring back an earlier version",
                    )
                ],
                "verbose_name_plural": "stretches",
            },
        ),
        migrations.AddField(
            model_name="stretch",
            name="picture_alt",
            field=models.CharField(
                blank=True,
                help_text="For people who cannot see it: the body's position, e.g. “Kneeling, sitting back on the heels, arms stretched forward on the floor”.",
                max_length=300,
                verbose_name="what the picture shows",
            ),
        ),
        migrations.AddField(
            model_name="stretch",
            name="picture_author",
            field=models.CharField(
                blank=True,
                help_text="The photographer or artist.",
                max_length=120,
                verbose_name="picture by",
            ),
        ),
        migrations.AddField(
            model_name="stretch",
            name="picture_licence",
            field=models.CharField(
                blank=True,
                choices=[
                    ("cc0-1.0", "CC0 1.0"),
                    ("cc-by-4.0", "CC BY 4.0"),
                    ("cc-by-sa-4.0", "CC BY-SA 4.0"),
                    ("public-domain", "Public domain"),
                    ("own-work", "Own work"),
                    ("permission", "Used with permission"),
                ],
                max_length=20,
                verbose_name="picture's licence",
            ),
        ),
        migrations.AddField(
            model_name="stretch",
            name="picture_source",
            field=models.URLField(
                blank=True,
                help_text="Where the picture was found, if it was not made for Stretchlog.",
                max_length=500,
                validators=[django.core.validators.URLValidator(schemes=["http", "https"])],
                verbose_name="picture's source",
            ),
        ),
        migrations.AddField(
            model_name="stretch",
            name="published",
            field=models.BooleanField(
                default=True,
                editable=False,
                help_text="Shown to people. A stretch added in the admin is not, until it is published.",
            ),
        ),
        migrations.AlterField(
            model_name="routinestretch",
            name="stretch",
            field=models.ForeignKey(
                limit_choices_to={"published": True},
                on_delete=django.db.models.deletion.PROTECT,
                related_name="routine_items",
                to="journal.stretch",
            ),
        ),
        migrations.CreateModel(
            name="Picture",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("image", models.FileField(max_length=200, unique=True, upload_to="")),
                ("width", models.PositiveSmallIntegerField()),
                ("height", models.PositiveSmallIntegerField()),
                ("card", models.FileField(max_length=200, upload_to="")),
                ("card_width", models.PositiveSmallIntegerField()),
                ("card_height", models.PositiveSmallIntegerField()),
                ("uploaded", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "uploaded_by",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
        ),
        migrations.AddField(
            model_name="stretch",
            name="picture",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="journal.picture",
            ),
        ),
        migrations.AddConstraint(
            model_name="stretch",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("picture__isnull", True),
                    models.Q(
                        models.Q(("picture_alt", ""), _negated=True),
                        models.Q(("picture_author", ""), _negated=True),
                        models.Q(("picture_licence", ""), _negated=True),
                    ),
                    _connector="OR",
                ),
                name="journal_stretch_picture_credited",
                violation_error_message="A picture needs what it shows, who made it and its licence.",
            ),
        ),
        migrations.AddField(
            model_name="stretchdraft",
            name="saved_by",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="stretchdraft",
            name="stretch",
            field=models.OneToOneField(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="draft",
                to="journal.stretch",
            ),
        ),
        migrations.AddConstraint(
            model_name="picture",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("card_height__gte", 1),
                    ("card_width__gte", 1),
                    ("height__gte", 1),
                    ("width__gte", 1),
                ),
                name="journal_picture_has_size",
            ),
        ),
        migrations.RunPython(let_editors_publish, take_publishing_back),
    ]
