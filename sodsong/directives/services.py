"""Writes of the directives module: from a letter to tracked work, and compliance.

upload or paste → `directive_from_upload` (a draft with the parsed fields) → the user checks and
corrects it (`directive_update`) → `directive_issue` (an assignment per recipient per item with
its due dates) → recipients `acknowledge`, `report_submit`, `extension_request`; the issuer
`extension_decide`s and `remind` runs every morning. A district `pass_down`s a province's
directive to its kamnan, headmen and local bodies.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sodsong.accounts.models import Agency, User
from sodsong.core.attachments import DOCUMENT_ALLOWED, AttachmentError, attachment_store
from sodsong.directives import deadlines, selectors
from sodsong.directives.letters import ParsedLetter, UnsupportedLetterFile, parse_letter
from sodsong.directives.letters import text_from_file as letter_text_from_file
from sodsong.directives.models import (
    Acknowledgement,
    Assignment,
    Directive,
    DirectiveItem,
    DirectiveStatus,
    ExtensionRequest,
    ExtensionStatus,
    Notice,
    NoticeKind,
    Origin,
    Report,
)
from sodsong.thai.digits import to_arabic_digits

MAX_LETTER_BYTES = 10 * 2**20
REMIND_DAYS_BEFORE = 3


class DirectiveError(ValueError):
    """The request cannot be carried out; the message is for the user."""


def _require(condition: bool) -> None:
    if not condition:
        raise PermissionDenied


# --- from a letter to a draft -------------------------------------------------------------------


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
        "date_be_text": letter.date_be_text or "",
        "from_unit": (letter.from_unit or "")[:300],
        "subject": (letter.subject or "")[:500],
        "to": (letter.to or "")[:300],
        "references": list(letter.references),
        "enclosures": [
            {"text": a.text, "count": a.count, "unit": a.unit} for a in letter.attachments
        ],
        "closing": letter.closing or "",
        "signatory_name": letter.signatory_name or "",
        "signatory_position": letter.signatory_position or "",
        "acting_for": letter.acting_for or "",
        "contact_unit": (letter.contact_unit or "")[:300],
        "phone": letter.phone or "",
        "email": letter.email or "",
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


def letter_text(*, upload: UploadedFile | None = None, text: str = "") -> str:
    if upload is not None:
        if upload.size and upload.size > MAX_LETTER_BYTES:
            raise DirectiveError(_("The letter file is larger than 10 MB."))
        try:
            return letter_text_from_file(upload.read(), upload.content_type or None)
        except UnsupportedLetterFile as exc:
            raise DirectiveError(
                _(
                    "The file could not be read. Upload plain text, a PDF with a text layer "
                    "or a DOCX document."
                )
            ) from exc
        finally:
            upload.seek(0)
    return text


@transaction.atomic
def directive_from_upload(
    *,
    user: User,
    upload: UploadedFile | None = None,
    text: str = "",
    received_on: dt.date | None = None,
) -> Directive:
    """Parses an uploaded or pasted letter into a draft directive for the user to check."""
    area = selectors.issuer_area(user)
    _require(area is not None)
    if upload is None and not text.strip():
        raise DirectiveError(_("Attach the letter file or paste its text."))
    source = letter_text(upload=upload, text=text)
    if not source.strip():
        raise DirectiveError(_("The letter has no text to read."))
    letter = parse_letter(source)
    fields = _fields_from_parsed(letter)
    if not fields["subject"]:
        fields["subject"] = _("(no subject found — please fill it in)")
    directive = Directive.objects.create(
        issuer_agency=user.agency,
        area=area,
        origin=Origin.RECEIVED,
        source_text=source,
        source_name=(upload.name if upload is not None else "")[:255],
        default_deadline=_default_deadline(letter),
        received_on=received_on or timezone.localdate(),
        created_by=user,
        **fields,
    )
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


DATE_FIELDS = frozenset({"urgent_by", "letter_date", "received_on"})
EDITABLE_FIELDS = (
    "kind",
    "urgency",
    "urgent_by",
    "secrecy",
    "number",
    "circular",
    "letter_date",
    "from_unit",
    "subject",
    "to",
    "body",
    "closing",
    "signatory_name",
    "signatory_position",
    "acting_for",
    "contact_unit",
    "phone",
    "email",
    "default_deadline",
    "received_on",
)


def _clean_items(items: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    cleaned = []
    for raw in items:
        text = (raw.get("text") or "").strip()
        if not text:
            continue
        deadline = to_arabic_digits((raw.get("deadline") or "").strip())
        try:
            deadline = deadlines.validate(deadline)
        except deadlines.DeadlineError as exc:
            raise DirectiveError(
                _(
                    "Item %(ref)s: the deadline %(value)s is not understood. Use a date "
                    "(2024-07-15), P30D for “within 30 days” or R/2024-07-25/P1M for monthly."
                )
                % {"ref": raw.get("ref") or len(cleaned) + 1, "value": deadline}
            ) from exc
        codes = raw.get("indicator_codes") or []
        if isinstance(codes, str):
            codes = [c.strip() for c in codes.replace(";", ",").split(",")]
        actors = raw.get("actors") or []
        if isinstance(actors, str):
            actors = [a.strip() for a in actors.replace(";", ",").split(",")]
        cleaned.append(
            {
                "ref": to_arabic_digits(str(raw.get("ref") or ""))[:20],
                "text": text,
                "actors": [a for a in actors if a],
                "deadline": deadline,
                "report_back": bool(raw.get("report_back")),
                "indicator_codes": [c for c in codes if c],
            }
        )
    return cleaned


@transaction.atomic
def directive_update(
    *,
    user: User,
    directive: Directive,
    fields: dict[str, Any],
    items: Sequence[dict[str, Any]] | None = None,
) -> Directive:
    """The user's corrections of the parsed fields and items (drafts only; indicator links and
    the default deadline may still change after issue)."""
    _require(selectors.can_manage(user, directive))
    if not directive.is_draft:
        allowed = {"default_deadline"}
        if set(fields) - allowed:
            raise DirectiveError(_("An issued directive can no longer be changed."))
    for name, value in fields.items():
        if name not in EDITABLE_FIELDS:
            continue
        if name == "default_deadline":
            value = to_arabic_digits((value or "").strip())
            try:
                value = deadlines.validate(value)
            except deadlines.DeadlineError as exc:
                raise DirectiveError(
                    _("The default deadline %(value)s is not understood.") % {"value": value}
                ) from exc
        if value is None and name not in DATE_FIELDS:
            value = False if name == "circular" else ""
        setattr(directive, name, value)
    if not (directive.subject or "").strip():
        raise DirectiveError(_("The subject is required."))
    directive.save()
    if items is not None:
        cleaned = _clean_items(items)
        if directive.is_draft:
            directive.items.all().delete()
            for position, item in enumerate(cleaned, start=1):
                DirectiveItem.objects.create(directive=directive, position=position, **item)
        else:
            # After issue only the indicator links change (item by item, in order).
            for item, new in zip(directive.items.order_by("position"), cleaned, strict=False):
                item.indicator_codes = new["indicator_codes"]
                item.save(update_fields=["indicator_codes", "updated_at"])
    return directive


def item_links_update(*, user: User, item: DirectiveItem, indicator_codes: list[str]) -> None:
    _require(selectors.can_manage(user, item.directive))
    item.indicator_codes = [c.strip() for c in indicator_codes if c.strip()]
    item.save(update_fields=["indicator_codes", "updated_at"])


# --- composing a circular -----------------------------------------------------------------------


@transaction.atomic
def directive_compose(
    *,
    user: User,
    subject: str,
    to: str,
    body: str,
    items: Sequence[dict[str, Any]],
    closing_paragraph: str = "จึงเรียนมาเพื่อทราบและถือปฏิบัติ",
    signatory_name: str = "",
    signatory_position: str = "",
    acting_for: str = "",
    urgency: str = "",
    default_deadline: str = "",
) -> Directive:
    """A circular drafted in Sodsong; numbered from the unit's ว series when issued."""
    area = selectors.issuer_area(user)
    _require(area is not None)
    if not subject.strip():
        raise DirectiveError(_("The subject is required."))
    cleaned = _clean_items(items)
    if not cleaned:
        raise DirectiveError(_("Give at least one numbered item."))
    agency: Agency = user.agency  # type: ignore[assignment]
    directive = Directive.objects.create(
        issuer_agency=agency,
        area=area,
        origin=Origin.COMPOSED,
        kind="external",
        circular=True,
        issuer_code=agency.letter_code,
        urgency=urgency,
        from_unit=agency.name_th,
        subject=subject.strip(),
        to=to.strip(),
        body=body.strip(),
        closing="ขอแสดงความนับถือ",
        signatory_name=signatory_name.strip(),
        signatory_position=signatory_position.strip(),
        acting_for=acting_for.strip(),
        contact_unit=agency.name_th,
        phone=agency.phone,
        email=agency.email,
        default_deadline=deadlines.validate(to_arabic_digits(default_deadline.strip())),
        parsed={"closing_paragraph": closing_paragraph.strip()},
        created_by=user,
    )
    for position, item in enumerate(cleaned, start=1):
        DirectiveItem.objects.create(directive=directive, position=position, **item)
    return directive


