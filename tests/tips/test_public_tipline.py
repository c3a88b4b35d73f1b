"""The public tip line: no sign-in, a tracking code that shows the status only, attachments
limited to images and PDF with picture metadata removed, and abuse limits (rate, honeypot, size)."""

from __future__ import annotations

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from sodsong.core.models import Attachment
from sodsong.tips.models import RateLimitHit, Tip, TipStatus
from sodsong.tips.services import CODE_ALPHABET, TipError, tip_add_note, tip_set_status

from .conftest import png_bytes, submit_tip

FORM = {
    "description": "มีคนโทรมาอ้างเป็นเจ้าหน้าที่ธนาคาร ให้โอนเงินไปบัญชีปลอดภัย",
    "province": "47",
    "place_text": "ตลาดสด",
    "website": "",
}


def _post(client: Client, data: dict, addr: str = "203.0.113.9", **files):
    return client.post("/tip/", {**FORM, **data, **files}, REMOTE_ADDR=addr)


@pytest.mark.django_db
def test_anyone_can_open_the_tip_line_without_signing_in(client):
    response = client.get("/tip/")
    assert response.status_code == 200
    assert "ส่งเบาะแส" in response.content.decode()


@pytest.mark.django_db
def test_submitting_a_tip_shows_an_unguessable_tracking_code(client, village1):
    response = _post(
        client,
        {
            "district": village1.code[:4],
            "subdistrict": village1.code[:6],
            "village": village1.code,
            "occurred_on": "๑๕/๖/๒๕๖๗",
        },
        addr="203.0.113.10",
    )
    assert response.status_code == 200, response.content.decode()[:2000]
    code = re.search(r'id="tracking-code"[^>]*>([A-Z0-9]+)<', response.content.decode()).group(1)
    assert len(code) == 10 and set(code) <= set(CODE_ALPHABET)
    tip = Tip.objects.get(tracking_code=code)
    assert tip.area == village1
    assert str(tip.occurred_on) == "2024-06-15"
    assert tip.kind == "tip" and tip.reporter is None


@pytest.mark.django_db
def test_the_client_address_is_stored_only_as_a_salted_hash(client):
    _post(client, {}, addr="198.51.100.77")
    hits = RateLimitHit.objects.filter(bucket="tip_submit")
    assert hits.exists()
    for hit in hits:
        assert "198.51.100.77" not in hit.client_hash
        assert len(hit.client_hash) == 64
    tip = Tip.objects.order_by("-id").first()
    assert "198.51.100.77" not in str(tip.__dict__)


