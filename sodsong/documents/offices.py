"""The sending office of a letter: its owner code, postal address and the unit in the footer.

DOMAIN §7 (the correspondence regulation, ระเบียบสำนักนายกรัฐมนตรีว่าด้วยงานสารบรรณ):
- the owner's address under the Garuda has the road and the postcode
  ("ศาลากลางจังหวัดสกลนคร / ถนนศูนย์ราชการ สน ๔๗๐๐๐");
- the footer (ส่วนราชการเจ้าของเรื่อง) names the unit of the issuing level: a provincial letter
  comes from ที่ทำการปกครองจังหวัด… / กลุ่มงานความมั่นคง, a district letter from
  ที่ทำการปกครองอำเภอ… / ฝ่ายความมั่นคง;
- the number is the province's two letters and the owner's four-digit code. In the circular
  shared/data/letters/circular_2567_online_crime.txt, "ที่ สน ๐๐๑๘.๑/ว …" comes from
  "ที่ทำการปกครองจังหวัด": 0018 is the provincial administration office (0017 would be the
  provincial office, สำนักงานจังหวัด). The sub-unit digit (.3) for the security group is the
  demo's choice.

An office's address is `Agency.address_th` (one line per printed line); without one, the
address is built from the area: the provincial hall or district office, and the postcode of the
district's seat sub-district from the geography data.
"""

from __future__ import annotations

from sodsong.geo.models import Area, Level
from sodsong.thai.digits import to_thai_digits

# The owner code of ที่ทำการปกครองจังหวัด (see the circular above); the sub-unit is the demo's.
PROVINCE_ADMIN_OWNER = "0018"
PROVINCE_ADMIN_SUBUNIT = "3"
# Province halls stand on ถนนศูนย์ราชการ in the demo province (DOMAIN §7's example address).
PROVINCE_HALL_ROAD = {"47": "ถนนศูนย์ราชการ"}


def province_admin_code(abbr: str) -> str:
    """`สน 0018.3`: the provincial administration office's owner code."""
    return f"{abbr} {PROVINCE_ADMIN_OWNER}.{PROVINCE_ADMIN_SUBUNIT}"


def _province(area: Area) -> Area | None:
    if area.level == Level.PROVINCE:
        return area
    return Area.objects.filter(code=area.code[:2], level=Level.PROVINCE).first()


def _postcode(area: Area) -> str:
    """The postcode of the area's seat: the district's first sub-district (…01)."""
    codes = (area.postal_codes or "").split()
    if not codes:
        seat = (
            Area.objects.filter(code__startswith=area.code, level=Level.SUBDISTRICT)
            .exclude(postal_codes="")
            .order_by("code")
            .first()
        )
        codes = (seat.postal_codes or "").split() if seat else []
    return codes[0] if codes else ""


def unit_name(area: Area) -> str:
    if area.level == Level.PROVINCE:
        return f"จังหวัด{area.name_th}"
    if area.level == Level.DISTRICT:
        return area.name_th if area.is_bangkok else f"อำเภอ{area.name_th}"
    return area.name_th


def default_address(area: Area, *, abbr: str = "") -> tuple[str, ...]:
    """The printed address of the area's administration office: office, then road/postcode,
    the province written as its two letters where given (`สน ๔๗๐๐๐`). A district's road is not
    in the geography data: give it in `Agency.address_th`."""
    province = _province(area)
    if area.level == Level.PROVINCE:
        postcode = _postcode(
            Area.objects.filter(code__startswith=area.code, level=Level.DISTRICT)
            .order_by("code")
            .first()
            or area
        )
        road = PROVINCE_HALL_ROAD.get(area.code, "")
        second = " ".join(x for x in (road, abbr or f"จังหวัด{area.name_th}", postcode) if x)
        return (f"ศาลากลางจังหวัด{area.name_th}", to_thai_digits(second))
    postcode = _postcode(area)
    province_part = abbr or (f"จังหวัด{province.name_th}" if province else "")
    second = " ".join(x for x in (unit_name(area), province_part, postcode) if x)
    office = "สำนักงานเขต" if area.is_bangkok else "ที่ว่าการ"
    return (f"{office}{unit_name(area)}", to_thai_digits(second))


def office_address(agency, area: Area) -> tuple[str, ...]:
    """The agency's own address where it has one, else the default for the area."""
    text = getattr(agency, "address_th", "") if agency is not None else ""
    lines = tuple(line.strip() for line in (text or "").splitlines() if line.strip())
    return lines or default_address(area)


def footer_unit(area: Area) -> str:
    """ส่วนราชการเจ้าของเรื่อง by level: the province's security group or the district's
    security section."""
    if area.level == Level.PROVINCE:
        return f"ที่ทำการปกครองจังหวัด{area.name_th}\nกลุ่มงานความมั่นคง"
    return f"ที่ทำการปกครอง{unit_name(area)}\nฝ่ายความมั่นคง"


def with_place(position: str, level: str, name: str) -> str:
    """ "ปลัดจังหวัด" → "ปลัดจังหวัดสกลนคร": a position that ends on its level's word is
    completed with the place's name, as positions are printed in letters (DOMAIN §7)."""
    text = " ".join((position or "").split())
    if text and name and text.endswith(level):
        return f"{text}{name}"
    return text