# --- issuing ------------------------------------------------------------------------------------


def _recipient_objects(directive: Directive, keys: Iterable[str]) -> list[selectors.Recipient]:
    choices = {c.key: c for c in selectors.recipient_choices(directive=directive)}
    chosen = []
    for key in keys:
        if key not in choices:
            raise DirectiveError(_("A chosen recipient is not in your area."))
        chosen.append(choices[key])
    return chosen


def _create_assignments(
    directive: Directive, recipients: Sequence[selectors.Recipient], received_on: dt.date
) -> int:
    created = 0
    items = list(directive.items.order_by("position"))
    holidays = deadlines.holidays_between(received_on, received_on + dt.timedelta(days=800))
    for recipient in recipients:
        for item in items:
            deadline = item.deadline or directive.default_deadline
            dates: list[dt.date | None] = list(
                deadlines.due_dates(deadline, received_on=received_on, holidays=holidays)
            ) or [None]
            for occurrence, due in enumerate(dates, start=1):
                Assignment.objects.create(
                    directive=directive,
                    item=item,
                    recipient_agency=recipient.agency,
                    recipient_user=recipient.user,
                    area=recipient.area,
                    recipient_label=recipient.label[:300],
                    occurrence=occurrence,
                    received_on=received_on,
                    due_on=due,
                )
                created += 1
    return created


