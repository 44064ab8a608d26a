"""The three roles as groups: Pemantau (viewer), Evaluator, Koordinator provinsi.

Permissions are created here (they are otherwise created only after every migration),
so that the groups can be given them in a fresh database.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

VIEWER = "Pemantau"
EVALUATOR = "Evaluator"
COORDINATOR = "Koordinator provinsi"

# (app_label, model, actions)
EVALUATOR_PERMISSIONS = [
    ("agencies", "province", ("view", "add", "change")),
    ("agencies", "agency", ("view", "add", "change", "delete")),
    ("agencies", "decree", ("view", "add", "change", "delete")),
    ("agencies", "coordinatorassignment", ("view",)),
    ("evaluations", "period", ("view", "add")),
    ("evaluations", "monthlyevaluation", ("view", "add", "change", "delete")),
    ("evaluations", "target", ("view", "change")),
    ("evaluations", "periodevent", ("view",)),
    ("evaluations", "periodchange", ("view",)),
]
EVALUATOR_EXTRA = [("evaluations", "publish_period")]
COORDINATOR_PERMISSIONS = [
    ("agencies", "province", ("view",)),
    ("agencies", "agency", ("view", "add", "change")),
    ("agencies", "decree", ("view", "add", "change", "delete")),
    ("evaluations", "period", ("view",)),
    ("evaluations", "monthlyevaluation", ("view", "add", "change")),
]


def _codenames(spec):
    return [(app, f"{action}_{model}") for app, model, actions in spec for action in actions]


def create_roles(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    def permissions(pairs):
        found = []
        for app_label, codename in pairs:
            found.append(Permission.objects.get(content_type__app_label=app_label, codename=codename))
        return found

    Group.objects.get_or_create(name=VIEWER)
    evaluator, _created = Group.objects.get_or_create(name=EVALUATOR)
    evaluator.permissions.add(*permissions(_codenames(EVALUATOR_PERMISSIONS) + EVALUATOR_EXTRA))
    coordinator, _created = Group.objects.get_or_create(name=COORDINATOR)
    coordinator.permissions.add(*permissions(_codenames(COORDINATOR_PERMISSIONS)))


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=[VIEWER, EVALUATOR, COORDINATOR]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("evaluations", "0004_importupload_periodchange_periodevent"),
        ("agencies", "0002_coordinatorassignment"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