@pytest.mark.django_db
def test_status_lookup_shows_the_status_but_never_internal_notes(client, personas, village1):
    tip = submit_tip(village1)
    tip_add_note(tip=tip, by=personas.district, text="ผู้แจ้งน่าจะเป็นญาติของผู้ต้องสงสัย")
    tip_set_status(tip=tip, status=TipStatus.VERIFIED, by=personas.district)
    response = client.get(
        "/tip/status/", {"code": tip.tracking_code.lower()}, REMOTE_ADDR="203.0.113.11"
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "ตรวจสอบแล้ว" in body
    assert "ญาติ" not in body
    assert village1.name_th not in body
    api = client.get(f"/api/v1/tips/public/{tip.tracking_code}", REMOTE_ADDR="203.0.113.11")
    assert api.status_code == 200
    assert set(api.json()) == {"tracking_code", "status", "status_text", "received_on"}


@pytest.mark.django_db
def test_an_unknown_tracking_code_finds_nothing(client):
    response = client.get("/tip/status/", {"code": "ZZZZZZZZZZ"}, REMOTE_ADDR="203.0.113.12")
    assert response.status_code == 404
    assert client.get("/api/v1/tips/public/ZZZZZZZZZZ").status_code == 404


@pytest.mark.django_db
def test_a_filled_honeypot_refuses_the_tip(client):
    before = Tip.objects.count()
    response = _post(client, {"website": "http://spam.example"}, addr="203.0.113.13")
    assert response.status_code == 400
    assert Tip.objects.count() == before


@pytest.mark.django_db
def test_a_client_is_rate_limited_after_five_tips_an_hour(client):
    for _ in range(5):
        assert _post(client, {}, addr="203.0.113.14").status_code == 200
    blocked = _post(client, {}, addr="203.0.113.14")
    assert blocked.status_code == 429
    assert "ลองใหม่" in blocked.content.decode()
    # Another client is not affected.
    assert _post(client, {}, addr="203.0.113.15").status_code == 200


@pytest.mark.django_db
def test_the_public_api_is_rate_limited_too(client):
    for _ in range(5):
        response = client.post("/api/v1/tips/public", FORM, REMOTE_ADDR="203.0.113.16")
        assert response.status_code == 201, response.content
    blocked = client.post("/api/v1/tips/public", FORM, REMOTE_ADDR="203.0.113.16")
    assert blocked.status_code == 429
    assert blocked.json()["error"]["code"] == "rate_limited"


@pytest.mark.django_db
def test_validation_messages_come_out_in_thai(client):
    response = _post(
        client, {"description": "สั้น", "occurred_on": "32/13/2567"}, addr="203.0.113.17"
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "อ่านวันที่ไม่ได้" in body  # the shared date field's message, in Thai
    assert "Describe what happened" not in body


@pytest.mark.django_db
def test_a_pdf_is_accepted_and_a_program_is_refused(client):
    pdf = SimpleUploadedFile("proof.pdf", b"%PDF-1.4\n1 0 obj\n", content_type="application/pdf")
    ok = _post(client, {}, addr="203.0.113.18", files=pdf)
    assert ok.status_code == 200
    code = re.search(r'id="tracking-code"[^>]*>([A-Z0-9]+)<', ok.content.decode()).group(1)
    tip = Tip.objects.get(tracking_code=code)
    assert Attachment.objects.get(owner_uuid=tip.uuid).content_type == "application/pdf"
    exe = SimpleUploadedFile("photo.jpg", b"MZ\x90\x00" + b"\x00" * 100, content_type="image/jpeg")
    before = Tip.objects.count()
    refused = _post(client, {}, addr="203.0.113.19", files=exe)
    assert refused.status_code == 400
    assert Tip.objects.count() == before  # nothing half-written


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_picture_metadata_is_stripped_before_storing(village1, fmt):
    from PIL import Image

    raw = png_bytes(with_exif=True, fmt=fmt)
    assert Image.open(io.BytesIO(raw)).getexif(), "the test picture must carry EXIF"
    upload = SimpleUploadedFile(f"photo.{fmt.lower()}", raw)
    tip = submit_tip(village1, files=[upload])
    attachment = Attachment.objects.get(owner_uuid=tip.uuid)
    stored = attachment.file.open("rb").read()
    assert b"SpyCam" not in stored
    assert not Image.open(io.BytesIO(stored)).getexif()


@pytest.mark.django_db
def test_a_file_over_the_size_limit_is_refused(village1, settings):
    settings.ATTACHMENT_MAX_BYTES = 2048
    big = SimpleUploadedFile("big.pdf", b"%PDF-1.4\n" + b"0" * 5000)
    with pytest.raises(ValueError):
        submit_tip(village1, files=[big])


@pytest.mark.django_db
def test_more_than_five_files_are_refused(village1):
    files = [SimpleUploadedFile(f"{i}.pdf", b"%PDF-1.4\n%" + bytes([65 + i])) for i in range(6)]
    with pytest.raises(TipError):
        submit_tip(village1, files=files)


@pytest.mark.django_db
def test_the_place_picker_lists_the_next_level(client, village1):
    response = client.get("/tip/places/", {"province": "47", "district": village1.code[:4]})
    body = response.content.decode()
    assert response.status_code == 200
    assert f'value="{village1.code[:6]}"' in body  # sub-districts of the chosen district
    inconsistent = client.get("/tip/places/", {"province": "47", "district": "9001"})
    assert 'value="9001"' not in inconsistent.content.decode()


@pytest.mark.django_db
def test_a_place_outside_the_chain_is_refused(village1, village2):
    from sodsong.tips.services import resolve_area

    with pytest.raises(TipError):
        resolve_area(province="47", district=village1.code[:4], subdistrict=village2.code[:6])
