"""Writes of the directives module: from a letter to tracked work, and compliance.

upload or paste → `directive_from_upload` (a draft with the parsed fields) → the user checks and
corrects it (`directive_update`) → `directive_issue` (an assignment per recipient per item with
its due dates) → recipients `acknowledge`, `report_submit`, `extension_request`; the issuer
`extension_decide`s and `remind` runs every morning. A district `pass_down`s a province's
directive to its kamnan, headmen and local bodies.

The intake (`intake.py`) and compliance (`compliance.py`) live in their own modules; their
writes are re-exported here so that `from sodsong.directives import services` serves callers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sodsong.accounts.models import Agency, User
from sodsong.directives import deadlines, selectors
from sodsong.directives.compliance import (  # noqa: F401 - compliance's writes, re-exported
    REMIND_DAYS_BEFORE,
    acknowledge,
    extension_decide,
    extension_request,
    notice_dismiss,
    remind,
    report_submit,
)
from sodsong.directives.errors import DirectiveError, _require
from sodsong.directives.intake import (  # noqa: F401 - the intake's writes, re-exported
    MAX_LETTER_BYTES,
    directive_from_upload,
    letter_text,
)
from sodsong.directives.models import (
    Assignment,
    Directive,
    DirectiveItem,
    DirectiveStatus,
    Origin,
)
from sodsong.directives.routing import item_audience, recipient_category, routed
from sodsong.thai.digits import to_arabic_digits

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
    "signatory_rank",
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
    kind: str = "circular",
) -> Directive:
    """A circular drafted in Sodsong, numbered from the unit's ว series when issued; or an order
    (`kind="order"`, คำสั่งจังหวัด…: no salutation, numbered from the unit's order series)."""
    order = kind == "order"
    if order and closing_paragraph == "จึงเรียนมาเพื่อทราบและถือปฏิบัติ":
        closing_paragraph = "ทั้งนี้ ตั้งแต่บัดนี้เป็นต้นไป"
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
        kind="order" if order else "external",
        circular=not order,
        issuer_code=agency.letter_code,
        urgency=urgency,
        from_unit=agency.name_th,
        subject=subject.strip(),
        to="" if order else to.strip(),
        body=body.strip(),
        closing="" if order else "ขอแสดงความนับถือ",
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
    audiences = {item.pk: item_audience(actors=item.actors, text=item.text) for item in items}
    holidays = deadlines.holidays_between(received_on, received_on + dt.timedelta(days=800))
    for recipient in recipients:
        category = recipient_category(recipient)
        for item in items:
            if not routed(audience=audiences[item.pk], category=category):
                continue  # the item names others (the arrest order is not a headman's)
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
            number = letter_number_allocate(
                agency=directive.issuer_agency,
                on=day,
                circular=directive.circular,
                order=directive.kind == "order",
            )
        except NumberingError as exc:
            raise DirectiveError(str(exc)) from exc
        directive.issuer_code = number.issuer_code
        directive.running_no = number.running
        directive.number = (
            f"{number.running}/{day.year + 543}"  # an order: ที่ ๑๒/๒๕๖๘
            if directive.kind == "order"
            else number.text(thai_digits=False)
        )
        directive.letter_date = directive.letter_date or day
    created = _create_assignments(directive, recipients, day)
    if not created:
        raise DirectiveError(_("No item names the chosen recipients. Choose those the items name."))
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
            "signatory_rank",
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
    _relay_number(child, on=received_on or timezone.localdate())
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


def _relay_number(child: Directive, *, on: dt.date) -> None:
    """The district's letter to its kamnan and headmen takes the next number of the district
    office's own ว series (documents.letter_render prints it); the copied fields keep the
    province's letter as received."""
    agency = child.issuer_agency
    if not agency.letter_code:
        return
    from sodsong.documents.services import letter_number_allocate

    number = letter_number_allocate(agency=agency, on=on, circular=True)
    child.parsed = {
        **(child.parsed or {}),
        "relay": {
            "issuer_code": number.issuer_code,
            "running": number.running,
            "date": on.isoformat(),
        },
    }
    child.save(update_fields=["parsed", "updated_at"])
