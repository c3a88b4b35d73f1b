"""Hostile letters and attachments (issue #12 "hostile files"): directive letters (TXT/PDF/DOCX)
through the upload form, attachments (pictures, PDF, DOCX) through the public tip form and API
and through `attachment_store` itself. Each is refused with a Thai message (4xx on the API),
nothing is written (row counts before and after) and the checks stay within a bounded memory.
The files come from benchmarks/hard/hostile_files.py (made in memory; no binary blobs)."""

from __future__ import annotations

import functools
import re
import tracemalloc

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from benchmarks.hard import hostile_files as hostile
from sodsong.core.models import Attachment
from sodsong.directives.models import Directive, DirectiveItem
from sodsong.tips.models import Tip

THAI = re.compile(r"[\u0e00-\u0e7f]")
LETTER_CASES = [case for case, _name, _make in hostile.LETTERS]
ATTACHMENT_CASES = [case for case, _name, _make in hostile.ATTACHMENTS]


@functools.cache
def _letter(case: str) -> tuple[str, bytes]:
    return hostile.case_bytes(hostile.LETTERS, case)


@functools.cache
def _attachment(case: str) -> tuple[str, bytes]:
    return hostile.case_bytes(hostile.ATTACHMENTS, case)


def _counts() -> tuple[int, ...]:
    return (
        Directive.objects.count(),
        DirectiveItem.objects.count(),
        Attachment.objects.count(),
        Tip.objects.count(),
    )


def _page_error(html: str) -> str:
    found = re.search(r'class="[^"]*(?:error|alert)[^"]*"[^>]*>(.*?)</(?:div|p|li|ul)', html, re.S)
    assert found, html[-3000:]
    return re.sub(r"<[^>]+>", " ", found.group(1)).strip()


@pytest.mark.parametrize("case", LETTER_CASES)
def test_a_hostile_letter_is_refused_in_thai_on_the_upload_form(personas, login, case) -> None:
    name, data = _letter(case)
    before = _counts()
    page = login(personas.province).post(
        "/directives/new/", {"letter": SimpleUploadedFile(name, data), "text": ""}
    )
    assert page.status_code == 200, page.status_code
    message = _page_error(page.content.decode())
    assert THAI.search(message), f"{case}: not a Thai message: {message!r}"
    assert _counts() == before
    print(f"\nletter {case}: {message}")


TIP = {"description": "มีคนมาจ้างชาวบ้านเปิดบัญชีธนาคาร", "province": "47"}


@pytest.mark.parametrize("case", ATTACHMENT_CASES)
def test_a_hostile_attachment_is_refused_in_thai_by_the_public_tip_api(db, client, case) -> None:
    name, data = _attachment(case)
    before = _counts()
    response = client.post("/api/v1/tips/public", {**TIP, "files": SimpleUploadedFile(name, data)})
    assert response.status_code in (400, 413, 422), (response.status_code, response.content[:300])
    body = response.json()
    message = body.get("message") or (body.get("error") or {}).get("message", "")
    assert THAI.search(message), f"{case}: not a Thai message: {response.content[:300]!r}"
    assert _counts() == before


@pytest.mark.parametrize("case", ATTACHMENT_CASES)
def test_a_hostile_attachment_is_refused_in_thai_by_the_public_tip_form(db, client, case) -> None:
    name, data = _attachment(case)
    before = _counts()
    page = client.post("/tip/", {**TIP, "files": SimpleUploadedFile(name, data)})
    assert page.status_code == 400, page.status_code
    message = _page_error(page.content.decode())
    assert THAI.search(message), f"{case}: not a Thai message: {message!r}"
    assert _counts() == before


@pytest.fixture
def owner(personas):  # type: ignore[no-untyped-def]
    from sodsong.tips.services import public_tip_submit

    return public_tip_submit(
        description="เบาะแสสำหรับไฟล์แนบ", client_address="127.0.0.9", province="47"
    )


