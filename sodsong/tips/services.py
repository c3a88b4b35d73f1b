"""Writes of the tips module: the public tip line, watch reports, the officers' queue, triage,
reporter protection, retention and notifications.

Every write is a service: keyword-only, one transaction. Changes are audited by the history
mechanism (each save of a Tip is a RecordVersion and an audit event); queue actions also log an
explicit audit event naming the action.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import secrets
import uuid as uuid_module
import warnings
from collections.abc import Iterable, Sequence

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from sodsong.accounts.models import Role, User
from sodsong.accounts.scope import scope_for
from sodsong.audit.models import AuditEvent
from sodsong.audit.services import log_action
from sodsong.core.attachments import AttachmentError, attachment_store, sniff_content_type
from sodsong.core.models import Attachment
from sodsong.core.services import record_purge, record_soft_delete
from sodsong.entities.services import (
    IdentifierError,
    mention_record,
    mentions_delete_for_sources,
    mentions_from_text,
)
from sodsong.geo.models import Area, Level
from sodsong.tips import redflags, triage
from sodsong.tips.models import (
    URGENT_SCORE,
    RateLimitHit,
    ReporterDesignation,
    Tip,
    TipKind,
    TipNote,
    TipStatus,
    TipTombstone,
)

# 32 symbols without look-alikes (no 0/O, 1/I/L): 10 of them carry 50 bits.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 10
MAX_DESCRIPTION = 5000
MAX_FILES = 5
MAX_IMAGE_PIXELS = 40_000_000
# Roles that report from their villages (watch reports) and officers who may also file one.
WATCH_ROLES = frozenset({Role.HEADMAN, Role.KAMNAN, Role.LOCALGOV})
REPORTING_ROLES = WATCH_ROLES | {Role.DISTRICT}


class TipError(ValueError):
    """The tip cannot be accepted or changed; the message is for the user."""


class RateLimited(TipError):
    def __init__(self) -> None:
        super().__init__(_("Too many attempts from your connection. Please try again later."))


class SpamSuspected(TipError):
    def __init__(self) -> None:
        super().__init__(_("The form could not be accepted. Please try again."))


# --- small helpers ----------------------------------------------------------------------------


def new_tracking_code() -> str:
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if not Tip.all_objects.filter(tracking_code=code).exists():
            return code


def normalize_tracking_code(text: str) -> str:
    return "".join(ch for ch in (text or "").upper() if ch.isalnum())


def client_hash(address: str) -> str:
    """A salted one-way hash of a client address: the address itself is never stored."""
    salted = f"{settings.HASH_SALT}:tips:{address or 'unknown'}"
    return hashlib.sha256(salted.encode()).hexdigest()


def retention_days() -> int:
    return int(getattr(settings, "SODSONG_TIP_RETENTION_DAYS", 180))


RATE_LIMITS = {
    # bucket → (requests, per seconds)
    "tip_submit": (5, 3600),
    "tip_lookup": (30, 3600),
}


def rate_limit_hit(*, bucket: str, client_address: str, now: dt.datetime | None = None) -> None:
    """Counts a request from this client and refuses it over the bucket's limit."""
    limit, window = getattr(settings, "SODSONG_TIP_RATE_LIMITS", RATE_LIMITS)[bucket]
    now = now or timezone.now()
    key = client_hash(client_address)
    recent = RateLimitHit.objects.filter(
        bucket=bucket, client_hash=key, at__gte=now - dt.timedelta(seconds=window)
    ).count()
    if recent >= limit:
        raise RateLimited()
    RateLimitHit.objects.create(bucket=bucket, client_hash=key, at=now)


def rate_limits_purge(*, now: dt.datetime | None = None) -> int:
    """Discards hashed client addresses older than a day."""
    cutoff = (now or timezone.now()) - dt.timedelta(days=1)
    deleted, _detail = RateLimitHit.objects.filter(at__lt=cutoff).delete()
    return deleted


