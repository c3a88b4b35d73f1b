"""Compliance with an issued directive: recipients acknowledge, report and ask for more time;
the issuer decides on extensions; `remind` sends the daily notices and e-mails of what is due
or late, and a recipient dismisses a notice. Re-exported by `sodsong.directives.services`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sodsong.accounts.models import User
from sodsong.core.attachments import AttachmentError, attachment_store
from sodsong.directives import selectors
from sodsong.directives.errors import DirectiveError, _require
from sodsong.directives.models import (
    Acknowledgement,
    Assignment,
    Directive,
    DirectiveStatus,
    ExtensionRequest,
    ExtensionStatus,
    Notice,
    NoticeKind,
    Report,
)
from sodsong.thai.dates import format_thai_date

REMIND_DAYS_BEFORE = 3


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
        if a.last_reminded_on == today or a.due_on is None:  # due_on: filtered non-null above
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
                    f"{a.item.text[:300]}\nกำหนดส่ง {format_thai_date(a.due_on, short=True)}\n"
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
