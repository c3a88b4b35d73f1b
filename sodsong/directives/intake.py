"""From a letter to a draft directive: the file is checked, its text read and parsed into the
fields and items the user corrects before issuing (`services.directive_update`).

A letter longer than LETTER_INLINE_CHARS is parsed by a background job rather than in the request
(issue #17 item 8): the draft is created at once with the text, the job fills in its fields and
items, and the review page shows the job's progress until then. Text over the parser's limit
(200,000 characters), a DOCX that expands beyond 50 MB and a PDF of more than 100 pages are refused
with a Thai message.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sodsong.accounts.models import User
from sodsong.core import uploads
from sodsong.core.attachments import DOCUMENT_ALLOWED, AttachmentError, attachment_store
from sodsong.directives import deadlines, selectors
from sodsong.directives.errors import DirectiveError, _require
from sodsong.directives.letter_reader import LetterReadError, read_letter
from sodsong.directives.letters import (
    MAX_LETTER_CHARS,
    LetterTooLong,
    ParsedLetter,
    parse_letter,
)
from sodsong.directives.models import Directive, DirectiveItem, Origin
from sodsong.thai.digits import to_arabic_digits

MAX_LETTER_BYTES = 10 * 2**20
# About ten pages: parsed in the request below this, by a job above it.
LETTER_INLINE_CHARS = 30_000
PARSE_JOB = "parse_job"


def _date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _fields_from_parsed(letter: ParsedLetter) -> dict[str, Any]:
    kind = letter.kind if letter.kind in ("external", "memo", "order", "stamped") else "external"
    return {
        "kind": kind,
        "urgency": letter.urgency or "",
        "urgent_by": _date(letter.urgent_by),
        "secrecy": letter.secrecy or "",
        "number": letter.number or "",
        "circular": letter.circular,
        "issuer_code": letter.issuer_code or "",
        "running_no": letter.running_no,
        "letter_date": _date(letter.date),
        "date_be_text": (letter.date_be_text or "")[:60],
        "from_unit": (letter.from_unit or "")[:300],
        "subject": (letter.subject or "")[:500],
        "to": (letter.to or "")[:300],
        "references": list(letter.references),
        "enclosures": [
            {"text": a.text, "count": a.count, "unit": a.unit} for a in letter.attachments
        ],
        "closing": (letter.closing or "")[:200],
        "signatory_rank": (letter.signatory_rank or "")[:100],
        "signatory_name": (letter.signatory_name or "")[:200],
        "signatory_position": (letter.signatory_position or "")[:300],
        "acting_for": (letter.acting_for or "")[:200],
        "contact_unit": (letter.contact_unit or "")[:300],
        "phone": (letter.phone or "")[:60],
        "email": (letter.email or "")[:200],
        "inconsistencies": list(letter.inconsistencies),
        "parsed": letter.to_dict(),
    }


def _default_deadline(letter: ParsedLetter) -> str:
    """The report-back item's deadline covers the items that set none of their own."""
    for item in letter.directives:
        if item.report_back and item.deadline:
            return item.deadline
    for item in letter.directives:
        if item.deadline:
            return item.deadline
    return ""


def _too_long(exc: LetterTooLong) -> DirectiveError:
    return DirectiveError(
        _(
            "The letter is %(length)s characters long; at most %(limit)s are read. Keep only "
            "the letter itself (without its enclosures) and read it again."
        )
        % {"length": f"{exc.length:,}", "limit": f"{exc.limit:,}"}
    )


def letter_text(*, upload: UploadedFile | None = None, text: str = "") -> str:
    """The letter's text: the uploaded file checked at the upload boundary (size, content against
    the name, PDF actions, DOCX bombs and entities: sodsong.core.uploads), then read in a separate
    process under a memory and time limit (sodsong.directives.letter_reader; pdftotext runs
    there, and the parser's own page and expansion limits apply inside it); or the pasted text.
    Over MAX_LETTER_CHARS is refused."""
    if upload is not None:
        try:
            data = b"".join(upload.chunks())
            kind = uploads.check_letter(data, upload.name or "", max_bytes=MAX_LETTER_BYTES)
            text = read_letter(
                data,
                kind,
                memory_mb=settings.LETTER_READER_MEMORY_MB,
                cpu_s=settings.LETTER_READER_TIMEOUT_S,
                timeout_s=settings.LETTER_READER_TIMEOUT_S,
            )
        except uploads.UploadRefused as exc:
            raise DirectiveError(str(exc)) from exc
        except LetterReadError as exc:
            raise DirectiveError(_letter_read_error(exc)) from exc
        finally:
            upload.seek(0)
    if len(text) > MAX_LETTER_CHARS:
        raise _too_long(LetterTooLong(len(text)))
    return text


