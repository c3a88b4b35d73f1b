"""The register of state officials accused of neglecting their duty or acting wrongfully.

An entry (`Matter`) names one accused official: a `people.Person` with an `OfficialProfile`
(position, agency and service at the time, since the disciplinary rules depend on the service).
Who may see an entry is decided in `selectors.py` (never the accused, nor anyone in the accused's
agency or its chain of command).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sodsong.core.models import DomainModel, SoftDeleteModel

# The source of the people the register creates for its accused: they are kept out of the
# people registry for anyone who may not see their matter (selectors.accused_compartment).
PERSON_SOURCE = "misconduct register"


class Service(models.TextChoices):
    CIVIL = "civil", _("civil service")
    POLICE = "police", _("police")
    MILITARY = "military", _("military")
    LOCAL = "local", _("local government")
    # Kamnan, village headmen and their assistants are not civil servants: the Local
    # Administration Act B.E. 2457 (พ.ร.บ. ลักษณะปกครองท้องที่) sets their duties (s.27, s.28 for
    # headmen; the kamnan's in the sections after them) and their leaving office (s.14 for
    # headmen), the district chief and the governor acting on them. Section numbers other than
    # s.14, s.27 and s.28 are recalled, not read from the Krisdika text: check before citing.
    HEADMAN = "headman", _("kamnan or village headman (Local Administration Act B.E. 2457)")
    OTHER = "other", _("other")


class OfficialProfile(SoftDeleteModel):
    """The accused as an official: what he was when the matter arose."""

    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="official_profiles"
    )
    position = models.CharField(_("position"), max_length=200)
    agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, related_name="official_profiles"
    )
    service = models.CharField(_("service"), max_length=10, choices=Service.choices)
    # Penal Code s.200 applies only to investigating and prosecuting officers.
    investigating_officer = models.BooleanField(
        _("investigating or prosecuting officer"), default=False
    )
    # When the official is also a user of Sodsong: he must never see his own matter.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="official_profiles",
    )

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.position} ({self.agency})"


class Allegation(models.TextChoices):
    NEGLECT = "neglect", _("neglect of duty")
    WRONGFUL_ACT = "wrongful_act", _("wrongful act")
    COLLUSION = "collusion", _("collusion with a gang")
    # For kamnan and headmen only (Local Administration Act B.E. 2457).
    HEADMAN_DUTY = (
        "headman_duty",
        _("headman's duty not done: not watching or reporting (s.27, s.28)"),
    )
    HEADMAN_CONDUCT = "unbecoming", _("conduct unbecoming a kamnan or headman (s.14)")


# The allegations that exist only under the Local Administration Act.
HEADMAN_ALLEGATIONS = (Allegation.HEADMAN_DUTY, Allegation.HEADMAN_CONDUCT)


class Source(models.TextChoices):
    COMPLAINT = "complaint", _("complaint from the public")
    TIP = "tip", _("tip or watch report")
    CASE = "case", _("found in a case")
    SUPERVISOR = "supervisor", _("report by a supervisor")
    INSPECTION = "inspection", _("inspection or audit")
    MEDIA = "media", _("news or social media")
    OTHER = "other", _("other")


class LegalBasis(models.TextChoices):
    PENAL_157 = "penal_157", _("Penal Code s.157 (official's wrongful act or omission)")
    PENAL_200 = (
        "penal_200",
        _("Penal Code s.200 (investigating or prosecuting officer helping an offender)"),
    )
    ANTI_CORRUPTION = "anti_corruption", _("Organic Act on Anti-Corruption")
    DISCIPLINARY = "disciplinary", _("disciplinary rules of the official's service")
    LOCAL_ADMINISTRATION = (
        "local_admin",
        _(
            "Local Administration Act B.E. 2457 (kamnan and headmen: duties s.27, s.28; removal s.14)"
        ),
    )


class Authority(models.TextChoices):
    DISCIPLINARY = "disciplinary", _("disciplinary authority")
    NACC = "nacc", _("National Anti-Corruption Commission (NACC)")
    PACC = "pacc", _("Public Sector Anti-Corruption Commission (PACC)")
    POLICE = "police", _("police")
    # Over kamnan and headmen: the district chief inquires, the governor removes (s.14).
    DISTRICT_CHIEF = "amphoe", _("district chief (kamnan and headmen)")


class Status(models.TextChoices):
    RECORDED = "recorded", _("recorded")
    INVESTIGATING = "investigating", _("under investigation")
    REFERRED = "referred", _("referred")
    CLOSED = "closed", _("closed")


class Outcome(models.TextChoices):
    PENDING = "", _("pending")
    NO_FAULT = "no_fault", _("no fault found")
    PENALTY = "penalty", _("disciplinary penalty")
    CRIMINAL = "criminal", _("criminal referral")


class Penalty(models.TextChoices):
    NONE = "", _("none")
    REPRIMAND = "reprimand", _("reprimand (ภาคทัณฑ์)")
    SALARY_CUT = "salary_cut", _("salary cut")
    SALARY_REDUCTION = "salary_reduction", _("salary reduction")
    DISCHARGE = "discharge", _("discharge")
    DISMISSAL = "dismissal", _("dismissal")
    # Kamnan and headmen (Local Administration Act B.E. 2457 and the Ministry of Interior's rules
    # on their discipline): needs_verification, the names of the steps are as recalled.
    WARNING = "warning", _("warning (ว่ากล่าวตักเตือน), kamnan or headman")
    REMOVAL = "removal", _("removal from office (ให้ออกจากตำแหน่ง, s.14), kamnan or headman")


HEADMAN_PENALTIES = (Penalty.WARNING, Penalty.REMOVAL)


class CriminalResult(models.TextChoices):
    NONE = "", _("not applicable")
    PENDING = "pending", _("pending")
    NOT_PROSECUTED = "not_prosecuted", _("not prosecuted")
    PROSECUTED = "prosecuted", _("prosecuted")
    CONVICTED = "convicted", _("convicted")
    ACQUITTED = "acquitted", _("acquitted")


class Matter(SoftDeleteModel):
    official = models.ForeignKey(OfficialProfile, on_delete=models.CASCADE, related_name="matters")
    # Where the official serves (his agency's area): jurisdiction and the per-area totals use it.
    area = models.ForeignKey("geo.Area", on_delete=models.PROTECT, related_name="+")
    allegation = models.CharField(_("allegation"), max_length=16, choices=Allegation.choices)
    particulars = models.TextField(_("what is alleged"))
    occurred_on = models.DateField(_("when it happened"), null=True, blank=True)
    # Cases are another module: the link is by UUID only, no foreign key.
    related_case_uuid = models.UUIDField(_("related case"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=12, choices=Source.choices)
    source_detail = models.CharField(_("source detail"), max_length=300, blank=True)
    received_on = models.DateField(_("received on"))
    legal_bases = models.JSONField(_("legal basis"), default=list)
    authority = models.CharField(_("competent authority"), max_length=12, choices=Authority.choices)
    authority_detail = models.CharField(_("authority detail"), max_length=200, blank=True)
    referred_to = models.CharField(
        _("referred to"), max_length=12, choices=Authority.choices, blank=True
    )
    referred_on = models.DateField(_("referred on"), null=True, blank=True)
    referral_reference = models.CharField(_("referral letter no."), max_length=100, blank=True)
    status = models.CharField(max_length=14, choices=Status.choices, default=Status.RECORDED)
    outcome = models.CharField(max_length=10, choices=Outcome.choices, blank=True, default="")
    outcome_on = models.DateField(_("outcome date"), null=True, blank=True)
    penalty = models.CharField(max_length=20, choices=Penalty.choices, blank=True, default="")
    criminal_result = models.CharField(
        max_length=16, choices=CriminalResult.choices, blank=True, default=""
    )
    outcome_note = models.CharField(_("outcome note"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-received_on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_allegation_display()} {self.uuid}"

    @property
    def legal_basis_labels(self) -> list[str]:
        labels = dict(LegalBasis.choices)
        return [str(labels.get(code, code)) for code in self.legal_bases]


class StepKind(models.TextChoices):
    FACT_FINDING = "fact_finding", _("fact-finding inquiry")
    COMMITTEE = "committee", _("investigation committee appointed")
    NOTICE = "notice", _("allegation notified to the official")
    STATEMENT = "statement", _("statement taken")
    EVIDENCE = "evidence", _("evidence collected")
    REPORT = "report", _("investigation report")
    OTHER = "other", _("other")


class InvestigationStep(DomainModel):
    matter = models.ForeignKey(Matter, on_delete=models.CASCADE, related_name="steps")
    kind = models.CharField(_("step"), max_length=14, choices=StepKind.choices)
    on = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["on", "id"]

    def __str__(self) -> str:
        return f"{self.on} {self.kind}"


class Designation(DomainModel):
    """An investigator designated for one matter: the only way an investigator sees it."""

    matter = models.ForeignKey(Matter, on_delete=models.CASCADE, related_name="designations")
    investigator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="misconduct_designations"
    )
    designated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["matter", "investigator"],
                condition=models.Q(revoked_at__isnull=True),
                name="misconduct_one_active_designation",
            )
        ]

    def __str__(self) -> str:
        return f"{self.investigator_id} on {self.matter_id}"


class MeasureKind(models.TextChoices):
    """Interim measures while a matter is inquired into: the penalty itself rarely falls inside
    the directive's 30 days, these do (Civil Service Act B.E. 2551 s.101 for พักราชการ and
    ให้ออกไว้ก่อน; the police and local services have their own rules to the same effect)."""

    SUSPENSION = "suspension", _("suspended from duty (พักราชการ / พักการปฏิบัติหน้าที่)")
    PROVISIONAL_REMOVAL = "removed", _("removed pending the inquiry (ให้ออกไว้ก่อน)")
    TRANSFER = "transfer", _("transferred or posted elsewhere (ย้าย / สั่งให้ไปประจำที่อื่น)")


class InterimMeasure(DomainModel):
    matter = models.ForeignKey(Matter, on_delete=models.CASCADE, related_name="measures")
    kind = models.CharField(_("measure"), max_length=12, choices=MeasureKind.choices)
    ordered_on = models.DateField(_("ordered on"))
    order_reference = models.CharField(_("order no."), max_length=100, blank=True)
    ordered_by = models.CharField(_("ordered by"), max_length=200, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["ordered_on", "id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.ordered_on}"
