"""Identifiers stored once, normalised; which tips, reports and registry entries share them, as
far as the viewer's jurisdiction goes; matches elsewhere show only their district, audited."""

from __future__ import annotations

import uuid

import pytest

from sodsong.accounts.services import token_issue
from sodsong.audit.models import AuditEvent
from sodsong.entities.models import Identifier, IdentifierMention
from sodsong.entities.selectors import identifier_lookup, shared_for_source
from sodsong.entities.services import (
    IdentifierError,
    mention_record,
    mentions_from_text,
    normalize_identifier,
)
from sodsong.people.models import DocumentType
from sodsong.people.services import DocumentInput, person_create
from tests.tips.conftest import assigned_area, submit_tip


def _link(tip, kind: str, value: str) -> None:
    mention_record(
        type=kind, value=value, source_type=tip.kind, source_uuid=tip.uuid, area_code=tip.area.code
    )


@pytest.mark.parametrize(
    ("kind", "raw", "expected"),
    [
        ("phone", "081-234-5678", "+66812345678"),
        ("phone", "๐๘๑ ๒๓๔ ๕๖๗๘", "+66812345678"),
        ("phone", "+855 97 654 3210", "+855976543210"),
        ("phone", "1441", "1441"),
        ("bank_account", "kbank:123-4-56789-0", "KBANK:1234567890"),
        ("bank_account", "1234567890", "UNKNOWN:1234567890"),
        ("line_id", "@Official Shop", "@officialshop"),
        ("handle", "ScamPage", "@scampage"),
    ],
)
def test_values_typed_by_hand_are_normalised(kind, raw, expected):
    assert normalize_identifier(kind, raw) == expected


def test_a_bad_id_number_is_refused():
    with pytest.raises(IdentifierError):
        normalize_identifier("thai_id", "1234567890123")


@pytest.mark.django_db
def test_the_same_identifier_is_stored_once(village1):
    a, b = submit_tip(village1), submit_tip(village1)
    _link(a, "phone", "081-234-0001")
    _link(b, "phone", "+66812340001")
    _link(b, "phone", "+66812340001")  # the same span twice changes nothing
    assert Identifier.objects.filter(type="phone", value="+66812340001").count() == 1
    assert IdentifierMention.objects.filter(identifier__value="+66812340001").count() == 2


@pytest.mark.django_db
def test_extraction_results_become_mentions_with_spans(village1, monkeypatch):
    from sodsong.thai import identifiers

    text = "โอนเข้าบัญชี KBANK 1234567890 แล้วโทร 0812345678"
    monkeypatch.setattr(
        identifiers,
        "extract_identifiers",
        lambda t: [
            identifiers.Found("bank_account", "KBANK:1234567890", 13, 29),
            identifiers.Found("phone", "+66812345678", 38, 48),
            identifiers.Found("amount", "15000", 0, 1),  # not linkable: left out
        ],
    )
    source = uuid.uuid4()
    mentions = mentions_from_text(text=text, source_type="tip", source_uuid=source, area_code="47")
    assert {(m.identifier.type, m.start, m.end) for m in mentions} == {
        ("bank_account", 13, 29),
        ("phone", 38, 48),
    }


@pytest.mark.django_db
def test_tip_page_lists_shared_tips_inside_and_only_the_district_outside(
    personas, village1, village2, login
):
    home = submit_tip(village1, "มีคนโทรหลอกจากเบอร์นี้ในอำเภอแรก")
    near = submit_tip(village1, "เบอร์เดียวกันโทรหลอกอีกคนในอำเภอแรก")
    far = submit_tip(village2, "เบอร์เดียวกันโทรหลอกในอำเภอที่สอง")
    for tip in (home, near, far):
        _link(tip, "phone", "0812349999")
    shared = shared_for_source(user=personas.district, source_type="tip", source_uuid=home.uuid)
    (entry,) = shared
    assert {r.uuid for r in entry.visible} == {near.uuid}
    district2_name = village2.parent.parent.name_th
    assert entry.elsewhere == [f"อำเภอ{district2_name}"]
    disclosed = AuditEvent.objects.filter(
        object_type="entities.identifier", actor_id=personas.district.pk
    )
    assert any(e.detail.get("matches_outside") == [village2.code[:4]] for e in disclosed)
    page = login(personas.district).get(f"/tips/{home.uuid}/").content.decode()
    assert near.tracking_code in page
    assert far.tracking_code not in page
    assert f"อำเภอ{district2_name}" in page


