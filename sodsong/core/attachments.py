"""Attachments: content-hashed, size-limited, type-sniffed, and served only after the owning
record's own access check.

Each module registers who may read attachments of its records with `register_owner_access`; a
file whose owner type has no registered check is never served.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.utils.translation import gettext as _

from sodsong.core import uploads
from sodsong.core.errors import DomainError
from sodsong.core.models import Attachment, attachment_key

# Magic numbers of the types Sodsong accepts; the client's declared type is never trusted.
_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
)
DEFAULT_ALLOWED = frozenset(
    {"application/pdf", "image/png", "image/jpeg", "image/webp", "image/gif"}
)
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# Official letters also arrive as Word files; modules that accept them pass this set.
DOCUMENT_ALLOWED = DEFAULT_ALLOWED | {DOCX}

AccessCheck = Callable[[Any, str], bool]
_owner_access: dict[str, AccessCheck] = {}


class AttachmentError(DomainError):
    """The file cannot be accepted; the message is for the user."""


def _refuse(check: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Runs one of sodsong.core.uploads' checks; its refusal becomes an AttachmentError."""
    try:
        return check(*args, **kwargs)
    except uploads.UploadRefused as exc:
        raise AttachmentError(str(exc)) from exc


def register_owner_access(model: type[models.Model], check: AccessCheck) -> None:
    _owner_access[model._meta.label_lower] = check


def sniff_content_type(head: bytes, upload: UploadedFile | None = None) -> str | None:
    for signature, content_type in _SIGNATURES:
        if head.startswith(signature):
            return content_type
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head.startswith(b"PK\x03\x04") and upload is not None and _is_docx(upload):
        return DOCX
    return None


def _is_docx(upload: UploadedFile) -> bool:
    """A ZIP is a Word document only if it holds word/document.xml (not just any archive)."""
    import zipfile

    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            return "word/document.xml" in archive.namelist()
    except zipfile.BadZipFile:
        return False
    finally:
        upload.seek(0)


@transaction.atomic
def attachment_store(
    *,
    owner: models.Model,
    area_code: str,
    upload: UploadedFile,
    uploaded_by_id: int | None,
    allowed_types: frozenset[str] = DEFAULT_ALLOWED,
) -> Attachment:
    if upload.size is not None and upload.size > settings.ATTACHMENT_MAX_BYTES:
        # Refused before a byte is read; the checks below count the real bytes again.
        _refuse(uploads.check_size, upload.size, settings.ATTACHMENT_MAX_BYTES)
    digest = hashlib.sha256()
    parts = []
    for chunk in upload.chunks():
        digest.update(chunk)
        parts.append(chunk)
    data = b"".join(parts)
    del parts
    if not data:
        _refuse(uploads.check_size, 0, settings.ATTACHMENT_MAX_BYTES)
    content_type = sniff_content_type(data[:16], upload)
    if content_type is None or content_type not in allowed_types:
        raise AttachmentError(_("Only images (JPEG, PNG, WebP, GIF) and PDF files are accepted."))
    # Size, the name against the content, PDF actions, DOCX bombs and entities, picture size:
    # sodsong.core.uploads is the one place of these checks (issue #12 hostile files).
    name = _refuse(
        uploads.check_attachment,
        data,
        upload.name or "",
        content_type,
        max_bytes=settings.ATTACHMENT_MAX_BYTES,
    )
    del data
    sha = digest.hexdigest()
    attachment = Attachment(
        owner_type=ContentType.objects.get_for_model(owner),
        owner_uuid=owner.uuid,  # type: ignore[attr-defined]
        area_code=area_code,
        sha256=sha,
        size=upload.size,
        content_type=content_type,
        original_name=name[:255],
        uploaded_by_id=uploaded_by_id,
    )
    key = attachment_key(attachment, "")
    storage = attachment.file.storage
    if storage.exists(key):
        # Same bytes already stored: point at them instead of writing a second copy.
        attachment.file.name = key
    else:
        upload.seek(0)
        attachment.file.name = storage.save(key, upload)
    attachment.save()
    return attachment


def attachment_readable_by(attachment: Attachment, user: Any) -> bool:
    check = _owner_access.get(f"{attachment.owner_type.app_label}.{attachment.owner_type.model}")
    return bool(check and check(user, str(attachment.owner_uuid)))
