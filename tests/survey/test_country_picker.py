"""Nationality and issuing state are chosen by name (issue 20): "เมียนมา" is stored as MMR, never
cut to "เมี"; an unknown name is refused beside its field; the page offers the region first."""

from __future__ import annotations

import re

import pytest

from sodsong.people.models import IdentityDocument, Person

pytestmark = pytest.mark.django_db


def _form(village, **extra):  # type: ignore[no-untyped-def]
    data = {
        "village": village.code,
        "given_name_latin": "Aung",
        "family_name_latin": "Kyaw",
        "doc_type": "passport",
        "doc_number": "MD771122",
        "doc_state": "เมียนมา",
        "nationality": "Myanmar",
        "birth": "2533",
        "house_no": "9",
    }
    data.update(extra)
    return data


def test_a_thai_or_english_country_name_is_stored_as_its_code(personas, login, village):
    client = login(personas.headman)
    response = client.post("/survey/residents/new/", _form(village))
    assert response.status_code == 302, response.content.decode()[:3000]
    person = Person.objects.get(documents__number="MD771122")
    assert person.nationality == "MMR"
    assert IdentityDocument.objects.get(number="MD771122").issuing_state == "MMR"


def test_an_unknown_country_is_refused_beside_its_field(personas, login, village):
    client = login(personas.headman)
    response = client.post("/survey/residents/new/", _form(village, nationality="เมี"))
    assert response.status_code == 200
    html = response.content.decode()
    assert not Person.objects.filter(documents__number="MD771122").exists()
    # The message sits in the nationality field's group, not at the top of the form.
    group = re.search(r'<label for="id_nationality".*?name="nationality"', html, re.S)
    assert group is not None
    assert "เลือกประเทศจากรายการ" in group.group(0)


def test_the_form_offers_a_country_list_with_the_region_first(personas, login):
    client = login(personas.headman)
    html = client.get("/survey/residents/new/").content.decode()
    assert 'list="id_nationality-countries"' in html
    options = re.findall(r'<datalist id="id_nationality-countries">(.*?)</datalist>', html, re.S)
    assert options
    first = re.findall(r'value="([^"]+)"', options[0])[:5]
    assert first == ["เมียนมา (MMR)", "กัมพูชา (KHM)", "ลาว (LAO)", "จีน (CHN)", "เวียดนาม (VNM)"]
    assert 'maxlength="3"' not in html.split('id="id_nationality"')[0][-400:]


# --- the Excel template and the import -------------------------------------------------------


def test_the_import_reads_thai_names_english_names_and_codes(personas, village):
    from sodsong.survey.importing import jobs
    from tests.survey.test_import import _row, _upload, _xlsx

    job = _upload(
        personas.headman,
        _xlsx(
            [
                _row(village.code, "MK500001", nationality="เมียนมา", doc_state="พม่า"),
                _row(village.code, "MK500002", nationality="Cambodia", doc_state="กัมพูชา"),
                _row(village.code, "MK500003", nationality="lao", doc_state="LAO"),
                _row(village.code, "MK500004", nationality="เมี"),
            ]
        ),
    )
    assert (job.total_rows, job.error_rows) == (4, 1)
    errors = [e for e in job.report["errors"] if e["row"] == 5]
    assert errors and "ประเทศ" in errors[0]["message"]
    jobs.import_commit(job=job, user=personas.headman)
    states = dict(
        IdentityDocument.objects.filter(number__startswith="MK50000").values_list(
            "number", "issuing_state"
        )
    )
    assert states == {"MK500001": "MMR", "MK500002": "KHM", "MK500003": "LAO"}
    nationalities = set(
        Person.objects.filter(documents__number__startswith="MK50000").values_list(
            "nationality", flat=True
        )
    )
    assert nationalities == {"MMR", "KHM", "LAO"}


def test_the_template_names_countries_and_lists_them_on_a_sheet():
    import io

    from openpyxl import load_workbook

    from sodsong.survey.importing import template

    wb = load_workbook(io.BytesIO(template.template_xlsx("47010102")))
    headers = [c.value for c in wb.active[1]]
    assert "สัญชาติ (ชื่อประเทศหรือรหัส 3 ตัวอักษร)" in headers
    sheet = wb["ประเทศ"]
    assert [c.value for c in sheet[2]] == ["เมียนมา", "Myanmar", "MMR"]


def test_files_made_from_the_old_template_still_import():
    from sodsong.survey.importing.reading import header_map

    columns = header_map(["สัญชาติ (รหัส 3 ตัวอักษร)", "ประเทศผู้ออกเอกสาร (รหัส 3 ตัวอักษร)"])
    assert columns == {"nationality": 0, "doc_state": 1}
