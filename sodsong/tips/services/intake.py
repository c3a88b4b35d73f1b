"""Creating tips: the public tip line and village watch reports."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sodsong.accounts.models import User
from sodsong.accounts.scope import scope_for
from sodsong.audit.services import identity, protecting
from sodsong.geo.models import Area
from sodsong.people.models import Person
from sodsong.tips.models import (
    Tip,
    TipKind,
)
from sodsong.tips.selectors import IDENTITY_KIND
from sodsong.tips.services.common import (
    REPORTING_ROLES,
    SpamSuspected,
    TipError,
    _clean_description,
    _clean_red_flags,
    _record_identifiers,
    _store_files,
    new_tracking_code,
    rate_limit_hit,
    resolve_area,
)
from sodsong.tips.services.rescoring import tip_rescore


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
    # Whoever sends a tip (signed in or not) is a protected identity in the audit log (#17 H6).
    with protecting(identity(IDENTITY_KIND, tip.uuid), area_code=tip.area.code):
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
    people: Iterable[Person] = (),
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
        if not person.area.code.startswith(area.code[:6]):
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
    # Every event of the filing (the report, its files, its identifiers) names the reporter:
    # the audit log shows who only to those who may see the reporter (#17 H6).
    with protecting(identity(IDENTITY_KIND, tip.uuid), area_code=area.code):
        tip.save()
        if chosen_people:
            tip.people.set(chosen_people)
        _store_files(tip, files, uploaded_by_id=reporter.pk)
        _record_identifiers(tip)
        tip_rescore(tip=tip, related=True)
    return tip