@pytest.mark.parametrize("case", ATTACHMENT_CASES)
def test_attachment_store_refuses_every_hostile_file_in_thai(owner, case) -> None:
    """The one door of every attachment (case files, visit and activity photos, report evidence,
    a directive's source letter): the modules that do not decode pictures get the same checks."""
    from sodsong.core.attachments import DOCUMENT_ALLOWED, AttachmentError, attachment_store

    name, data = _attachment(case)
    before = _counts()
    tracemalloc.start()
    try:
        with pytest.raises(AttachmentError) as refused:
            attachment_store(
                owner=owner,
                area_code="47",
                upload=SimpleUploadedFile(name, data),
                uploaded_by_id=None,
                allowed_types=DOCUMENT_ALLOWED,
            )
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert THAI.search(str(refused.value)), str(refused.value)
    assert _counts() == before
    # The file itself is in memory once (at most 10 MB); a bomb's content never is.
    assert peak < len(data) * 3 + 40 * 2**20, f"{case}: {peak / 2**20:.0f} MiB"
    print(f"\nattachment {case}: peak {peak / 2**20:.1f} MiB: {refused.value}")


@pytest.mark.parametrize("trick", hostile.PATH_TRICK_NAMES)
def test_path_tricks_in_a_name_are_cleaned_not_followed(owner, trick) -> None:
    from sodsong.core.attachments import attachment_store

    attachment = attachment_store(
        owner=owner,
        area_code="47",
        upload=SimpleUploadedFile(trick, hostile.pdf()),
        uploaded_by_id=None,
    )
    shown = attachment.original_name
    assert "/" not in shown and "\\" not in shown and "\x00" not in shown
    assert "\u202e" not in shown and not shown.startswith(".")
    assert len(shown) <= 200 and shown.endswith(".pdf"), shown
    assert ".." not in attachment.file.name


def test_a_letter_with_path_tricks_in_its_name_keeps_a_clean_name(personas, login) -> None:
    page = login(personas.province).post(
        "/directives/new/",
        {"letter": SimpleUploadedFile("..\\..\\x\u202etxt.txt", hostile.letter_text())},
    )
    assert page.status_code == 302, page.content.decode()[-2000:]
    directive = Directive.objects.latest("created_at")
    assert directive.source_name == "xtxt.txt"


def test_a_plain_letter_still_reads(personas, login) -> None:
    """The checks refuse the hostile, not the ordinary: TXT, PDF and DOCX letters go through."""
    client = login(personas.province)
    for name, data in (
        ("letter.txt", hostile.letter_text()),
        ("letter.pdf", hostile.pdf()),
        ("letter.docx", hostile.docx()),
    ):
        page = client.post("/directives/new/", {"letter": SimpleUploadedFile(name, data)})
        assert page.status_code == 302, (name, page.content.decode()[-2000:])


def _writer(user):  # type: ignore[no-untyped-def]
    from django.test import Client

    from sodsong.accounts.models import ApiToken
    from sodsong.accounts.services import token_issue

    _, plain = token_issue(user=user, name="hostile", scope=ApiToken.Scope.WRITE)
    return Client(HTTP_AUTHORIZATION=f"Bearer {plain}")


@pytest.mark.parametrize("case", LETTER_CASES)
def test_a_hostile_letter_is_refused_in_thai_by_the_api(personas, case) -> None:
    name, data = _letter(case)
    before = _counts()
    response = _writer(personas.province).post(
        "/api/v1/directives/letters", {"file": SimpleUploadedFile(name, data)}
    )
    assert response.status_code == 422, (response.status_code, response.content[:300])
    message = response.json()["error"]["message"]
    assert THAI.search(message), f"{case}: not a Thai message: {message!r}"
    assert _counts() == before


def test_a_letter_file_uploaded_through_the_api_becomes_a_draft(personas) -> None:
    response = _writer(personas.province).post(
        "/api/v1/directives/letters",
        {"file": SimpleUploadedFile("letter.docx", hostile.docx()), "received_on": "2024-06-14"},
    )
    assert response.status_code == 201, response.content[:500]
    directive = Directive.objects.get(uuid=response.json()["uuid"])
    assert directive.source_name == "letter.docx"
    assert directive.received_on.isoformat() == "2024-06-14"


def test_the_letter_api_is_refused_to_a_headman(personas) -> None:
    response = _writer(personas.headman).post(
        "/api/v1/directives/letters", {"file": SimpleUploadedFile("l.txt", hostile.letter_text())}
    )
    assert response.status_code == 403
