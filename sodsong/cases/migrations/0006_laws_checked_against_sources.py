from django.db import migrations


def reload_catalogue(apps, schema_editor):
    """Issue 19, the recalled rows compared with public pages: Penal Code s.210 paragraph one is
    'or ... or both', the trafficking ranges follow the 2560 fines, the 2560 foreign-workers text
    also imprisoned the worker, recruitment fraud (s.91 ตรี) is 'or ... or both', the Immigration
    Act came into force on 30 May 2522. A changed section becomes a new revision; charges keep the
    row they were laid under."""
    from sodsong.cases.laws import catalogue_load, read_catalogue

    catalogue_load(
        read_catalogue(),
        law_model=apps.get_model("cases", "Law"),
        version_model=apps.get_model("cases", "LawVersion"),
        section_model=apps.get_model("cases", "LawSection"),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0005_merge_concurrency_laws"),
    ]

    operations = [migrations.RunPython(reload_catalogue, migrations.RunPython.noop)]
