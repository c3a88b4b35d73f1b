"""Loads the shipped law catalogue (data/laws.json). Re-runnable: `sodsong load-laws` loads the
same file again and turns changed sections into new revisions."""

from django.db import migrations


def load(apps, schema_editor):
    from sodsong.cases.laws import catalogue_load, read_catalogue

    catalogue_load(
        read_catalogue(),
        law_model=apps.get_model("cases", "Law"),
        version_model=apps.get_model("cases", "LawVersion"),
        section_model=apps.get_model("cases", "LawSection"),
    )


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_joint_cases")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
