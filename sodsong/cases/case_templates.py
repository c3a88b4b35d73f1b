"""Case templates: what each type of case usually needs done, pre-filled as tasks on creation,
and the catalogue sections it usually charges (offered first on the charge form)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from sodsong.cases.models import CaseType

SCREEN_AT_OPERATION = _(
    "At the operation: screen anyone recruited or held as a possible trafficking victim within "
    "24 hours (ATIP s.29) and refer victims to the provincial social development office"
)


@dataclass(frozen=True)
class TemplateTask:
    title: object  # a lazy translation, stored in the user's language at creation
    agency_kind: str  # the kind of participating agency the task goes to, or "" for the lead
    due_days: int


@dataclass(frozen=True)
class CaseTemplate:
    tasks: tuple[TemplateTask, ...]
    usual_sections: tuple[tuple[str, str], ...]  # (law code, section key)


TEMPLATES: dict[str, CaseTemplate] = {
    CaseType.CALL_CENTRE: CaseTemplate(
        tasks=(
            TemplateTask(_("Confirm the premises: watch and record the behaviour seen"), "", 3),
            TemplateTask(_("Check the occupants' entry, stay and work permits"), "immigration", 5),
            TemplateTask(_("Obtain a search warrant and plan the raid"), "police", 7),
            # No screening task here: ATIP s.29 gives 24 hours from being taken into care, so
            # recording a held operation adds it, due the next day (services/operations.py),
            # and each person's own deadline runs from `CaseParty.taken_into_care_at`.
        ),
        usual_sections=(
            ("penal-code", "s.343-2"),
            ("penal-code", "s.343"),
            ("penal-code", "s.209"),
            ("computer-crime-act", "s.14(1)"),
            ("immigration-act", "s.81"),
        ),
    ),
    CaseType.MULE: CaseTemplate(
        tasks=(
            TemplateTask(_("Request account and SIM holder data from banks and operators"), "", 5),
            TemplateTask(_("Ask for the accounts to be frozen (AOC 1441)"), "", 2),
            TemplateTask(_("Interview the account holders"), "police", 10),
        ),
        usual_sections=(
            ("tech-crime-decree", "s.9"),
            ("tech-crime-decree", "s.10"),
            ("aml-act", "s.5/s.60"),
        ),
    ),
    CaseType.RECRUITMENT: CaseTemplate(
        tasks=(
            TemplateTask(_("Identify the recruiter and the advertisements"), "", 5),
            TemplateTask(_("Check recruitment licences with the labour office"), "labour", 5),
            TemplateTask(_("Contact the families of those who left"), "", 7),
            TemplateTask(
                _("Screen returnees as possible trafficking victims within 24 hours (ATIP s.29)"),
                "",
                7,
            ),
        ),
        usual_sections=(
            ("employment-act", "s.30/s.82"),
            ("employment-act", "s.91 ter"),
            ("penal-code", "s.320"),
            ("anti-trafficking-act", "s.6"),
        ),
    ),
    CaseType.IMMIGRATION: CaseTemplate(
        tasks=(
            TemplateTask(_("Verify identity and entry records"), "immigration", 3),
            TemplateTask(_("Check work permits and the employer"), "labour", 5),
        ),
        usual_sections=(
            ("immigration-act", "s.11/s.62"),
            ("immigration-act", "s.81"),
            ("foreign-workers-decree", "s.8/s.101"),
            ("foreign-workers-decree", "s.9/s.102"),
            ("immigration-act", "s.64"),
        ),
    ),
    CaseType.TM30: CaseTemplate(
        tasks=(
            TemplateTask(_("Confirm who hosts the foreigner and since when"), "", 3),
            TemplateTask(_("Check the TM.30 records"), "immigration", 5),
        ),
        usual_sections=(("immigration-act", "s.38/s.77"), ("immigration-act", "s.38/s.77-hotel")),
    ),
    CaseType.OTHER: CaseTemplate(tasks=(), usual_sections=()),
}
