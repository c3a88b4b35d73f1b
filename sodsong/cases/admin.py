"""The law catalogue in the admin site: admins correct it, and a correction of a section becomes a
new revision row (the old row stays for the charges laid under it)."""

from __future__ import annotations

from django.contrib import admin

from sodsong.cases.laws import METADATA_FIELDS, SECTION_FIELDS, law_section_revise
from sodsong.cases.models import Law, LawSection, LawVersion


@admin.register(Law)
class LawAdmin(admin.ModelAdmin):
    list_display = ("code", "title_th", "title_en")
    search_fields = ("code", "title_th", "title_en")


@admin.register(LawVersion)
class LawVersionAdmin(admin.ModelAdmin):
    list_display = ("law", "label", "effective_from", "needs_verification")
    list_filter = ("law", "needs_verification")


@admin.register(LawSection)
class LawSectionAdmin(admin.ModelAdmin):
    list_display = ("version", "key", "revision", "offence_en", "needs_verification", "is_current")
    list_filter = ("version__law", "needs_verification", "victim_protected", "group", "kind")
    search_fields = ("key", "offence_th", "offence_en")
    readonly_fields = ("revision", "superseded_by")

    def save_model(self, request, obj, form, change):
        if not change:
            super().save_model(request, obj, form, change)
            return
        changes = {f: form.cleaned_data[f] for f in form.changed_data if f in SECTION_FIELDS}
        original = LawSection.objects.get(pk=obj.pk)
        # Group and source describe the row: corrected in place, not a new revision.
        meta = [f for f in form.changed_data if f in METADATA_FIELDS]
        if meta:
            for f in meta:
                setattr(original, f, form.cleaned_data[f])
            original.save(update_fields=[*meta, "updated_at"])
        new = law_section_revise(section=original, changes=changes)
        obj.pk, obj.id = new.pk, new.pk
