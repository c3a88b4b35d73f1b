"""How a timeline line reads, in the user's language. Lines store a kind and ids or labels only;
the wording is chosen when the line is shown."""

from __future__ import annotations

from django.utils.translation import gettext as _

from sodsong.cases.models import (
    CaseEvent,
    CaseStatus,
    OperationKind,
    PartyRole,
    Screening,
    SeizureKind,
    TaskStatus,
)


def _label(choices, value: str) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value


def describe(event: CaseEvent) -> str:
    d = event.detail
    kind = event.kind
    if kind == "created":
        return _("Case %(number)s opened") % {"number": d.get("number", "")}
    if kind == "details":
        return _("Case details changed")
    if kind == "status":
        text = _("Status changed from “%(from)s” to “%(to)s”") % {
            "from": _label(CaseStatus, d.get("from", "")),
            "to": _label(CaseStatus, d.get("to", "")),
        }
        return f"{text}: {d['reason']}" if d.get("reason") else text
    if kind == "granted":
        return _("%(agency)s now takes part in the case") % {"agency": d.get("agency", "")}
    if kind == "revoked":
        return _("%(agency)s no longer takes part in the case") % {"agency": d.get("agency", "")}
    if kind == "member":
        return _("%(user)s named on the case") % {"user": d.get("user", "")}
    if kind == "member_removed":
        return _("%(user)s removed from the case") % {"user": d.get("user", "")}
    if kind == "task":
        return _("Task assigned: %(title)s") % {"title": d.get("title", "")}
    if kind == "task_status":
        return _("Task “%(title)s” is now %(status)s") % {
            "title": d.get("title", ""),
            "status": _label(TaskStatus, d.get("to", "")),
        }
    if kind == "operation_planned":
        return _("Operation planned: %(kind)s at %(place)s") % {
            "kind": _label(OperationKind, d.get("kind", "")),
            "place": d.get("place", ""),
        }
    if kind == "operation_held":
        return _("Operation held: %(kind)s at %(place)s") % {
            "kind": _label(OperationKind, d.get("kind", "")),
            "place": d.get("place", ""),
        }
    if kind == "operation_cancelled":
        return _("Operation cancelled")
    if kind == "seizure":
        return _("Seized: %(kind)s × %(quantity)s") % {
            "kind": _label(SeizureKind, d.get("kind", "")),
            "quantity": d.get("quantity", ""),
        }
    if kind == "party":
        return _("Person added as %(role)s") % {"role": _label(PartyRole, d.get("role", ""))}
    if kind == "screened":
        text = _("Trafficking screening recorded: %(result)s") % {
            "result": _label(Screening, d.get("result", ""))
        }
        if d.get("late"):
            text += " " + _("(after the 24 hours of ATIP s.29, with reason)")
        return text
    if kind == "referred":
        from sodsong.cases.referrals import ReferralTo

        return _("Victim referred to %(to)s") % {"to": _label(ReferralTo, d.get("to", ""))}
    if kind == "arrest":
        return _("Arrest recorded at %(place)s") % {"place": d.get("place", "")}
    if kind == "arrest_notified":
        return _("Arrest notifications recorded")
    if kind == "charge":
        text = _("Charge laid: %(section)s") % {"section": d.get("section", "")}
        if d.get("s41_override"):
            text += " " + _("(s.41 bar overridden, with reason)")
        return text
    if kind == "charge_outcome":
        return _("Charge outcome recorded")
    if kind == "prosecution":
        return _("Prosecution record updated")
    if kind == "from_tips":
        return _("Opened from %(count)s tip(s) or report(s)") % {"count": d.get("count", "")}
    if kind == "identifier":
        from sodsong.entities.models import IdentifierType

        return _("Identifier added by hand: %(type)s") % {
            "type": _label(IdentifierType, d.get("type", ""))
        }
    if kind == "attachment":
        return _("File attached: %(name)s") % {"name": d.get("name", "")}
    return kind