@transaction.atomic
def directive_issue(
    *,
    user: User,
    directive: Directive,
    recipient_keys: Sequence[str],
    received_on: dt.date | None = None,
    allocate_number: bool = True,
) -> int:
    """Issues the directive: one assignment per recipient per item (per due date when the item
    repeats). "Within n days" is counted from `received_on` (today by default), the day the
    recipients get it. A composed circular takes the next ว number of the issuer's series."""
    directive = Directive.objects.select_for_update().get(pk=directive.pk)
    _require(selectors.can_manage(user, directive))
    if not directive.is_draft:
        raise DirectiveError(_("This directive has already been issued."))
    if not directive.items.exists():
        raise DirectiveError(_("The directive has no items to track."))
    if not recipient_keys:
        raise DirectiveError(_("Choose at least one recipient."))
    recipients = _recipient_objects(directive, recipient_keys)
    day = received_on or timezone.localdate()
    if directive.origin == Origin.COMPOSED and allocate_number and not directive.running_no:
        from sodsong.documents.services import NumberingError, letter_number_allocate

        try:
            number = letter_number_allocate(agency=directive.issuer_agency, on=day, circular=True)
        except NumberingError as exc:
            raise DirectiveError(str(exc)) from exc
        directive.issuer_code = number.issuer_code
        directive.running_no = number.running
        directive.number = number.text(thai_digits=False)
        directive.letter_date = directive.letter_date or day
    created = _create_assignments(directive, recipients, day)
    directive.status = DirectiveStatus.ISSUED
    directive.issued_at = timezone.now()
    directive.issued_by = user
    directive.save()
    return created


