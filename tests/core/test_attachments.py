"""Attachments are content-hashed, size-limited, sniffed by content, and served only to users
who may read the record they belong to."""

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from sodsong.core.attachments import AttachmentError, attachment_store
from sodsong.geo.models import Area
from sodsong.people.services import person_create


def _png() -> bytes:
    """A real (tiny) picture: the upload checks read its header (issue #12 hostile files)."""
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (4, 4), (10, 20, 30)).save(out, format="PNG")
    return out.getvalue()


PNG = _png()


@pytest.fixture
def person(personas):
    village = Area.objects.filter(parent__code__startswith="4701", level="village").first()
    home = personas.headman.role_assignments.first().areas.first()
    return person_create(area=home or village, source="test", given_name_latin="Mya")


def upload(content: bytes, name: str = "photo.png", declared: str = "image/png"):
    return SimpleUploadedFile(name, content, content_type=declared)


def test_a_file_is_stored_under_its_sha256_and_served_to_the_owner_area(person, personas, login):
    attachment = attachment_store(
        owner=person, area_code=person.area.code, upload=upload(PNG), uploaded_by_id=None
    )
    assert attachment.sha256 == hashlib.sha256(PNG).hexdigest()
    assert attachment.file.name.endswith(attachment.sha256)
    assert attachment.content_type == "image/png"
    client = login(personas.headman)
    response = client.get(f"/files/{attachment.uuid}")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PNG
    assert response["Cache-Control"] == "private, no-store"


def test_a_user_outside_the_area_gets_not_found(person, personas, login):
    attachment = attachment_store(
        owner=person, area_code=person.area.code, upload=upload(PNG), uploaded_by_id=None
    )
    client = login(personas.headman2)
    assert client.get(f"/files/{attachment.uuid}").status_code == 404


def test_the_same_bytes_are_stored_once(person):
    first = attachment_store(
        owner=person, area_code=person.area.code, upload=upload(PNG, "a.png"), uploaded_by_id=None
    )
    second = attachment_store(
        owner=person, area_code=person.area.code, upload=upload(PNG, "b.png"), uploaded_by_id=None
    )
    assert first.file.name == second.file.name
    stored = first.file.storage.listdir(f"sha256/{first.sha256[:2]}")[1]
    assert stored == [first.sha256]


def test_the_declared_type_is_not_trusted(person):
    with pytest.raises(AttachmentError):
        attachment_store(
            owner=person,
            area_code=person.area.code,
            upload=upload(b"MZ\x90\x00 not an image", "x.png"),
            uploaded_by_id=None,
        )


def test_files_over_the_size_limit_are_refused_with_a_clear_message(person, settings):
    settings.ATTACHMENT_MAX_BYTES = 32
    with pytest.raises(AttachmentError, match="MB"):
        attachment_store(
            owner=person, area_code=person.area.code, upload=upload(PNG), uploaded_by_id=None
        )


def test_empty_files_are_refused(person):
    with pytest.raises(AttachmentError):
        attachment_store(
            owner=person, area_code=person.area.code, upload=upload(b""), uploaded_by_id=None
        )


def _docx_bytes() -> bytes:
    import io

    import docx

    buffer = io.BytesIO()
    docx.Document().save(buffer)
    return buffer.getvalue()


def test_a_word_file_is_accepted_only_where_documents_are_allowed(person):
    from sodsong.core.attachments import DOCUMENT_ALLOWED, DOCX

    data = _docx_bytes()
    with pytest.raises(AttachmentError):
        attachment_store(
            owner=person,
            area_code=person.area.code,
            upload=upload(data, "a.docx"),
            uploaded_by_id=None,
        )
    stored = attachment_store(
        owner=person,
        area_code=person.area.code,
        upload=upload(data, "a.docx"),
        uploaded_by_id=None,
        allowed_types=DOCUMENT_ALLOWED,
    )
    assert stored.content_type == DOCX


def test_any_zip_is_not_a_word_file(person):
    import io
    import zipfile

    from sodsong.core.attachments import DOCUMENT_ALLOWED

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("payload.exe", b"MZ")
    with pytest.raises(AttachmentError):
        attachment_store(
            owner=person,
            area_code=person.area.code,
            upload=upload(buffer.getvalue(), "x.docx"),
            uploaded_by_id=None,
            allowed_types=DOCUMENT_ALLOWED,
        )