@pytest.mark.django_db
def test_registry_people_with_the_same_id_number_are_listed_within_jurisdiction(
    personas, village1, village2
):
    number = "1101700203450"  # valid checksum
    person = person_create(
        area=village1,
        source="test",
        given_name_th="ทดสอบ",
        documents=[DocumentInput(DocumentType.THAI_ID, "THA", number)],
    )
    tip = submit_tip(village2, "มีคนใช้บัตรประชาชนเลขนี้เปิดบัญชี")
    _link(tip, "thai_id", number)
    inside = shared_for_source(user=personas.province, source_type="tip", source_uuid=tip.uuid)
    assert person.uuid in {r.uuid for r in inside[0].visible}
    outside = shared_for_source(user=personas.district2, source_type="tip", source_uuid=tip.uuid)
    assert person.uuid not in {r.uuid for r in outside[0].visible}
    assert outside[0].elsewhere


@pytest.mark.django_db
def test_lookup_is_for_district_province_and_analysts(personas, village1):
    from django.core.exceptions import PermissionDenied

    tip = submit_tip(village1)
    _link(tip, "bank_account", "SCB:5550001111")
    found = identifier_lookup(user=personas.analyst, type="bank_account", value="scb:5550001111")
    assert found is not None and tip.uuid in {r.uuid for r in found.visible}
    for name in ("headman", "police", "ministry"):
        with pytest.raises(PermissionDenied):
            identifier_lookup(user=getattr(personas, name), type="bank_account", value="x")


def _bearer(user) -> dict[str, str]:
    _t, plain = token_issue(user=user, name="t", scope="read")
    return {"HTTP_AUTHORIZATION": f"Bearer {plain}"}


@pytest.mark.django_db
def test_identifier_api_scopes_like_the_pages(personas, village1, client):
    tip = submit_tip(village1)
    _link(tip, "line_id", "@apitestline")
    params = {"type": "line_id", "value": "@apitestline"}
    own = client.get("/api/v1/entities/identifiers", params, **_bearer(personas.district))
    assert own.status_code == 200
    assert str(tip.uuid) in {s["uuid"] for s in own.json()["sources"]}
    other = client.get("/api/v1/entities/identifiers", params, **_bearer(personas.district2))
    assert other.status_code == 200
    assert other.json()["sources"] == []
    assert other.json()["elsewhere"] == [f"อำเภอ{village1.parent.parent.name_th}"]
    refused = client.get("/api/v1/entities/identifiers", params, **_bearer(personas.police2))
    assert refused.status_code == 403
    missing = client.get(
        "/api/v1/entities/identifiers",
        {"type": "line_id", "value": "@nobody"},
        **_bearer(personas.district),
    )
    assert missing.status_code == 404


@pytest.mark.django_db
def test_links_page_refuses_a_headman_and_serves_the_district(personas, village1, login):
    assert login(personas.headman).get("/entities/").status_code == 403
    tip = submit_tip(village1)
    _link(tip, "url", "https://scam.example/x")
    page = login(personas.district).get(
        "/entities/", {"type": "url", "value": "https://scam.example/x"}
    )
    assert page.status_code == 200
    assert tip.tracking_code in page.content.decode()


@pytest.mark.django_db
def test_tip_api_shared_endpoint(personas, village1, village2, client):
    a = submit_tip(village1)
    b = submit_tip(village2)
    for tip in (a, b):
        _link(tip, "handle", "@sharedhandle")
    response = client.get(f"/api/v1/tips/{a.uuid}/shared", **_bearer(personas.district))
    assert response.status_code == 200
    (entry,) = response.json()
    assert entry["value"] == "@sharedhandle"
    assert entry["visible"] == []
    assert entry["elsewhere"] == [f"อำเภอ{village2.parent.parent.name_th}"]
    assert (
        client.get(f"/api/v1/tips/{a.uuid}/shared", **_bearer(personas.district2)).status_code
        == 404
    )


def test_assigned_area_helper_is_importable():
    assert callable(assigned_area)