@transaction.atomic
def pass_down(
    *,
    user: User,
    directive: Directive,
    recipient_keys: Sequence[str] | None = None,
    received_on: dt.date | None = None,
) -> Directive:
    """A district forwards a directive it received to its kamnan, headmen and local bodies: a
    child directive of the district office, with the same items due by the district's own due
    dates, issued at once."""
    own = selectors.my_assignments(user=user, directive=directive)
    district_own = [
        a for a in own if a.recipient_agency_id and a.recipient_agency_id == user.agency_id
    ]
    _require(bool(district_own) and selectors.scope_for(user).has_role("district"))
    area = selectors.issuer_area(user)
    _require(area is not None)
    if Directive.objects.filter(parent=directive, issuer_agency=user.agency).exists():
        raise DirectiveError(_("Your office has already passed this directive down."))
    fields = {
        name: getattr(directive, name)
        for name in (
            "kind",
            "urgency",
            "urgent_by",
            "secrecy",
            "number",
            "circular",
            "issuer_code",
            "running_no",
            "letter_date",
            "date_be_text",
            "from_unit",
            "subject",
            "to",
            "references",
            "enclosures",
            "body",
            "closing",
            "signatory_name",
            "signatory_position",
            "acting_for",
            "contact_unit",
            "phone",
            "email",
        )
    }
    child = Directive.objects.create(
        issuer_agency=user.agency,
        area=area,
        origin=Origin.PASSED_DOWN,
        parent=directive,
        created_by=user,
        received_on=received_on or timezone.localdate(),
        **fields,
    )
    due_by_item: dict[int, dt.date] = {}
    for a in district_own:
        if a.due_on and (a.item_id not in due_by_item or a.due_on < due_by_item[a.item_id]):
            due_by_item[a.item_id] = a.due_on
    for item in directive.items.order_by("position"):
        # The villages report by the district's own due date (a repeating item keeps its rhythm).
        deadline = item.deadline or directive.default_deadline
        if item.pk in due_by_item and not deadline.startswith("R"):
            deadline = due_by_item[item.pk].isoformat()
        DirectiveItem.objects.create(
            directive=child,
            position=item.position,
            ref=item.ref,
            text=item.text,
            actors=item.actors,
            deadline=deadline,
            report_back=item.report_back,
            indicator_codes=item.indicator_codes,
            parent_item=item,
        )
    choices = selectors.recipient_choices(directive=child)
    keys = (
        list(recipient_keys)
        if recipient_keys is not None
        else selectors.default_recipient_keys(directive=child, choices=choices)
    )
    directive_issue(
        user=user,
        directive=child,
        recipient_keys=keys,
        received_on=received_on,
        allocate_number=False,
    )
    return child


# --- compliance ---------------------------------------------------------------------------------


def _own(user: User, assignments: Iterable[Assignment]) -> list[Assignment]:
    rows = list(assignments)
    allowed = set(
        Assignment.objects.filter(
            selectors.own_assignment_filter(user), pk__in=[a.pk for a in rows]
        ).values_list("pk", flat=True)
    )
    _require(bool(rows) and all(a.pk in allowed for a in rows))
    return rows


@transaction.atomic
def acknowledge(
    *, user: User, directive: Directive | None = None, assignment: Assignment | None = None
) -> int:
    """ทราบ: the recipient acknowledges the directive (all its own items) or one assignment."""
    if assignment is not None:
        rows = _own(user, [assignment])
    else:
        rows = _own(user, selectors.my_assignments(user=user, directive=directive))
    now = timezone.now()
    count = 0
    for a in rows:
        if a.acknowledged_at is None:
            Acknowledgement.objects.create(assignment=a, by=user, at=now)
            a.acknowledged_at = now
            a.save(update_fields=["acknowledged_at", "updated_at"])
            count += 1
    return count


@transaction.atomic
def report_submit(
    *,
    user: User,
    assignment: Assignment,
    text: str,
    files: Sequence[UploadedFile] = (),
) -> Report:
    """What the recipient did for the item, with evidence (images or PDF)."""
    _own(user, [assignment])
    if not text.strip():
        raise DirectiveError(_("Describe what was done."))
    now = timezone.now()
    report = Report.objects.create(assignment=assignment, text=text.strip(), by=user, at=now)
    for upload in files:
        try:
            attachment_store(
                owner=report,
                area_code=assignment.area.code,
                upload=upload,
                uploaded_by_id=user.pk,
            )
        except AttachmentError as exc:
            raise DirectiveError(str(exc)) from exc
    if assignment.acknowledged_at is None:
        Acknowledgement.objects.create(assignment=assignment, by=user, at=now)
        assignment.acknowledged_at = now
    assignment.reported_at = now
    assignment.save(update_fields=["acknowledged_at", "reported_at", "updated_at"])
    return report