def strip_image_metadata(upload: UploadedFile) -> UploadedFile:
    """Re-encodes an image without its metadata (EXIF: GPS position, camera, time). Other files
    pass unchanged; `attachment_store` then sniffs and limits them."""
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    content_type = sniff_content_type(head)
    if content_type is None or not content_type.startswith("image/"):
        return upload
    from PIL import Image, ImageOps

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                if image.width * image.height > MAX_IMAGE_PIXELS:
                    raise TipError(_("The picture is too large."))
                image.load()
                fmt = image.format or "PNG"
                # Turn the picture upright first: the orientation tag goes with the metadata.
                clean = ImageOps.exif_transpose(image)
                clean.info = {}
                out = io.BytesIO()
                params: dict[str, object] = {}
                if fmt == "JPEG":
                    params = {"quality": 90}
                    if clean.mode not in ("RGB", "L", "CMYK"):
                        clean = clean.convert("RGB")
                clean.save(out, format=fmt, **params)
    except TipError:
        raise
    except Exception as exc:  # corrupt, truncated or a decompression bomb
        raise TipError(_("The picture could not be read.")) from exc
    data = out.getvalue()
    if len(data) > settings.ATTACHMENT_MAX_BYTES:
        raise AttachmentError(
            _("The file is larger than %(mb)d MB.") % {"mb": settings.ATTACHMENT_MAX_BYTES // 2**20}
        )
    return SimpleUploadedFile(upload.name or "picture", data, content_type=content_type)


def _store_files(tip: Tip, files: Sequence[UploadedFile], uploaded_by_id: int | None) -> None:
    if len(files) > MAX_FILES:
        raise TipError(_("At most %(n)d files can be attached.") % {"n": MAX_FILES})
    for upload in files:
        if upload.size is not None and upload.size > settings.ATTACHMENT_MAX_BYTES:
            raise AttachmentError(
                _("The file is larger than %(mb)d MB.")
                % {"mb": settings.ATTACHMENT_MAX_BYTES // 2**20}
            )
        attachment_store(
            owner=tip,
            area_code=tip.area.code,
            upload=strip_image_metadata(upload),
            uploaded_by_id=uploaded_by_id,
        )


def resolve_area(
    *, province: str = "", district: str = "", subdistrict: str = "", village: str = ""
) -> Area:
    """The deepest area of a consistent province → district → sub-district → village choice."""
    deployment = getattr(settings, "DEPLOYMENT_AREA", "TH")
    if not province:
        if deployment != "TH":
            province = deployment
        else:
            raise TipError(_("Choose the province."))
    if deployment != "TH" and province != deployment:
        raise TipError(_("This tip line serves one province only."))
    chain = [(province, Level.PROVINCE)]
    for code, level in (
        (district, Level.DISTRICT),
        (subdistrict, Level.SUBDISTRICT),
        (village, Level.VILLAGE),
    ):
        if not code:
            break
        chain.append((code, level))
    area: Area | None = None
    for code, level in chain:
        found = Area.objects.filter(code=code, level=level, abolished_on__isnull=True).first()
        if found is None or (area is not None and found.parent_id != area.pk):
            raise TipError(_("The chosen place does not exist."))
        area = found
    assert area is not None
    return area


def _clean_red_flags(codes: Iterable[str]) -> list[str]:
    chosen = sorted({c for c in codes if c})
    unknown = set(chosen) - redflags.valid_codes()
    if unknown:
        raise TipError(_("Unknown red flag."))
    return chosen


def _clean_description(text: str) -> str:
    text = (text or "").strip()
    if len(text) < 10:
        raise TipError(_("Describe what happened in at least a few words."))
    if len(text) > MAX_DESCRIPTION:
        raise TipError(
            _("The description is too long (at most %(n)d characters).") % {"n": MAX_DESCRIPTION}
        )
    return text


def _record_identifiers(tip: Tip) -> None:
    place_offset = len(tip.description) + 1
    mentions_from_text(
        text=tip.description, source_type=tip.kind, source_uuid=tip.uuid, area_code=tip.area.code
    )
    if tip.place_text:
        mentions_from_text(
            text=tip.place_text,
            source_type=tip.kind,
            source_uuid=tip.uuid,
            area_code=tip.area.code,
            offset=place_offset,
        )


# --- creating tips and reports ----------------------------------------------------------------


@transaction.atomic
def public_tip_submit(
    *,
    description: str,
    client_address: str,
    province: str = "",
    district: str = "",
    subdistrict: str = "",
    village: str = "",
    place_text: str = "",
    occurred_on: dt.date | None = None,
    contact_name: str = "",
    contact_phone: str = "",
    contact_email: str = "",
    files: Sequence[UploadedFile] = (),
    honeypot: str = "",
) -> Tip:
    """A tip from the public, without sign-in. Returns the tip; its tracking code goes back to
    the sender. Rate-limited per client (salted hash of the address); a filled honeypot field
    refuses the tip."""
    rate_limit_hit(bucket="tip_submit", client_address=client_address)
    if honeypot.strip():
        raise SpamSuspected()
    if occurred_on and occurred_on > timezone.localdate():
        raise TipError(_("The date is in the future."))
    tip = Tip(
        kind=TipKind.TIP,
        tracking_code=new_tracking_code(),
        area=resolve_area(
            province=province, district=district, subdistrict=subdistrict, village=village
        ),
        place_text=place_text.strip()[:300],
        description=_clean_description(description),
        occurred_on=occurred_on,
        contact_name=contact_name.strip()[:120],
        contact_phone=contact_phone.strip()[:40],
        contact_email=contact_email.strip()[:200],
    )
    tip.save()
    _store_files(tip, files, uploaded_by_id=None)
    _record_identifiers(tip)
    tip_rescore(tip=tip, related=True)
    return tip


def may_report_in(user: User, area: Area) -> bool:
    scope = scope_for(user)
    return any(
        area.code.startswith(code)
        for role in REPORTING_ROLES
        for code in scope.role_areas.get(role, ())
    )


@transaction.atomic
def watch_report_create(
    *,
    reporter: User,
    area: Area,
    description: str,
    red_flags: Iterable[str] = (),
    people: Iterable[object] = (),
    occurred_on: dt.date | None = None,
    place_text: str = "",
    files: Sequence[UploadedFile] = (),
) -> Tip:
    """A watch report from a headman, kamnan or local body (or a district officer) about an area
    they cover, optionally tied to registry people in that area."""
    if not may_report_in(reporter, area):
        raise TipError(_("You may report only about the areas you cover."))
    if occurred_on and occurred_on > timezone.localdate():
        raise TipError(_("The date is in the future."))
    chosen_people = list(people)
    for person in chosen_people:
        if not person.area.code.startswith(area.code[:6]):  # type: ignore[attr-defined]
            raise TipError(_("A person tied to the report must live in its area."))
    tip = Tip(
        kind=TipKind.REPORT,
        tracking_code=new_tracking_code(),
        area=area,
        place_text=place_text.strip()[:300],
        description=_clean_description(description),
        occurred_on=occurred_on,
        red_flags=_clean_red_flags(red_flags),
        reporter=reporter,
    )
    tip.save()
    if chosen_people:
        tip.people.set(chosen_people)
    _store_files(tip, files, uploaded_by_id=reporter.pk)
    _record_identifiers(tip)
    tip_rescore(tip=tip, related=True)
    return tip


# --- triage -----------------------------------------------------------------------------------


def _related_tips(tip: Tip) -> list[Tip]:
    from sodsong.entities.models import IdentifierMention

    ids = IdentifierMention.objects.filter(source_type=tip.kind, source_uuid=tip.uuid).values(
        "identifier_id"
    )
    uuids = (
        IdentifierMention.objects.filter(identifier_id__in=ids)
        .exclude(source_uuid=tip.uuid)
        .values_list("source_uuid", flat=True)
    )
    return list(Tip.objects.filter(uuid__in=set(uuids)))


@transaction.atomic
def tip_rescore(*, tip: Tip, related: bool = False, now: dt.datetime | None = None) -> Tip:
    """Recomputes the score and its reasons; with `related`, also of tips sharing identifiers
    (their corroboration changed too). Newly urgent open items notify the district."""
    result = triage.score(triage.features_for(tip, now=now))
    urgent = tip.status == TipStatus.NEW and result.score >= URGENT_SCORE
    if (tip.score, tip.score_reasons, tip.urgent) != (result.score, result.reasons, urgent):
        tip.score = result.score
        tip.score_reasons = result.reasons
        tip.urgent = urgent
        tip.scored_at = now or timezone.now()
        tip.save(update_fields=["score", "score_reasons", "urgent", "scored_at", "updated_at"])
    if tip.urgent and tip.notified_at is None:
        _notify_urgent(tip)
    if related:
        for other in _related_tips(tip):
            tip_rescore(tip=other, now=now)
    return tip


@transaction.atomic
def tips_rescore_sharing(
    *, source_type: str, source_uuid: uuid_module.UUID | str, now: dt.datetime | None = None
) -> int:
    """Rescores the tips and reports that share an identifier with another source (a case that
    now mentions it: "identifiers already seen in other tips, reports or cases")."""
    from sodsong.entities.models import IdentifierMention

    ids = IdentifierMention.objects.filter(source_type=source_type, source_uuid=source_uuid).values(
        "identifier_id"
    )
    uuids = (
        IdentifierMention.objects.filter(
            identifier_id__in=ids, source_type__in=(TipKind.TIP, TipKind.REPORT)
        )
        .exclude(source_uuid=source_uuid)
        .values_list("source_uuid", flat=True)
    )
    tips = list(Tip.objects.filter(uuid__in=set(uuids)).select_related("area"))
    for tip in tips:
        tip_rescore(tip=tip, now=now)
    return len(tips)


def _notify_urgent(tip: Tip) -> None:
    from sodsong.jobs.services import job_enqueue
    from sodsong.tips.tasks import send_urgent_email

    tip.notified_at = timezone.now()
    tip.save(update_fields=["notified_at", "updated_at"])
    if email_configured():
        job_enqueue(task=send_urgent_email, name="tips.urgent_email", tip_id=tip.pk)


def email_configured() -> bool:
    backend = getattr(settings, "EMAIL_BACKEND", "")
    if backend.endswith("smtp.EmailBackend"):
        return getattr(settings, "EMAIL_HOST", "localhost") not in ("", "localhost")
    return bool(backend) and not backend.endswith("dummy.EmailBackend")


def urgent_recipients(tip: Tip) -> list[str]:
    """E-mail addresses of district officers whose district holds the tip."""
    from sodsong.accounts.scope import active_assignments

    district_code = tip.area.code[:4]
    emails = []
    candidates = User.objects.filter(
        is_active=True,
        role_assignments__role=Role.DISTRICT,
        role_assignments__revoked_at__isnull=True,
    ).exclude(email="")
    for user in candidates.distinct():
        for assignment in active_assignments(user):
            if assignment.role == Role.DISTRICT and any(
                district_code.startswith(a.code) for a in assignment.areas.all()
            ):
                emails.append(user.email)
                break
    return sorted(set(emails))


def send_urgent_email_now(*, tip: Tip) -> int:
    """The e-mail holds no personal data: only that an urgent item arrived, and a link."""
    from django.core.mail import send_mail
    from django.urls import reverse

    recipients = urgent_recipients(tip)
    if not recipients:
        return 0
    base = getattr(settings, "SODSONG_BASE_URL", "")
    link = base + reverse("tips:detail", args=[tip.uuid])
    subject = _("Sodsong: an urgent tip in your district")
    body = _(
        "An urgent item (score %(score)d) arrived in %(area)s.\nOpen it in Sodsong: %(link)s"
    ) % {"score": tip.score, "area": tip.area.name_th, "link": link}
    return send_mail(
        subject,
        body,
        getattr(settings, "DEFAULT_FROM_EMAIL", None),
        recipients,
        fail_silently=True,
    )


# --- the officers' queue ----------------------------------------------------------------------


def _audit_action(tip: Tip, action: str, **detail: object) -> None:
    log_action(
        action=AuditEvent.Action.CHANGE,
        object_type="tips.tip",
        object_ids=[tip.uuid],
        detail={"tip_action": action, **detail},
    )


QUEUE_STATUSES = (TipStatus.NEW, TipStatus.VERIFIED, TipStatus.UNFOUNDED)


@transaction.atomic
def tip_set_status(*, tip: Tip, status: str, by: User, note: str = "") -> Tip:
    """Marks a tip received (reopen), verified or unfounded. Duplicates go through `tip_merge`
    and promotion through `tip_mark_promoted`."""
    if status not in QUEUE_STATUSES:
        raise TipError(_("Unknown status."))
    if tip.status == TipStatus.PROMOTED:
        raise TipError(_("This tip was passed to a case and can no longer change."))
    tip.status = status
    tip.status_changed_at = timezone.now()
    tip.status_changed_by = by
    if status != TipStatus.DUPLICATE:
        tip.duplicate_of = None
    tip.save()
    if note.strip():
        tip_add_note(tip=tip, by=by, text=note)
    _audit_action(tip, f"status:{status}")
    tip_rescore(tip=tip, related=True)
    return tip


@transaction.atomic
def tip_merge(*, duplicate: Tip, into: Tip, by: User, note: str = "") -> Tip:
    """Marks `duplicate` as a duplicate of `into`. Its identifiers are linked to `into` as
    well, so nothing found in it is lost."""
    if duplicate.pk == into.pk:
        raise TipError(_("A tip cannot duplicate itself."))
    if into.status == TipStatus.DUPLICATE:
        raise TipError(_("Merge into the original tip, not into a duplicate."))
    if duplicate.status == TipStatus.PROMOTED:
        raise TipError(_("This tip was passed to a case and can no longer change."))
    from sodsong.entities.models import IdentifierMention

    duplicate.status = TipStatus.DUPLICATE
    duplicate.duplicate_of = into
    duplicate.status_changed_at = timezone.now()
    duplicate.status_changed_by = by
    duplicate.urgent = False
    duplicate.save()
    for mention in IdentifierMention.objects.filter(
        source_type=duplicate.kind, source_uuid=duplicate.uuid
    ).select_related("identifier"):
        mention_record(
            type=mention.identifier.type,
            value=mention.identifier.value,
            source_type=into.kind,
            source_uuid=into.uuid,
            area_code=into.area.code,
            normalised=True,
        )
    # Duplicates of the duplicate follow it to the original.
    Tip.objects.filter(duplicate_of=duplicate).update(duplicate_of=into)
    if note.strip():
        tip_add_note(tip=duplicate, by=by, text=note)
    _audit_action(duplicate, "merge", into=str(into.uuid))
    _audit_action(into, "merged_in", duplicate=str(duplicate.uuid))
    tip_rescore(tip=into, related=True)
    return into


@transaction.atomic
def tip_mark_promoted(
    *,
    case_uuid: uuid_module.UUID | str,
    tip: Tip | None = None,
    tip_uuid: uuid_module.UUID | str | None = None,
    by: User | None = None,
) -> Tip:
    """Called by the cases module when a case is opened from a tip (by the tip or its UUID)."""
    if tip is None:
        tip = Tip.objects.select_related("area").get(uuid=tip_uuid)
    tip.status = TipStatus.PROMOTED
    tip.case_uuid = uuid_module.UUID(str(case_uuid))
    tip.status_changed_at = timezone.now()
    tip.status_changed_by = by
    tip.urgent = False
    tip.save()
    _audit_action(tip, "promote", case=str(tip.case_uuid))
    return tip


@transaction.atomic
def tip_add_note(*, tip: Tip, by: User, text: str) -> TipNote:
    text = text.strip()
    if not text:
        raise TipError(_("The note is empty."))
    return TipNote.objects.create(tip=tip, author=by, text=text[:4000])


@transaction.atomic
def tip_add_identifier(*, tip: Tip, type: str, value: str, by: User) -> Tip:
    """An identifier an officer read in the tip or its attachments and enters by hand."""
    try:
        mention_record(
            type=type,
            value=value,
            source_type=tip.kind,
            source_uuid=tip.uuid,
            area_code=tip.area.code,
        )
    except IdentifierError as exc:
        raise TipError(str(exc)) from exc
    _audit_action(tip, "add_identifier", type=type)
    tip_rescore(tip=tip, related=True)
    return tip


# --- reporter protection ----------------------------------------------------------------------


def may_designate(user: User, district: Area) -> bool:
    scope = scope_for(user)
    return district.level == Level.DISTRICT and any(
        district.code.startswith(code)
        for role in (Role.DISTRICT, Role.PROVINCE)
        for code in scope.role_areas.get(role, ())
    )


@transaction.atomic
def designation_grant(*, district: Area, user: User, by: User) -> ReporterDesignation:
    if not may_designate(by, district):
        raise TipError(_("Only the district or the province may designate officers."))
    scope = scope_for(user)
    if not any(
        district.code.startswith(c)
        for role in (Role.DISTRICT, Role.PROVINCE)
        for c in scope.role_areas.get(role, ())
    ):
        raise TipError(_("Only an officer of this district or the province can be designated."))
    existing = ReporterDesignation.objects.filter(
        district=district, user=user, revoked_at__isnull=True
    ).first()
    if existing is not None:
        return existing
    return ReporterDesignation.objects.create(district=district, user=user, designated_by=by)


@transaction.atomic
def designation_revoke(*, designation: ReporterDesignation, by: User) -> ReporterDesignation:
    if not may_designate(by, designation.district):
        raise TipError(_("Only the district or the province may designate officers."))
    designation.revoked_at = timezone.now()
    designation.save()
    return designation


# --- retention ---------------------------------------------------------------------------------


def _attachment_remove(attachment: Attachment) -> None:
    """Deletes the record, and the stored bytes unless another record shares them (they are
    stored once per content hash)."""
    sha, name = attachment.sha256, attachment.file.name
    storage = attachment.file.storage
    attachment.delete()

    def _drop_bytes() -> None:
        if not Attachment.objects.filter(sha256=sha).exists() and name and storage.exists(name):
            storage.delete(name)

    transaction.on_commit(_drop_bytes)


@transaction.atomic
def tips_expire(*, now: dt.datetime | None = None, days: int | None = None) -> int:
    """Purges tips that were never verified nor passed to a case within the retention period.
    Counts survive in `TipTombstone`; the audit log keeps the ids (the purge is audited)."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(days=days if days is not None else retention_days())
    expiring = list(
        Tip.all_objects.filter(created_at__lt=cutoff, legal_hold=False)
        .exclude(status__in=(TipStatus.VERIFIED, TipStatus.PROMOTED))
        .exclude(duplicates__status__in=(TipStatus.VERIFIED, TipStatus.PROMOTED))
        .select_related("area")
        .distinct()
    )
    for tip in expiring:
        day = timezone.localtime(tip.created_at).date()
        row, _created = TipTombstone.objects.get_or_create(
            area_code=tip.area.code, day=day, kind=tip.kind, status=tip.status
        )
        TipTombstone.objects.filter(pk=row.pk).update(count=F("count") + 1)
    by_kind: dict[str, list[uuid_module.UUID]] = {}
    for tip in expiring:
        by_kind.setdefault(tip.kind, []).append(tip.uuid)
    for kind, uuids in by_kind.items():
        mentions_delete_for_sources(source_type=kind, source_uuids=uuids)
    for tip in expiring:
        for attachment in Attachment.objects.filter(owner_uuid=tip.uuid):
            _attachment_remove(attachment)
        Tip.all_objects.filter(duplicate_of=tip).update(duplicate_of=None)
        if not tip.is_deleted:
            record_soft_delete(record=tip, actor_id=None, reason="retention period ended")
        record_purge(record=tip)
    return len(expiring)
