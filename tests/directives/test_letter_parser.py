"""The official-letter parser: gold letters, noise, deadlines, file types, accuracy and the CLI."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from sodsong.directives.letters import (
    ParsedLetter,
    UnsupportedLetterFile,
    parse_letter,
    text_from_file,
)
from sodsong.directives.letters.deadlines import deadline, thai_number
from sodsong.directives.letters.noise import remove_page_artefacts, repair
from sodsong.directives.letters.scoring import DIRECTIVE_FIELDS, FIELDS, note_kind, score_folder

LETTERS = Path(__file__).parent / "letters"
GOLD = sorted(LETTERS.glob("*.txt"))


def _note_kinds(notes: list[str]) -> list[str]:
    return sorted(note_kind(note) for note in notes)


CONTRACT_KEYS = [
    "kind",
    "urgency",
    "urgent_by",
    "secrecy",
    "number",
    "circular",
    "issuer_code",
    "running_no",
    "date",
    "date_be_text",
    "month_year_only",
    "from_unit",
    "subject",
    "to",
    "references",
    "attachments",
    "directives",
    "closing",
    "signatory_rank",
    "signatory_name",
    "signatory_position",
    "acting_for",
    "contact_unit",
    "phone",
    "email",
    "inconsistencies",
    "is_directive",
]


def gold(name: str) -> dict:
    return json.loads((LETTERS / f"{name}.json").read_text(encoding="utf-8"))


def parsed(name: str) -> dict:
    return parse_letter((LETTERS / f"{name}.txt").read_text(encoding="utf-8")).to_dict()


def test_the_corpus_has_every_kind_urgency_and_secrecy():
    letters = [gold(path.stem) for path in GOLD]
    assert len(letters) >= 16
    assert {letter["kind"] for letter in letters} == {"external", "memo", "order", "stamped"}
    assert {letter["urgency"] for letter in letters} >= {None, "ด่วน", "ด่วนมาก", "ด่วนที่สุด"}
    assert {letter["secrecy"] for letter in letters} >= {None, "ลับ", "ลับมาก", "ลับที่สุด"}
    assert any(letter["urgent_by"] for letter in letters)
    assert any(letter["month_year_only"] for letter in letters)


def assert_matches_gold(got: dict, expected: dict) -> None:
    """The parser's fields against a gold file, as README.md's contract reads them."""
    for key in FIELDS:
        if key not in expected:
            continue  # the circular's gold has no is_directive
        if key == "directives":
            # The circular's gold leaves out each item's text: compare what the gold gives.
            keys = [k for k in DIRECTIVE_FIELDS if all(k in d for d in expected[key])]
            want = [{k: d[k] for k in keys} for d in expected[key]]
            assert [{k: d[k] for k in keys} for d in got[key]] == want, key
        elif key == "inconsistencies" and any(" " in n.split(":", 1)[0] for n in expected[key]):
            assert _note_kinds(got[key]) == _note_kinds(expected[key]), got[key]
        else:
            assert got[key] == expected[key], key


@pytest.mark.parametrize("path", GOLD, ids=[p.stem for p in GOLD])
def test_each_letter_parses_to_its_gold_fields(path):
    assert_matches_gold(parsed(path.stem), gold(path.stem))


def test_field_accuracy_stays_above_the_floor():
    right, total, misses = score_folder(LETTERS, parse_letter)
    overall = sum(right[f] for f in FIELDS) / sum(total[f] for f in FIELDS)
    assert overall >= 0.97, misses
    for name in total:
        assert right[name] / total[name] >= 0.9, (name, misses.get(name))


def test_parsed_letter_has_exactly_the_contract_keys_and_prints_thai_as_is():
    letter = parse_letter((LETTERS / "letter_01.txt").read_text(encoding="utf-8"))
    assert isinstance(letter, ParsedLetter)
    printed = letter.to_json()
    data = json.loads(printed)
    assert list(data) == CONTRACT_KEYS
    assert list(data["directives"][0]) == ["ref", "text", "actors", "deadline", "report_back"]
    assert list(data["attachments"][0]) == ["text", "count", "unit"]
    assert "\\u" not in printed and "ด่วนที่สุด" in printed


def test_an_empty_text_gives_empty_fields_not_an_error():
    data = parse_letter("").to_dict()
    assert data["number"] is None and data["directives"] == [] and data["is_directive"] is False


# --- noise -----------------------------------------------------------------------------------


def test_doubled_characters_are_repaired_for_reasoning_but_kept_in_exact_fields():
    data = parsed("letter_10")
    assert "ตรววจ" in data["subject"]
    assert "doubled_character: ตรววจ" in data["inconsistencies"]
    fixed = repair("ให้ผู้ใหญ่บ้านนตรววจสอบ และขอแสดงความนับถืือ")
    assert fixed.text == "ให้ผู้ใหญ่บ้านตรวจสอบ และขอแสดงความนับถือ"
    assert len(fixed.notes) == 3


def test_legitimate_double_letters_are_not_damage():
    for text in ("คณะกรรมการหมู่บ้าน", "ตำรวจจับกุม", "คนนี้", "ศรีสุวรรณวงศ์"):
        assert repair(text).text == text
        assert repair(text).notes == []


def test_a_dropped_tone_mark_is_restored_and_noted():
    fixed = repair("แจ้งผู้ใหญบ้านทราบ")
    assert fixed.text == "แจ้งผู้ใหญ่บ้านทราบ"
    assert fixed.notes == ["dropped_tone_mark: ผู้ใหญบ้าน"]
    data = parsed("letter_15")
    assert data["directives"][0]["actors"] == ["อำเภอ", "ผู้ใหญ่บ้าน", "คณะกรรมการหมู่บ้าน"]


def test_page_break_cues_and_page_numbers_are_dropped():
    lines = [
        "        ๑. จัดชุดปฏิบัติการร่วมกับตำรวจ",
        "                                      /ในพื้นที่...",
        "",
        "                 -๒-",
        "ในพื้นที่...",
        "ในพื้นที่ และดำเนินคดี",
    ]
    kept, notes = remove_page_artefacts(lines)
    assert kept == [lines[0], "", lines[5]]
    assert len(notes) == 2
    item = parsed("letter_24")["directives"][0]
    assert item["text"].endswith("ซิมการ์ด ในพื้นที่ และดำเนินคดีตามกฎหมายอย่างเด็ดขาด")


def test_a_line_ending_in_an_ellipsis_that_is_not_repeated_is_kept():
    kept, notes = remove_page_artefacts(["ฯลฯ ...", "ข้อความถัดไป"])
    assert kept == ["ฯลฯ ...", "ข้อความถัดไป"] and notes == []


def test_pdf_spacing_around_thai_marks_is_undone():
    text = "ที่ สน 0018.3/ว 1733\n\nเรื่อง  การป้ องกันและแก้ไขปั ญหาทัง้ หมด\n"
    assert parse_letter(text).subject == "การป้องกันและแก้ไขปัญหาทั้งหมด"


# --- header fields ---------------------------------------------------------------------------


def test_thai_digits_in_the_number_are_normalised_and_the_circular_flag_read():
    data = parse_letter("ที่ สน๐๐๑๘.๓/ว๑๔๒๓\n").to_dict()
    assert data["number"] == "สน 0018.3/ว 1423"
    assert (data["issuer_code"], data["running_no"], data["circular"]) == ("สน 0018.3", 1423, True)
    data = parse_letter("ที่ สน ๐๐๑๘.๓/๑๘๐๕\n").to_dict()
    assert (data["number"], data["circular"]) == ("สน 0018.3/1805", False)


def test_a_blank_day_gives_a_null_date_and_month_year_only():
    data = parsed("letter_11")
    assert data["date"] is None
    assert data["date_be_text"] == "กรกฎาคม ๒๕๖๗"
    assert data["month_year_only"] is True


def test_urgent_within_a_date_is_not_an_urgency_class():
    data = parsed("letter_14")
    assert (data["urgency"], data["urgent_by"], data["secrecy"]) == (None, "2024-07-10", "ลับมาก")


def test_a_stamped_letter_reads_to_after_tueng_and_has_no_signatory():
    data = parsed("letter_13")
    assert data["kind"] == "stamped" and data["to"] == "อำเภอ ทุกอำเภอ"
    assert data["signatory_name"] is None and data["from_unit"] == "จังหวัดสกลนคร"


def test_an_order_takes_its_date_from_the_sang_na_line_and_skips_the_membership_list():
    data = parsed("letter_12")
    assert data["kind"] == "order" and data["number"] == "1521/2567"
    assert data["date"] == "2024-06-20"
    assert [d["ref"] for d in data["directives"]] == ["๑", "๒", "๓", "๔"]
    assert all(d["actors"] == ["คณะทำงาน"] for d in data["directives"])


# --- inconsistencies -------------------------------------------------------------------------


def test_a_header_province_that_differs_from_the_signature_is_flagged():
    assert parsed("letter_16")["inconsistencies"] == [
        "province_mismatch: header สกลนคร; signature นครพนม"
    ]
    assert parsed("letter_01")["inconsistencies"] == []


def test_a_circular_without_wa_and_a_deadline_before_the_letter_are_flagged():
    notes = parsed("letter_17")["inconsistencies"]
    assert notes == [
        "circular_without_wa: สน 0018.3/1805",
        "deadline_before_date: item ๑ 2024-07-15 < 2024-07-22",
    ]


# --- deadlines -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("รายงานให้จังหวัดทราบภายในวันที่ 15 กรกฎาคม 2567", "2024-07-15"),
        ("เสนอภายในวันที่ 12 ก.ค. 2567 เวลา 16.00 น.", "2024-07-12T16:00"),
        ("ให้แล้วเสร็จภายใน 30 วัน", "P30D"),
        ("ภายใน 7 วันนับแต่ได้รับหนังสือนี้", "P7D"),
        ("รายงานภายในสามสิบวัน", "P30D"),
        ("ภายใน 2 สัปดาห์", "P14D"),
        ("รายงานทุกวันที่ 25 ของเดือน เริ่มตั้งแต่เดือนกรกฎาคม 2567", "R/2024-07-25/P1M"),
        ("รายงานภายในวันที่ 5 ของทุกเดือน", "R/2024-07-05/P1M"),
        ("ตรวจตราทุกวันจันทร์", "R/2024-07-08/P7D"),
        ("ตลอดเดือนสิงหาคม 2567", "2024-08-01/2024-08-31"),
        ("ระหว่างวันที่ 1 – 15 สิงหาคม 2567", "2024-08-01/2024-08-15"),
        ("ส่งภายในเดือนสิงหาคม 2567", "2024-08-31"),
        ("ให้แนะนำให้ไปแจ้งภายใน 24 ชั่วโมง", None),
        ("แจ้งอำเภอทราบโดยด่วน", None),
    ],
)
def test_deadline_phrases_become_iso_8601(text, expected):
    import datetime as dt

    assert deadline(text, letter_date=dt.date(2024, 7, 3)) == expected


def test_thai_number_words():
    assert [thai_number(w) for w in ("เจ็ด", "สิบห้า", "ยี่สิบเอ็ด", "สามสิบ", "15")] == [7, 15, 21, 30, 15]
    assert thai_number("หลาย") is None


# --- files -----------------------------------------------------------------------------------


def test_plain_text_in_utf8_or_thai_windows_encoding():
    text = (LETTERS / "letter_07.txt").read_text(encoding="utf-8")
    assert text_from_file(text.encode("utf-8"), "text/plain") == text
    assert text_from_file(text.encode("cp874"), None) == text
    assert text_from_file(LETTERS / "letter_07.txt") == text


@pytest.mark.parametrize("engine", ["pypdf", None])
def test_a_pdf_with_a_text_layer_parses_like_its_text(engine):
    text = text_from_file(LETTERS / "letter_16.pdf", "application/pdf", pdf_engine=engine)
    got = parse_letter(text).to_dict()
    expected = gold("letter_16")
    for key in ("number", "date", "subject", "to", "signatory_name", "acting_for", "phone"):
        assert got[key] == expected[key], key
    assert [d["deadline"] for d in got["directives"]] == [None, "P15D"]
    assert got["inconsistencies"] == expected["inconsistencies"]


def test_a_docx_letter_parses(tmp_path):
    import docx
    from docx.shared import Pt

    document = docx.Document()
    for line in (LETTERS / "letter_03.txt").read_text(encoding="utf-8").split("\n"):
        stripped = line.lstrip(" ")
        paragraph = document.add_paragraph(stripped)
        if len(line) != len(stripped):
            paragraph.paragraph_format.first_line_indent = Pt((len(line) - len(stripped)) * 4.5)
    path = tmp_path / "memo.docx"
    document.save(path)
    got = parse_letter(text_from_file(path.read_bytes())).to_dict()
    expected = gold("letter_03")
    for key in ("kind", "urgency", "number", "date", "from_unit", "subject", "to", "phone"):
        assert got[key] == expected[key], key
    assert [d["ref"] for d in got["directives"]] == ["1", "1.1", "1.2", "1.3", "2", "3"]
    assert got["directives"][-1]["deadline"] == "P7D"


def test_an_unknown_file_type_is_refused():
    with pytest.raises(UnsupportedLetterFile):
        text_from_file(b"\x89PNG\r\n", "image/png")
    with pytest.raises(UnsupportedLetterFile):
        text_from_file(b"%PDF-1.4 broken", "application/pdf", pdf_engine="pypdf")


# --- command ---------------------------------------------------------------------------------


def test_parse_letter_command_prints_one_json_object_with_the_contract_keys():
    out = io.StringIO()
    call_command("parse-letter", str(LETTERS / "letter_01.txt"), "--json", stdout=out)
    printed = out.getvalue().strip()
    assert "\n" not in printed and "\\u" not in printed
    data = json.loads(printed)
    assert list(data) == CONTRACT_KEYS
    assert data["number"] == "สน 0018.3/ว 1423"


def test_parse_letter_command_reads_a_pdf():
    out = io.StringIO()
    call_command("parse-letter", str(LETTERS / "letter_16.pdf"), "--json", stdout=out)
    assert json.loads(out.getvalue())["number"] == "สน 0018.3/ว 1733"


def test_parse_letter_command_without_json_prints_a_thai_summary():
    out = io.StringIO()
    call_command("parse-letter", str(LETTERS / "letter_13.txt"), stdout=out)
    printed = out.getvalue()
    assert "ประเภท: หนังสือประทับตรา" in printed
    assert "ข้อสั่งการ 1 ข้อ" in printed and "กำหนด ภายใน 7 วัน" in printed
    assert "P7D" not in printed


def test_parse_letter_command_tells_the_circulars_orders_and_warnings_in_thai():
    out = io.StringIO()
    call_command("parse-letter", str(LETTERS / "circular_2567_online_crime.txt"), stdout=out)
    printed = out.getvalue()
    assert "ไม่มีข้อสั่งการ" not in printed and "ข้อสั่งการ 2 ข้อ" in printed
    assert "ยศ: ว่าที่ร้อยตรี" in printed
    assert "_mismatch" not in printed and "damaged_date" not in printed
    assert "บรรทัดวันที่ชำรุด" in printed


def test_parse_letter_command_refuses_a_missing_file():
    with pytest.raises(CommandError):
        call_command("parse-letter", str(LETTERS / "no_such_letter.txt"), "--json")
