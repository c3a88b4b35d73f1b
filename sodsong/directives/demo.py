"""Demo data of the directives module: the province's June 2024 circular on call-centre gangs and
mule accounts, parsed from its text, issued to every district of the demo province, passed down by
the first district to its kamnan, headmen and local body, with some acknowledged, some reported
and some late. Idempotent: the province's circular is found by its number."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from django.db.models import Q
from django.utils import timezone

from sodsong.accounts.models import Agency, AgencyKind, Role, RoleAssignment, User
from sodsong.core.context import Actor, acting_as
from sodsong.directives import selectors, services
from sodsong.directives.models import (
    Acknowledgement,
    Assignment,
    Directive,
    ExtensionRequest,
    Origin,
    Report,
)
from sodsong.geo.models import Area

LETTER = Path(__file__).parent / "data" / "province_circular_2567.txt"
RECEIVED_ON = dt.date(2024, 6, 14)
# The indicators each item is measured by (codes of the indicators catalogue).
ITEM_INDICATORS = {
    1: ["watch_reports_received", "tips_received"],
    2: ["operations_held", "seized_sims"],
    3: ["awareness_activities", "people_reached"],
    4: ["villages_surveyed"],
}


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def _user_with_role(role: str, agency: Agency | None, code_prefix: str) -> User | None:
    found = (
        RoleAssignment.objects.filter(
            role=role, revoked_at__isnull=True, areas__code__startswith=code_prefix
        )
        .select_related("user")
        .order_by("user__username")
    )
    for ra in found:
        if agency is None or ra.user.agency_id == agency.pk:
            return ra.user
    return None


def build(*, province: Area, seed: int) -> None:
    province_office = Agency.objects.filter(
        kind=AgencyKind.PROVINCIAL_ADMIN, areas=province
    ).first()
    if province_office is None:
        return
    officer = _user_with_role(Role.PROVINCE, province_office, province.code)
    if officer is None:
        return
    if not province_office.letter_code and province.code == "47":
        # The owner code of the demo province's administration office (ที่ สน 0018.3/…), so that
        # circulars composed in the demo take numbers from its ว series.
        province_office.letter_code = "สน 0018.3"
        province_office.save(update_fields=["letter_code", "updated_at"])
    text = LETTER.read_text(encoding="utf-8")
    if province.code != "47":
        text = text.replace("สกลนคร", province.name_th)
    rng = random.Random(seed)  # noqa: S311 - demo data, not security
    with acting_as(Actor(user_id=officer.pk, agency_id=officer.agency_id, via="command")):
        directive = Directive.objects.filter(
            issuer_agency=province_office, origin=Origin.RECEIVED, parent__isnull=True
        ).first()
        if directive is not None:
            return
        directive = services.directive_from_upload(user=officer, text=text, received_on=RECEIVED_ON)
        for item in directive.items.all():
            item.indicator_codes = ITEM_INDICATORS.get(item.position, [])
            item.save(update_fields=["indicator_codes", "updated_at"])
        choices = selectors.recipient_choices(directive=directive)
        services.directive_issue(
            user=officer,
            directive=directive,
            recipient_keys=selectors.default_recipient_keys(directive=directive, choices=choices),
            received_on=RECEIVED_ON,
        )
        _comply(directive, province, rng)


def _backdate_ack(user: User, rows: list[Assignment], day: dt.date) -> None:
    services.acknowledge(user=user, assignment=None, directive=rows[0].directive) if rows else None
    Assignment.objects.filter(pk__in=[a.pk for a in rows]).update(acknowledged_at=_at(day))
    Acknowledgement.objects.filter(assignment__in=[a.pk for a in rows]).update(at=_at(day))


def _backdate_report(user: User, assignment: Assignment, day: dt.date, text: str) -> None:
    report = services.report_submit(user=user, assignment=assignment, text=text)
    Report.objects.filter(pk=report.pk).update(at=_at(day, 15))
    Assignment.objects.filter(pk=assignment.pk).update(
        reported_at=_at(day, 15), acknowledged_at=_at(day - dt.timedelta(days=3))
    )


REPORTS = {
    1: "แจ้งที่ประชุมกำนันผู้ใหญ่บ้านประจำเดือนแล้ว ผู้ใหญ่บ้านออกตรวจเฝ้าระวังครบทุกหมู่บ้าน",
    2: "ปลัดอำเภอร่วมกับสถานีตำรวจตรวจร้านจำหน่ายซิมการ์ด ๑๒ ร้าน ไม่พบการลงทะเบียนผิดปกติ",
    3: "ประชาสัมพันธ์ทางหอกระจายข่าวทุกหมู่บ้าน และเวทีประชาคม ๔ ครั้ง",
}


def _comply(directive: Directive, province: Area, rng: random.Random) -> None:
    district_user = User.objects.filter(username="district").first()
    district2_user = User.objects.filter(username="district2").first()
    if district_user is None or district_user.agency is None:
        return
    own = selectors.my_assignments(user=district_user, directive=directive)
    if not own:
        return
    # The first district acknowledges on receipt and reports items 1–3 in time; item 4 (the
    # report to the province) is still open, so it is late.
    _backdate_ack(district_user, own, RECEIVED_ON + dt.timedelta(days=1))
    for a in own:
        if a.item.position in REPORTS:
            _backdate_report(
                district_user, a, dt.date(2024, 7, 10 + a.item.position), REPORTS[a.item.position]
            )
    # The second district only acknowledged.
    if district2_user is not None:
        own2 = selectors.my_assignments(user=district2_user, directive=directive)
        if own2:
            _backdate_ack(district2_user, own2, RECEIVED_ON + dt.timedelta(days=rng.randint(2, 6)))
    if province.is_bangkok:
        return
    child = services.pass_down(
        user=district_user, directive=directive, received_on=RECEIVED_ON + dt.timedelta(days=2)
    )
    kamnan = User.objects.filter(username="kamnan").first()
    headman = User.objects.filter(username="headman").first()
    # Since items go only to the actors they name (#20), the headman receives item 1 alone: the
    # kamnan reports it, and the headman's stays open and late, as the walk of his home expects.
    if kamnan is not None:
        rows = selectors.my_assignments(user=kamnan, directive=child)
        if rows:
            _backdate_ack(kamnan, rows, RECEIVED_ON + dt.timedelta(days=3))
            for a in rows:
                if a.item.position == 1:
                    _backdate_report(
                        kamnan,
                        a,
                        dt.date(2024, 7, 5),
                        "ออกตรวจหมู่บ้านร่วมกับคณะกรรมการหมู่บ้าน ไม่พบการรับซื้อบัญชี",
                    )
    if headman is not None:
        rows = selectors.my_assignments(user=headman, directive=child)
        if rows:
            _backdate_ack(headman, rows, RECEIVED_ON + dt.timedelta(days=3))
    # headman3 and the local body have done nothing: they show late on the district's board.


def remove() -> None:
    """Deletes the directives demo users created or worked on, so that `sodsong demo --remove`
    can delete the demo accounts these records protect."""
    demo_users = User.objects.filter(is_demo=True)
    doomed = set(
        Directive.objects.filter(
            Q(created_by__in=demo_users)
            | Q(issued_by__in=demo_users)
            | Q(assignments__recipient_user__in=demo_users)
        ).values_list("pk", flat=True)
    )
    # Passed-down copies point at their parent (PROTECT): take the whole family.
    frontier = doomed
    while frontier:
        frontier = (
            set(Directive.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
            - doomed
        )
        doomed |= frontier
    for model in (Report, Acknowledgement, ExtensionRequest):
        model.objects.filter(assignment__directive_id__in=doomed).delete()
    while doomed:
        # Children before parents.
        parents = set(
            Directive.objects.filter(pk__in=doomed, parent__isnull=False).values_list(
                "parent_id", flat=True
            )
        )
        leaves = doomed - parents
        Directive.objects.filter(pk__in=leaves).delete()
        doomed -= leaves
