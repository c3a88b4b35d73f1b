"""The real provincial circular of June 2024 (issue #19 "Directives: the parser") and the forms it
taught the parser: an order with a report-back in the lead-in, "ทราบและถือปฏิบัติ", a damaged date
line, the signatory's rank line, recurring and immediate deadlines, Thai warnings."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from sodsong.directives.letters import parse_letter
from sodsong.directives.letters.deadlines import deadline
from sodsong.directives.letters.notes import describe_note

LETTERS = Path(__file__).parent / "letters"
CIRCULAR = LETTERS / "circular_2567_online_crime.txt"


def circular() -> dict:
    return parse_letter(CIRCULAR.read_text(encoding="utf-8")).to_dict()


def test_the_circular_yields_its_two_orders_with_their_actors_and_report_back():
    items = circular()["directives"]
    assert [d["ref"] for d in items] == ["๑", "๒"]
    assert items[0]["actors"] == ["จังหวัด"]
    assert items[1]["actors"] == ["อำเภอ", "กำนัน", "ผู้ใหญ่บ้าน", "องค์กรปกครองส่วนท้องถิ่น"]
    assert all(d["report_back"] for d in items)
    assert all(d["deadline"] is None for d in items)


def test_a_report_of_results_is_still_not_an_order():
    # letter_20: "ได้ดำเนินการแล้ว ผลการดำเนินการ ดังนี้" lists what was done.
    text = (LETTERS / "letter_20.txt").read_text(encoding="utf-8")
    assert parse_letter(text).directives == []


def test_the_damaged_date_line_is_the_date_not_part_of_the_address():
    data = circular()
    assert data["from_unit"] == "ศาลากลางจังหวัดสงขลา / ถนนศูนย์ราชการ สน ๕๗๐๐๐"
    assert data["date_be_text"] == "มว มิถุนายน ๒๕๖๗"
    assert (data["date"], data["month_year_only"]) == (None, True)
    assert "damaged_date: มว มิถุนายน ๒๕๖๗" in data["inconsistencies"]


def test_the_rank_line_and_the_position_have_their_own_fields():
    letter = parse_letter(CIRCULAR.read_text(encoding="utf-8"))
    assert letter.signatory_rank == "ว่าที่ร้อยตรี"
    assert letter.signatory_name == "รณรงค์ ไกรฤต"
    assert letter.signatory_position == ("ปลัดจังหวัดสกลนคร ปฏิบัติราชการแทน / ผู้ว่าราชการจังหวัดสกลนคร")
    assert letter.acting_for == "ผู้ว่าราชการจังหวัดสกลนคร"
    assert letter.contact_unit == "ที่ทำการปกครองจังหวัด / กลุ่มงานอำนวยความสะดวก"


def test_a_police_rank_above_the_name_in_a_laid_out_letter():
    text = (LETTERS / "letter_01.txt").read_text(encoding="utf-8")
    text = text.replace(
        "\n\n\n\n                                            (นายวีระพงษ์",
        "\n\n                                              พันตำรวจเอก\n\n"
        "                                            (นายวีระพงษ์",
    )
    letter = parse_letter(text)
    assert letter.signatory_rank == "พันตำรวจเอก"
    assert letter.signatory_name == "นายวีระพงษ์ ศรีสุวรรณวงศ์"
    assert len(letter.directives) == 4


def test_the_circular_notes_every_damage_its_gold_lists():
    kinds = {note.split(":", 1)[0] for note in circular()["inconsistencies"]}
    assert kinds == {
        "province_mismatch",
        "postcode_mismatch",
        "damaged_date",
        "doubled_character",
        "misspelt_word",
        "page_break_artefact",
    }


_LETTER = """ที่ สน 0018.3/ว 100                                              ศาลากลางจังหวัดสกลนคร

                                              3 กรกฎาคม 2567

เรื่อง  ทดสอบ

เรียน  นายอำเภอ ทุกอำเภอ

                {body}

                                                  ขอแสดงความนับถือ

                                            (นายทดสอบ ระบบ)
                                              ผู้ว่าราชการจังหวัดสกลนคร
