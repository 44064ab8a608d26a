"""Initial targets and bands; admins edit them afterwards (they are data, not code).

Follow-up ≥ 50% is the line the ministry has used between "keep it up" and "must
improve"; the other lines are starting points, not official bands.
"""

from django.db import migrations

DEFAULTS = [
    # indicator, good_from, fair_from
    ("sk", 80, 50),
    ("account_active", 80, 50),
    ("follow_up", 50, 25),
    ("completion", 50, 25),
]


def create_targets(apps, schema_editor):
    Target = apps.get_model("evaluations", "Target")
    for indicator, good_from, fair_from in DEFAULTS:
        Target.objects.get_or_create(
            indicator=indicator,
            defaults={"good_from": good_from, "fair_from": fair_from, "min_agencies": 3, "min_reports": 10},
        )


class Migration(migrations.Migration):
    dependencies = [("evaluations", "0001_initial")]

    operations = [migrations.RunPython(create_targets, migrations.RunPython.noop)]