def _letter_read_error(exc: LetterReadError) -> str:
    if exc.code == "too_large":
        return exc.detail  # the parser's own Thai message (pages, expansion)
    if exc.code == "memory":
        return _(
            "Reading the letter needed more memory than allowed: the file is too large or "
            "malformed. Save it again as PDF or Word and upload it again, or paste its text."
        )
    if exc.code == "timeout":
        return _(
            "Reading the letter took longer than allowed: the file is too large or malformed. "
            "Save it again as PDF or Word and upload it again, or paste its text."
        )
    return _(
        "The file could not be read. Upload plain text, a PDF with a text layer or a DOCX document."
    )


def fill_from_letter(directive: Directive, letter: ParsedLetter) -> Directive:
    """Writes the parsed fields and items onto a draft."""
    fields = _fields_from_parsed(letter)
    if not fields["subject"]:
        fields["subject"] = _("(no subject found — please fill it in)")
    for name, value in fields.items():
        setattr(directive, name, value)
    directive.default_deadline = _default_deadline(letter)
    directive.save()
    directive.items.all().delete()
    for position, item in enumerate(letter.directives, start=1):
        deadline = item.deadline or ""
        try:
            deadlines.validate(deadline)
        except deadlines.DeadlineError:
            deadline = ""
        DirectiveItem.objects.create(
            directive=directive,
            position=position,
            ref=to_arabic_digits(item.ref or "")[:20],
            text=item.text,
            actors=list(item.actors),
            deadline=deadline,
            report_back=item.report_back,
        )
    return directive


@transaction.atomic
def directive_from_upload(
    *,
    user: User,
    upload: UploadedFile | None = None,
    text: str = "",
    received_on: dt.date | None = None,
) -> Directive:
    """Parses an uploaded or pasted letter into a draft directive for the user to check; a long
    letter is parsed by a job (`parsing_job` tells which) and the draft filled when it ends."""
    area = selectors.issuer_area(user)
    _require(area is not None)
    if upload is None and not text.strip():
        raise DirectiveError(_("Attach the letter file or paste its text."))
    source = letter_text(upload=upload, text=text)
    if not source.strip():
        raise DirectiveError(_("The letter has no text to read."))
    directive = Directive(
        issuer_agency=user.agency,
        area=area,
        origin=Origin.RECEIVED,
        source_text=source,
        source_name=uploads.display_name(upload.name, "")[:255] if upload is not None else "",
        received_on=received_on or timezone.localdate(),
        created_by=user,
    )
    if len(source) > LETTER_INLINE_CHARS:
        from sodsong.directives.tasks import parse_letter_job
        from sodsong.jobs.services import job_enqueue

        directive.subject = _("(the letter is being read)")
        directive.save()
        run = job_enqueue(
            task=parse_letter_job,
            name="parse-letter",
            requested_by_id=user.pk,
            area_code=area.code,
            directive_id=directive.pk,
        )
        directive.parsed = {PARSE_JOB: str(run.uuid)}
        directive.save(update_fields=["parsed", "updated_at"])
    else:
        fill_from_letter(directive, parse_letter(source))
    if upload is not None:
        # The source PDF or Word file is kept as the directive's attachment; pasted or plain
        # text letters are kept as the directive's text.
        with contextlib.suppress(AttachmentError):
            attachment_store(
                owner=directive,
                area_code=area.code,
                upload=upload,
                uploaded_by_id=user.pk,
                allowed_types=DOCUMENT_ALLOWED,
            )
    return directive


def parse_in_job(directive_id: int) -> dict[str, int]:
    """The job's work: parse the draft's text and fill it in."""
    directive = Directive.objects.filter(pk=directive_id).first()
    if directive is None or not directive.is_draft:
        return {"items": 0}
    letter = parse_letter(directive.source_text)
    with transaction.atomic():
        fill_from_letter(directive, letter)
    return {"items": len(letter.directives)}


def parsing_job(directive: Directive):
    """The job still reading the draft's letter, or None."""
    key = (directive.parsed or {}).get(PARSE_JOB)
    if not key:
        return None
    from sodsong.jobs.models import JobRun

    return JobRun.objects.filter(uuid=key).first()
