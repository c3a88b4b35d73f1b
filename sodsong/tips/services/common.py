"""What the writes on tips share: tracking codes, the client hash, rate limits, errors, stored
files (metadata stripped), the area a report names and cleaning what a reporter typed."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import secrets
import warnings
from collections.abc import Iterable, Sequence

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.utils import timezone
from django.utils.translation import gettext as _

from sodsong.accounts.models import Role
from sodsong.core.attachments import AttachmentError, attachment_store, sniff_content_type
from sodsong.core.errors import DomainError
from sodsong.entities.services import mentions_from_text
from sodsong.geo.models import Area, Level
from sodsong.tips import redflags
from sodsong.tips.models import (
    RateLimitHit,
    Tip,
)

# 31 symbols without look-alikes (no 0/O, 1/I/L): 10 of them carry 10 × log2(31) ≈ 49.5 bits.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 10
MAX_DESCRIPTION = 5000
MAX_FILES = 5
MAX_IMAGE_PIXELS = 40_000_000
# Roles that report from their villages (watch reports) and officers who may also file one.
WATCH_ROLES = frozenset({Role.HEADMAN, Role.KAMNAN, Role.LOCALGOV})
REPORTING_ROLES = WATCH_ROLES | {Role.DISTRICT}


class TipError(DomainError):
    """The tip cannot be accepted or changed; the message is for the user. The tips API has
    answered these with 400 since it was published."""

    status = 400


class RateLimited(TipError):
    code = "rate_limited"
    status = 429

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
        raise TipError(_too_large())
    return SimpleUploadedFile(upload.name or "picture", data, content_type=content_type)


def _too_large() -> str:
    return _("The file is larger than %(mb)d MB.") % {"mb": settings.ATTACHMENT_MAX_BYTES // 2**20}


def _store_files(tip: Tip, files: Sequence[UploadedFile], uploaded_by_id: int | None) -> None:
    """Stores the files; a file refused (type, size) refuses the tip with the store's reason."""
    if len(files) > MAX_FILES:
        raise TipError(_("At most %(n)d files can be attached.") % {"n": MAX_FILES})
    for upload in files:
        if upload.size is not None and upload.size > settings.ATTACHMENT_MAX_BYTES:
            raise TipError(_too_large())
        try:
            attachment_store(
                owner=tip,
                area_code=tip.area.code,
                upload=strip_image_metadata(upload),
                uploaded_by_id=uploaded_by_id,
            )
        except AttachmentError as exc:
            raise TipError(str(exc)) from exc


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
