from django.db import migrations


def reload_catalogue(apps, schema_editor):
    """Issue 19, the law catalogue searched (2026-12-05): Immigration Act s.62 paragraph one is
    "จำคุก … และปรับ" and a new row fines a Thai national only (paragraph two); Employment Act
    s.82 is "… หรือทั้งจำทั้งปรับ"; Penal Code s.343 paragraph one, s.157 and s.83 and Immigration
    Act s.76 are flagged needs_verification (no page quoting them was found). A changed section
    becomes a new revision; charges keep the row they were laid under. The `searched` and
    `unverified` entries of the file are evidence only and are not loaded."""
    from sodsong.cases.laws import catalogue_load, read_catalogue

    catalogue_load(
        read_catalogue(),
        law_model=apps.get_model("cases", "Law"),
        version_model=apps.get_model("cases", "LawVersion"),
        section_model=apps.get_model("cases", "LawSection"),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0006_laws_checked_against_sources"),
    ]

    operations = [migrations.RunPython(reload_catalogue, migrations.RunPython.noop)]