"""


def test_know_and_comply_is_an_order_to_comply_not_for_information():
    comply = parse_letter(
        _LETTER.format(body="ขอให้อำเภอทุกอำเภอ ทราบและถือปฏิบัติ รายละเอียดปรากฏตามสิ่งที่ส่งมาด้วย")
    )
    assert [d.actors for d in comply.directives] == [["อำเภอ"]]
    inform = parse_letter(_LETTER.format(body="ขอให้อำเภอทุกอำเภอทราบ"))
    assert inform.directives == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("รายงานผลให้จังหวัดทราบทุก 15 วัน", "R/2024-07-18/P15D"),
        ("รายงานผลทุก ๑๕ วัน", "R/2024-07-18/P15D"),
        ("รายงานให้จังหวัดทราบทุกเดือน ภายในวันที่ 25 ของเดือน", "R/2024-07-25/P1M"),
        ("ให้ดำเนินการทันที", "P0D"),
        ("หากพบเบาะแสให้แจ้งอำเภอทราบโดยทันที", None),
        (
            "รายงานภายในวันที่ 15 กรกฎาคม 2567 และหลังจากนั้นทุกวันที่ 25 ของเดือน",
            "2024-07-15,R/2024-07-25/P1M",
        ),
        ("รายงานครั้งแรกภายใน 30 วัน และหลังจากนั้นทุก 15 วัน", "P30D,R/2024-08-17/P15D"),
    ],
)
def test_recurring_and_immediate_deadlines(text, expected):
    from sodsong.thai.digits import to_arabic_digits

    assert deadline(to_arabic_digits(text), letter_date=dt.date(2024, 7, 3)) == expected


def test_warnings_are_told_in_thai_words():
    notes = circular()["inconsistencies"]
    told = [describe_note(note) for note in notes]
    for sentence in told:
        assert not any(code in sentence for code in ("_", "mismatch", "damaged", "artefact"))
    joined = " ".join(told)
    assert "สงขลา" in joined and "สกลนคร" in joined and "เชียงราย" in joined
    assert "ตรววจ" in joined and "ตรวจ" in joined
    assert describe_note("number_code_mismatch: สน is สกลนคร").startswith("รหัสหนังสือ สน")


def test_the_gold_of_the_circular_is_a_copy_of_the_shared_data():
    gold = json.loads((LETTERS / "circular_2567_online_crime.json").read_text(encoding="utf-8"))
    assert gold["number"] == "สน 0018.1/ว 12755" and len(gold["directives"]) == 2


# --- limits and speed (issue #17 item 8) -------------------------------------------------------


def test_repair_is_linear_on_a_long_line():
    import time

    from sodsong.directives.letters.noise import repair

    line = ("ให้กำนันผู้ใหญ่บ้านตรววจสอบคนต่างด้าวในพื้นที่อย่างเคร่งครัด" * 2000)[:109_000]
    started = time.monotonic()
    fixed = repair(line)
    assert time.monotonic() - started < 8  # 18 s before
    assert "ตรวจสอบ" in fixed.text


def test_ten_thousand_lines_parse_in_seconds():
    import time

    body = "\n".join(
        f"                {n}. ให้ผู้ใหญ่บ้านตรวจสอบบ้านเลขที่ {n} ในหมู่บ้าน" for n in range(1, 10_001)
    )
    text = _LETTER.format(body="จึงขอให้อำเภอดำเนินการ ดังนี้\n" + body[:190_000])
    started = time.monotonic()
    letter = parse_letter(text)
    assert time.monotonic() - started < 40  # did not finish in 120 s before
    assert len(letter.directives) > 2000


def test_a_text_over_the_limit_is_refused_in_thai():
    from sodsong.directives.letters import MAX_LETTER_CHARS, LetterTooLong

    with pytest.raises(LetterTooLong) as refused:
        parse_letter("ก" * (MAX_LETTER_CHARS + 1))
    assert "เกินกว่าที่ระบบอ่านได้" in str(refused.value)


def test_a_docx_that_expands_too_far_is_refused_before_it_is_opened():
    import io
    import zipfile

    from sodsong.directives.letters import LetterFileTooLarge, text_from_file

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", "<w:document/>")
        archive.writestr("word/media/padding.bin", b"\0" * (60 * 1024 * 1024))
    with pytest.raises(LetterFileTooLarge) as refused:
        text_from_file(out.getvalue(), "docx")
    assert "50 MB" in str(refused.value)


def test_a_pdf_with_too_many_pages_is_refused():
    import io

    from pypdf import PdfWriter

    from sodsong.directives.letters import LetterFileTooLarge, text_from_file

    writer = PdfWriter()
    for _ in range(101):
        writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    with pytest.raises(LetterFileTooLarge) as refused:
        text_from_file(out.getvalue(), "application/pdf")
    assert "101 หน้า" in str(refused.value)
