"""The one-minute field flow: a village headman on a 360 px phone registers a foreign resident and
records a visit with a red flag, in under a minute; the district then sees the round's
completeness table and chart."""

from __future__ import annotations

import re
import time

import pytest

from .conftest import DESKTOP, PHONE

pytestmark = pytest.mark.browser


def _no_sideways_scroll(page) -> None:  # type: ignore[no-untyped-def]
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the page scrolls sideways at 360 px ({width} px wide)"


def test_headman_registers_a_resident_and_records_a_visit_in_under_a_minute(
    new_page, sign_in, images_dir
):
    page = new_page(viewport=PHONE)
    sign_in(page, "headman")
    started = time.monotonic()

    page.get_by_role("button", name="เมนู").click()  # on a phone the sections sit behind it
    page.locator("nav.main a[href='/survey/']").click()
    page.wait_for_url(re.compile(r"/survey/$"))
    page.get_by_role("link", name="ลงทะเบียนผู้พักอาศัย").first.click()
    page.wait_for_url(re.compile(r"/survey/residents/new/$"))
    page.locator("#id_given_name_latin").fill("Zin Mar")
    page.locator("#id_family_name_latin").fill("Oo")
    page.locator("#id_doc_number").fill("MB7654321")
    page.locator("#id_nationality").fill("MMR")
    page.locator("#id_birth").fill("๐๓/๒๕๓๖")
    page.locator("#id_moved_in_on").fill("๐๑/๐๕/๒๕๖๘")
    _no_sideways_scroll(page)
    page.screenshot(path=str(images_dir / "survey-register-360.png"), full_page=True)
    page.get_by_role("button", name="บันทึกผู้พักอาศัย").click()
    page.wait_for_url(re.compile(r"/survey/residents/[0-9a-f-]{36}/$"))
    assert "Zin Mar Oo" in page.locator("h1").inner_text()
    assert "ยังไม่แจ้ง" in page.locator("main").inner_text()

    page.get_by_role("link", name="บันทึกการตรวจเยี่ยม").click()
    page.wait_for_url(re.compile(r"/survey/visits/new/"))
    page.get_by_label("Zin Mar Oo").check()
    page.get_by_label("บุคคลเดียวถือซิมการ์ดจำนวนมาก").check()
    page.locator("#id_observations").fill("พบซิมการ์ดหลายสิบใบในห้องพัก")
    _no_sideways_scroll(page)
    page.screenshot(path=str(images_dir / "survey-visit-360.png"), full_page=True)
    page.get_by_role("button", name="บันทึกการตรวจเยี่ยม").click()
    page.wait_for_url(re.compile(r"/survey/visits/[0-9a-f-]{36}/$"))
    elapsed = time.monotonic() - started

    main = page.locator("main").inner_text()
    assert "Zin Mar Oo" in main
    assert "บุคคลเดียวถือซิมการ์ดจำนวนมาก" in main
    assert elapsed < 60, f"the field flow took {elapsed:.1f} s"


def test_headman_sees_thai_validation_messages_on_a_phone(new_page, sign_in):
    page = new_page(viewport=PHONE)
    sign_in(page, "headman")
    page.goto("/survey/residents/new/")
    page.locator("#id_moved_in_on").fill("31/02/2568")
    page.get_by_role("button", name="บันทึกผู้พักอาศัย").click()
    main = page.locator("main").inner_text()
    assert "ต้องระบุชื่อ" in main
    assert "อ่านวันที่ไม่ได้" in main
    _no_sideways_scroll(page)


def test_district_sees_the_rounds_completeness_table_and_chart(new_page, sign_in, images_dir):
    page = new_page(viewport=DESKTOP)
    sign_in(page, "district")
    page.goto("/survey/")
    page.get_by_role("link", name="รอบสำรวจคนต่างด้าวในหมู่บ้าน ครั้งที่ 1").first.click()
    page.wait_for_url(re.compile(r"/survey/rounds/[0-9a-f-]{36}/$"))
    assert page.locator("figure svg").count() >= 1
    assert page.locator("main table tbody tr").count() >= 1
    page.screenshot(path=str(images_dir / "survey-completeness.png"), full_page=True)


def test_police_are_refused_the_registry(new_page, sign_in):
    page = new_page(viewport=PHONE)
    sign_in(page, "police")
    response = page.goto("/survey/residents/")
    assert response is not None and response.status == 403


def test_district_officer_imports_a_file_and_gets_the_rejected_rows_back(
    new_page, sign_in, images_dir
):
    """The whole import through the pages: template, dry run with errors by row and column,
    commit of the good rows (in the server, outside any request transaction, on the import's
    writer thread), and the rejected rows handed back with their reason."""
    import io

    from openpyxl import load_workbook

    page = new_page(viewport=DESKTOP)
    sign_in(page, "district")
    template = page.request.get("/survey/import/template.xlsx")
    assert template.ok
    book = load_workbook(io.BytesIO(template.body()))
    sheet = book.worksheets[0]
    header = [c.value for c in sheet[1]]
    example = {h: c.value for h, c in zip(header, sheet[2], strict=False)}
    sheet.delete_rows(2)  # the example row (it would be skipped anyway)
    people = [("Aung", "Ko", "MC1100201"), ("Thida", "Win", "MC1100202"), ("Khin", "Lay", "bad!")]
    for given, family, passport in people:
        kept = ("รหัสหมู่บ้าน (8 หลัก)", "เพศ", "ประเภทเอกสาร", "สัญชาติ (ชื่อประเทศหรือรหัส 3 ตัวอักษร)")
        row = {h: example[h] if h in kept else None for h in header} | {
            "ชื่อ (ตามหนังสือเดินทาง)": given,
            "นามสกุล (ตามหนังสือเดินทาง)": family,
            "ประเทศผู้ออกเอกสาร (ชื่อประเทศหรือรหัส 3 ตัวอักษร)": "MMR",
            "เลขที่เอกสาร": passport,
            "วันที่เข้าพัก": "01/05/2568",
        }
        sheet.append([row[h] for h in header])
    data = io.BytesIO()
    book.save(data)

    page.goto("/survey/import/")
    page.locator("input[type=file]").set_input_files(
        files=[
            {
                "name": "residents.xlsx",
                "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "buffer": data.getvalue(),
            }
        ]
    )
    page.get_by_role("button", name="ตรวจสอบไฟล์").click()
    page.wait_for_url(re.compile(r"/survey/import/[0-9a-f-]{36}/$"))
    main = page.locator("main").inner_text()
    assert "เลขที่เอกสาร" in main  # the bad passport, reported by column
    page.screenshot(path=str(images_dir / "survey-import-preview.png"), full_page=True)
    page.get_by_role("button", name="นำเข้าทันที").click()
    page.wait_for_load_state()
    page.get_by_text("บุคคลที่เพิ่มใหม่").wait_for()
    created = page.locator(".card", has_text="บุคคลที่เพิ่มใหม่").locator(".stat")
    assert created.inner_text().strip() in ("2", "๒")
    rejected = page.get_by_role("link", name=re.compile("แถวที่ไม่ผ่าน"))
    assert rejected.count() == 1
    back = page.request.get(rejected.get_attribute("href"))
    returned = load_workbook(io.BytesIO(back.body())).worksheets[0]
    assert [c.value for c in returned[1]][-1] == "เหตุผลที่ไม่นำเข้า"
    assert (
        returned.max_row == 2 and returned.cell(2, header.index("เลขที่เอกสาร") + 1).value == "bad!"
    )
    page.screenshot(path=str(images_dir / "survey-import-done.png"), full_page=True)