@transaction.atomic
def extension_request(
    *, user: User, assignment: Assignment, until: dt.date | None, reason: str
) -> ExtensionRequest:
    _own(user, [assignment])
    if until is None:
        raise DirectiveError(_("Give the new deadline you ask for."))
    if not reason.strip():
        raise DirectiveError(_("Give the reason you need more time."))
    if assignment.reported_at is not None:
        raise DirectiveError(_("This item has already been reported."))
    if assignment.due_on and until <= assignment.due_on:
        raise DirectiveError(_("The new deadline must be later than the current one."))
    if assignment.extension_requests.filter(status=ExtensionStatus.PENDING).exists():
        raise DirectiveError(_("A request for more time is already waiting for a decision."))
    return ExtensionRequest.objects.create(
        assignment=assignment, until=until, reason=reason.strip(), by=user
    )


@transaction.atomic
def extension_decide(
    *, user: User, request: ExtensionRequest, approve: bool, note: str = ""
) -> ExtensionRequest:
    """The issuer approves (the deadline moves) or refuses a request for more time."""
    _require(selectors.can_manage(user, request.assignment.directive))
    if request.status != ExtensionStatus.PENDING:
        raise DirectiveError(_("This request has already been decided."))
    request.status = ExtensionStatus.APPROVED if approve else ExtensionStatus.REFUSED
    request.decided_by = user
    request.decided_at = timezone.now()
    request.decision_note = note.strip()[:500]
    request.save()
    if approve:
        assignment = request.assignment
        assignment.due_on = request.until
        assignment.save(update_fields=["due_on", "updated_at"])
    return request


# --- reminders ----------------------------------------------------------------------------------


def _emails_for(assignment: Assignment) -> list[str]:
    if assignment.recipient_user_id:
        email = assignment.recipient_user.email if assignment.recipient_user else ""
        return [email] if email else []
    agency = assignment.recipient_agency
    if agency is None:
        return []
    if agency.email:
        return [agency.email]
    return [
        e
        for e in User.objects.filter(agency=agency, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    ][:5]


def email_configured() -> bool:
    """E-mail counts as set up when the deployment chose a backend or a mail host (Django's
    defaults — SMTP to localhost — are not a choice)."""
    backend = settings.EMAIL_BACKEND
    if not backend.endswith("smtp.EmailBackend"):
        return True
    return settings.EMAIL_HOST not in ("", "localhost")


def remind(*, today: dt.date | None = None, directive: Directive | None = None) -> dict[str, int]:
    """Notices for assignments due within REMIND_DAYS_BEFORE days or late, once a day each, and
    an e-mail where the recipient has an address and e-mail is set up."""
    today = today or timezone.localdate()
    rows = Assignment.objects.filter(
        reported_at__isnull=True,
        due_on__isnull=False,
        due_on__lte=today + dt.timedelta(days=REMIND_DAYS_BEFORE),
        directive__deleted_at__isnull=True,
        directive__status=DirectiveStatus.ISSUED,
    ).select_related("directive", "item", "recipient_agency", "recipient_user")
    if directive is not None:
        rows = rows.filter(directive=directive)
    counts = {"due_soon": 0, "late": 0, "emailed": 0}
    email_on = email_configured()
    for a in rows:
        if a.last_reminded_on == today:
            continue
        kind = NoticeKind.LATE if a.due_on < today else NoticeKind.DUE_SOON
        with transaction.atomic():
            notice, created = Notice.objects.get_or_create(assignment=a, kind=kind, on=today)
            if not created:
                continue
            counts[kind] += 1
            addresses = _emails_for(a) if email_on else []
            if addresses:
                subject = (
                    f"[สอดส่อง] {'เลยกำหนด' if kind == NoticeKind.LATE else 'ใกล้ครบกำหนด'}: "
                    f"{a.directive.subject[:80]}"
                )
                body = (
                    f"เรื่อง {a.directive.subject}\nข้อ {a.item.ref or a.item.position}: "
                    f"{a.item.text[:300]}\nกำหนดส่ง {a.due_on.isoformat()}\n"
                )
                sent = send_mail(
                    subject, body, settings.DEFAULT_FROM_EMAIL, addresses, fail_silently=True
                )
                if sent:
                    notice.emailed = len(addresses)
                    notice.save(update_fields=["emailed", "updated_at"])
                    counts["emailed"] += 1
            a.last_reminded_on = today
            a.save(update_fields=["last_reminded_on", "updated_at"])
    return counts


def notice_dismiss(*, user: User, notice: Notice) -> None:
    _own(user, [notice.assignment])
    notice.read_at = timezone.now()
    notice.save(update_fields=["read_at", "updated_at"])
