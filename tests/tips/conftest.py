"""Helpers of the tips tests: where each persona works, and quick ways to file tips there."""

from __future__ import annotations

import io
import uuid

import pytest

from sodsong.accounts.models import Role, RoleAssignment
from sodsong.geo.models import Area


def assigned_area(user, role: str = Role.HEADMAN) -> Area:
    assignment = RoleAssignment.objects.get(user=user, role=role, revoked_at__isnull=True)
    return assignment.areas.order_by("code").first()


def submit_tip(area: Area, text: str = "มีคนโทรมาหลอกให้โอนเงิน อ้างเป็นตำรวจ", **kwargs):
    from sodsong.tips.services import public_tip_submit

    return public_tip_submit(
        description=text,
        client_address=kwargs.pop("client_address", f"test-{uuid.uuid4()}"),
        province=area.code[:2],
        district=area.code[:4] if len(area.code) >= 4 else "",
        subdistrict=area.code[:6] if len(area.code) >= 6 else "",
        village=area.code if len(area.code) == 8 else "",
        **kwargs,
    )


def png_bytes(*, with_exif: bool = False, fmt: str = "PNG") -> bytes:
    from PIL import Image

    image = Image.new("RGB", (40, 30), (200, 30, 30))
    out = io.BytesIO()
    if with_exif:
        exif = Image.Exif()
        exif[0x010F] = "SpyCam Maker"  # Make
        exif[0x0132] = "2024:06:15 10:00:00"  # DateTime
        image.save(out, format=fmt, exif=exif.tobytes())
    else:
        image.save(out, format=fmt)
    return out.getvalue()


@pytest.fixture
def village1(personas) -> Area:
    """The headman's village, in the first district (4701)."""
    return assigned_area(personas.headman)


@pytest.fixture
def village2(personas) -> Area:
    """headman2's village, in the second district (4702)."""
    return assigned_area(personas.headman2)


@pytest.fixture
def tip1(village1):
    return submit_tip(village1, "บ้านเช่ามีคนโทรศัพท์ทั้งวัน ปิดม่านตลอด", contact_name="นางสมศรี")


@pytest.fixture
def tip2(village2):
    return submit_tip(village2, "มีคนชวนไปทำงานแอดมินที่กัมพูชา เงินดี")
