"""Triage on the record: rescoring a tip (and the tips that share its identifiers) and
telling the district by e-mail when a tip is urgent."""

from __future__ import annotations

import datetime as dt
import uuid as uuid_module

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sodsong.accounts.models import Role, User
from sodsong.tips import triage
from sodsong.tips.models import (
    URGENT_SCORE,
    Tip,
    TipKind,
    TipStatus,
)


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
        job_enqueue(
            task=send_urgent_email,
            name="tips.urgent_email",
            area_code=tip.area.code,
            tip_id=tip.pk,
        )


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
    # Not fail_silently: a refused mail fails the job, which records and logs the reason, so the
    # province sees the district was never told (issue 21).
    return send_mail(subject, body, getattr(settings, "DEFAULT_FROM_EMAIL", None), recipients)
