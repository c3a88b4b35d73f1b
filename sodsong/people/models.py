"""One Person model for everyone Sodsong records: foreign residents, hosts, people in tips and
cases, and officials in the misconduct register. Identity documents hang off it, many per person.

Nationality is stored to identify a person (which passport, which embassy) and is never an input
to any score, ranking or filter that selects people for attention (DOMAIN §5; see
tests/people/test_no_protected_attributes.py).
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from sodsong.core.models import DomainModel, SoftDeleteModel


class Sex(models.TextChoices):
    UNKNOWN = "", _("not recorded")
    FEMALE = "F", _("female")
    MALE = "M", _("male")
    OTHER = "X", _("other")


class Verification(models.TextChoices):
    UNVERIFIED = "unverified", _("unverified")
    VERIFIED = "verified", _("verified against a document")
    DISPUTED = "disputed", _("disputed")


class PersonCompartment(models.TextChoices):
    """Where a person is recorded. The registry is seen by area (the people of one's areas);
    a person recorded inside a compartment (an informant, a protected witness or a victim of a
    case; the accused of a misconduct matter) is seen only through that case or matter, by those
    who may see it there (the visibility sources registered with `people.selectors`)."""

    REGISTRY = "", _("people registry")
    CASE = "case", _("inside a case")
    MATTER = "matter", _("inside a misconduct matter")


class Person(SoftDeleteModel):
    # Names: Thai script and Latin (as in the passport); the family name is optional because
    # many people (e.g. from Myanmar) have none.
    given_name_th = models.CharField(_("given name (Thai)"), max_length=120, blank=True)
    family_name_th = models.CharField(_("family name (Thai)"), max_length=120, blank=True)
    given_name_latin = models.CharField(_("given name (Latin)"), max_length=120, blank=True)
    family_name_latin = models.CharField(_("family name (Latin)"), max_length=120, blank=True)
    # Partial date of birth: year only, year and month, or the full date.
    birth_year = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1900), MaxValueValidator(2100)]
    )
    birth_month = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    birth_day = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(31)]
    )
    sex = models.CharField(max_length=1, choices=Sex.choices, blank=True, default="")
    # ISO 3166-1 alpha-3. For identification only: never a factor in selecting people.
    nationality = models.CharField(_("nationality"), max_length=3, blank=True)
    # The area that owns the record: jurisdiction is decided by it.
    area = models.ForeignKey("geo.Area", on_delete=models.PROTECT, related_name="people")
    source = models.CharField(_("source"), max_length=100)
    # Registry ("") or the compartment the person was recorded in, with the uuid of its case or
    # matter: a compartment person is never seen by area (issue #17 item 2).
    compartment = models.CharField(
        max_length=8, choices=PersonCompartment.choices, blank=True, default="", db_index=True
    )
    compartment_ref = models.UUIDField(null=True, blank=True)
    verification = models.CharField(
        max_length=12, choices=Verification.choices, default=Verification.UNVERIFIED
    )
    # Normalised names (Thai and Latin) for search; rebuilt by the service on every write.
    search_key = models.CharField(max_length=600, blank=True, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["family_name_latin", "given_name_latin", "id"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        thai = " ".join(p for p in (self.given_name_th, self.family_name_th) if p)
        latin = " ".join(p for p in (self.given_name_latin, self.family_name_latin) if p)
        if thai and latin:
            return f"{thai} ({latin})"
        return thai or latin or "—"

    @property
    def birth_date_display(self) -> str:
        """The partial date of birth as written: YYYY, YYYY-MM or YYYY-MM-DD (C.E.)."""
        if not self.birth_year:
            return ""
        parts = [f"{self.birth_year:04d}"]
        if self.birth_month:
            parts.append(f"{self.birth_month:02d}")
            if self.birth_day:
                parts.append(f"{self.birth_day:02d}")
        return "-".join(parts)

    @property
    def birth_date_th(self) -> str:
        """The partial date of birth in Thai form for pages: 15 เม.ย. 2534, เม.ย. 2534 or 2534
        (issue 20); the API and exports keep `birth_date_display`."""
        from sodsong.thai.dates import MONTHS_TH_SHORT, be_year

        if not self.birth_year:
            return ""
        parts = [str(be_year(self.birth_year))]
        if self.birth_month:
            parts.insert(0, MONTHS_TH_SHORT[self.birth_month - 1])
            if self.birth_day:
                parts.insert(0, str(self.birth_day))
        return " ".join(parts)


class DocumentType(models.TextChoices):
    PASSPORT = "passport", _("passport")
    THAI_ID = "thai_id", _("13-digit identification number")
    VISA = "visa", _("visa")
    WORK_PERMIT = "work_permit", _("work permit")
    MIGRANT_CARD = "migrant_card", _("migrant-worker card (pink card)")
    BORDER_PASS = "border_pass", _("border pass")
    CERT_OF_IDENTITY = "ci", _("certificate of identity (CI)")
    OTHER = "other", _("other")


class IdentityDocument(SoftDeleteModel):
    """A document that identifies a person. (type, issuing state, number) is unique: the same
    document can never make two people."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="documents")
    doc_type = models.CharField(max_length=16, choices=DocumentType.choices)
    # ISO 3166-1 alpha-3 of the issuing state (THA for Thai-issued numbers and permits).
    issuing_state = models.CharField(max_length=3)
    # Normalised: upper case, no spaces or dashes, Arabic digits.
    number = models.CharField(max_length=40)
    issued_on = models.DateField(null=True, blank=True)
    expires_on = models.DateField(null=True, blank=True)
    # Visa type (e.g. Non-B), work-permit employer and similar document-specific facts.
    subtype = models.CharField(max_length=60, blank=True)
    issuer_detail = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["doc_type", "-expires_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["doc_type", "issuing_state", "number"], name="identity_document_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.doc_type} {self.issuing_state} {self.number}"


class Resolution(models.TextChoices):
    MERGED = "merged", _("merged into the earlier record")
    DISMISSED = "dismissed", _("not the same person")


class PossibleDuplicate(DomainModel):
    """An identity document given for a new person already belongs to a person the user who
    recorded it may not see. The new person is recorded without the document and nothing about
    the holder is revealed; this record lets someone who may see both decide (issue #17 item 1).
    """

    existing = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    candidate = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    doc_type = models.CharField(max_length=16, choices=DocumentType.choices)
    issuing_state = models.CharField(max_length=3)
    number = models.CharField(max_length=40)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    # Decided on the review page (`sodsong.people.duplicates`) by someone who may see both.
    resolution = models.CharField(
        _("resolution"), max_length=16, choices=Resolution.choices, blank=True, default=""
    )
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["existing", "candidate", "doc_type"], name="possible_duplicate_key"
            )
        ]

    def __str__(self) -> str:
        return f"possible duplicate {self.candidate_id} of {self.existing_id}"
