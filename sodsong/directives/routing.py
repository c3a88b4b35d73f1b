"""Which recipient gets which item: each item goes to the actors it names (issue #20).

The parser names actors from the contract's list (จังหวัด, อำเภอ, ปลัดอำเภอ, กำนัน, ผู้ใหญ่บ้าน,
คณะกรรมการหมู่บ้าน, องค์กรปกครองส่วนท้องถิ่น, คณะทำงาน); the item's text names the agencies that
carry out enforcement (ตำรวจ, ตรวจคนเข้าเมือง, ทหาร, จัดหางาน). A district office gets every item:
it acts itself or relays to those named. Anyone else gets an item only when the item names it; an
item that names no one in particular goes to every recipient. So the arrest order for police and
immigration (item ๑ of the June 2024 circular) is not sent to headmen, and the survey order that
names กำนัน, ผู้ใหญ่บ้าน and องค์กรปกครองส่วนท้องถิ่น (item ๒) reaches each of them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

# Audience words: recipient categories (AgencyKind values, or the kamnan/headman roles).
DISTRICT = "district_office"
ACTOR_AUDIENCE = {
    "กำนัน": {"kamnan"},
    "ผู้ใหญ่บ้าน": {"headman"},
    # The village committee is chaired by the headman: his work to convene.
    "คณะกรรมการหมู่บ้าน": {"headman"},
    "องค์กรปกครองส่วนท้องถิ่น": {"local_gov"},
    "อำเภอ": {DISTRICT},
    "ปลัดอำเภอ": {DISTRICT},
    "จังหวัด": {"provincial_admin"},
}
# Agencies named in the item's text (damage-tolerant: "ตรววจคนเข้าเมือง" still names immigration).
AGENCY_WORDS = {
    "police": re.compile(r"ตำรวจ|สภ\.|ภ\.จว\."),
    "immigration": re.compile(r"คนเข้าเมือง|ตม\.(?:จว\.)?"),
    "military": re.compile(r"ทหาร|กอ\.รมน|กองกำลัง"),
    "labour": re.compile(r"จัดหางาน|แรงงาน"),
}


def item_audience(*, actors: Iterable[str], text: str) -> set[str]:
    """The recipient categories an item names; empty when it names no one in particular."""
    audience: set[str] = set()
    for actor in actors or ():
        audience |= ACTOR_AUDIENCE.get(actor, set())
    for kind, pattern in AGENCY_WORDS.items():
        if pattern.search(text or ""):
            audience.add(kind)
    return audience


def recipient_category(recipient: Any) -> str:
    """`kamnan`, `headman`, or the recipient agency's kind."""
    if getattr(recipient, "user", None) is not None:
        return getattr(recipient, "role", "") or "headman"
    agency = getattr(recipient, "agency", None)
    return agency.kind if agency is not None else ""


def routed(*, audience: set[str], category: str) -> bool:
    """Whether a recipient of `category` gets an item with `audience`."""
    if category == DISTRICT or not audience:
        return True
    return category in audience
