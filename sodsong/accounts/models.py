"""Agencies, users, their roles with scopes and validity dates, and API tokens."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sodsong.accounts.crypto import EncryptedSecretField
from sodsong.core.models import DomainModel


class AgencyKind(models.TextChoices):
    MINISTRY = "ministry", _("Ministry / Department of Provincial Administration")
    PROVINCIAL_ADMIN = "provincial_admin", _("Provincial Administration Office")
    DISTRICT_OFFICE = "district_office", _("District office")
    POLICE = "police", _("Police station")
    # ตรวจคนเข้าเมืองจังหวัด (ตม.จว.) for an inland province; a ด่าน is a border checkpoint.
    IMMIGRATION = "immigration", _("Immigration")
    MILITARY = "military", _("Military unit")
    # สำนักงานจัดหางานจังหวัด (Department of Employment): work permits, raids on illegal work and
    # recruitment licences; not the สำนักงานแรงงานจังหวัด, which coordinates and does neither.
    LABOUR = "labour", _("Provincial employment office")
    LOCAL_GOV = "local_gov", _("Local administrative organisation")
    # ตำรวจภูธรจังหวัด (ภ.จว.): the province's police command above its stations (สภ.).
    PROVINCIAL_POLICE = "provincial_police", _("Provincial police (ภ.จว.)")
    # กองบัญชาการตำรวจสืบสวนสอบสวนอาชญากรรมทางเทคโนโลยี (บช.สอท.), Royal Thai Police.
    CYBER_POLICE = "cyber_police", _("Cyber Crime Investigation Bureau (บช.สอท.)")
    DSI = "dsi", _("Department of Special Investigation (DSI)")
    AMLO = "amlo", _("Anti-Money Laundering Office (ปปง.)")
    # ศูนย์ปฏิบัติการแก้ไขปัญหาอาชญากรรมออนไลน์ (AOC), hotline 1441: freezes mule accounts.
    AOC = "aoc", _("Anti Online Scam Operation Center (AOC 1441)")
    # กองอำนวยการรักษาความมั่นคงภายในจังหวัด (กอ.รมน.จังหวัด), directed by the governor.
    ISOC = "isoc", _("Provincial Internal Security Operations Command (กอ.รมน.จังหวัด)")
    # ศูนย์ดำรงธรรมจังหวัด/อำเภอ: complaints from the public, hotline 1567.
    DAMRONGDHAM = "damrongdham", _("Damrongdham Centre (ศูนย์ดำรงธรรม)")
    # สำนักงานพัฒนาสังคมและความมั่นคงของมนุษย์จังหวัด (พมจ.): receives trafficking victims.
    SOCIAL_DEVELOPMENT = "social_dev", _("Provincial social development office (พมจ.)")
    OTHER = "other", _("Other")


class Agency(DomainModel):
    kind = models.CharField(max_length=20, choices=AgencyKind.choices)
    name_th = models.CharField(max_length=200)
    name_en = models.CharField(max_length=200, blank=True)
    # The areas it covers: a police station its districts, a municipality parts of sub-districts.
    areas = models.ManyToManyField("geo.Area", related_name="agencies", blank=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    # Owner code for official letters (e.g. สน 0017.1); used by the documents module.
    letter_code = models.CharField(max_length=30, blank=True)
    # The postal address printed under the Garuda of its letters, one line per printed line:
    # the office, then road and postcode ("ศาลากลางจังหวัดสกลนคร" / "ถนนศูนย์ราชการ สน ๔๗๐๐๐").
    address_th = models.TextField(_("postal address"), blank=True)
    phone = models.CharField(max_length=40, blank=True)
    email = models.EmailField(blank=True)

    class Meta:
        ordering = ["kind", "name_th"]
        verbose_name_plural = "agencies"

    def __str__(self) -> str:
        return self.name_th


class User(AbstractUser):
    uuid = models.UUIDField(unique=True, editable=False, null=True)
    agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="users"
    )
    position_th = models.CharField(_("position"), max_length=200, blank=True)
    # Demo personas: the app refuses to start outside demo mode while any exists.
    is_demo = models.BooleanField(default=False, editable=False)
    thai_digits = models.BooleanField(_("show Thai digits"), default=False)
    # Bumped when roles change or an admin resets the password: older sessions end.
    session_epoch = models.PositiveIntegerField(default=0)
    failed_logins = models.PositiveIntegerField(default=0)
    locked_until = models.DateTimeField(null=True, blank=True)
    must_change_password = models.BooleanField(default=False)
    # Encrypted at rest (#17 L14); Python code sees the plain base32 secret.
    totp_secret = EncryptedSecretField(max_length=255, blank=True)
    totp_confirmed_at = models.DateTimeField(null=True, blank=True)
    totp_last_step = models.BigIntegerField(default=0)

    objects = UserManager()

    def save(self, *args, **kwargs) -> None:
        if self.uuid is None:
            import uuid

            self.uuid = uuid.uuid4()
        super().save(*args, **kwargs)

    @property
    def has_totp(self) -> bool:
        return bool(self.totp_secret and self.totp_confirmed_at)

    def is_locked(self, now: dt.datetime | None = None) -> bool:
        return self.locked_until is not None and self.locked_until > (now or timezone.now())


class Role(models.TextChoices):
    MINISTRY = "ministry", _("Ministry viewer")
    PROVINCE = "province", _("Provincial administration officer")
    DISTRICT = "district", _("District officer")
    KAMNAN = "kamnan", _("Kamnan")
    HEADMAN = "headman", _("Village headman")
    LOCALGOV = "localgov", _("Local administrative organisation officer")
    AGENCY_OFFICER = "agency_officer", _("Agency officer (police, immigration, military, labour)")
    ANALYST = "analyst", _("Analyst")
    INVESTIGATOR = "investigator", _("Misconduct investigator")
    ADMIN = "admin", _("System administrator")


class RoleAssignment(DomainModel):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(max_length=20, choices=Role.choices)
    areas = models.ManyToManyField("geo.Area", related_name="role_assignments", blank=True)
    valid_from = models.DateField(default=timezone.localdate)
    valid_until = models.DateField(null=True, blank=True)
    acting_for = models.CharField(
        _("acting for"),
        max_length=200,
        blank=True,
        help_text=_("When acting in place of another officer (รักษาราชการแทน)."),
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["user_id", "role"]

    def __str__(self) -> str:
        return f"{self.user} {self.role}"

    def is_valid_on(self, day: dt.date) -> bool:
        return (
            self.revoked_at is None
            and self.valid_from <= day
            and (self.valid_until is None or day <= self.valid_until)
        )


class ApiToken(DomainModel):
    """A personal API token. Only its SHA-256 is stored; the token is shown once."""

    class Scope(models.TextChoices):
        READ = "read", _("read")
        WRITE = "write", _("read and write")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=12, db_index=True)
    token_hash = models.CharField(max_length=64, unique=True)
    scope = models.CharField(max_length=8, choices=Scope.choices, default=Scope.READ)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    history_exclude = ("token_hash",)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.name})"

    def is_usable(self, now: dt.datetime | None = None) -> bool:
        return self.revoked_at is None and self.expires_at > (now or timezone.now())


class PasswordResetTicket(models.Model):
    """A one-time link an admin issues so a user can set a new password."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True)
    issued_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"reset for user {self.user_id}"


class TwoFactorResetRequest(models.Model):
    """A request to clear a user's two-factor key (a lost phone), carried out only when a second
    administrator who may manage the user approves it (#17 H4): one administrator alone cannot
    turn off another user's second factor and sign in with a password reset."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    requested_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    approved_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"two-factor reset for user {self.user_id}"

    def is_pending(self, now: dt.datetime | None = None) -> bool:
        return self.approved_at is None and self.expires_at > (now or timezone.now())


class SignInFailure(models.Model):
    """A failed sign-in from one client address (a salted hash, never the address): throttles
    password guessing spread over many accounts from one place (#17 L14)."""

    client_hash = models.CharField(max_length=64, db_index=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self) -> str:
        return f"sign-in failure at {self.at:%Y-%m-%d %H:%M}"
