import datetime as dt

import pytest

from sodsong.documents.letter import (
    Column,
    Letter,
    LetterError,
    LetterKind,
    LetterNumber,
    OwnerFooter,
    Signature,
    Table,
    thai_date_text,
)
from sodsong.documents.samples import SAMPLES, external_letter


def test_regular_number_reads_code_slash_running_in_thai_digits():
    assert LetterNumber("สน 0017.1", 123).text() == "สน ๐๐๑๗.๑/๑๒๓"


def test_circular_number_carries_wor_before_the_running_number():
    assert LetterNumber("สน 0017.1", 123, circular=True).text() == "สน ๐๐๑๗.๑/ว ๑๒๓"


def test_number_can_be_left_blank_for_the_registry_clerk():
    assert LetterNumber("มท 0307", None, circular=True).text() == "มท ๐๓๐๗/ว"
    assert LetterNumber("สน0017.1", None).text(thai_digits=False) == "สน 0017.1/"


def test_issuer_code_must_look_like_an_official_code():
    with pytest.raises(LetterError):
        LetterNumber("Sakon 17", 1)


def test_date_is_buddhist_era_in_thai_digits():
    assert thai_date_text(dt.date(2025, 6, 16)) == "๑๖ มิถุนายน ๒๕๖๘"


def test_date_can_leave_the_day_blank():
    text = thai_date_text(dt.date(2025, 6, 16), blank_day=True)
    assert text.endswith("มิถุนายน ๒๕๖๘")
    assert "๑๖" not in text


def test_signature_with_acting_for_reads_position_then_the_principal():
    sig = Signature(
        name="นายสมชาย ใจมั่น", position="ปลัดจังหวัดสกลนคร", acting_for="ผู้ว่าราชการจังหวัดสกลนคร"
    )
    assert sig.lines() == [
        "(นายสมชาย ใจมั่น)",
        "ปลัดจังหวัดสกลนคร ปฏิบัติราชการแทน",
        "ผู้ว่าราชการจังหวัดสกลนคร",
    ]


def test_footer_gives_phone_and_fax_in_thai_digits_but_keeps_the_email():
    lines = OwnerFooter(unit="กลุ่มงานความมั่นคง", phone="0 4271 1234", email="a1@x.go.th").lines()
    assert lines == ["กลุ่มงานความมั่นคง", "โทร. ๐ ๔๒๗๑ ๑๒๓๔", "ไปรษณีย์อิเล็กทรอนิกส์ a1@x.go.th"]


def _letter(**changes):
    import dataclasses

    return dataclasses.replace(external_letter(), **changes)


def test_circular_needs_a_wor_number():
    with pytest.raises(LetterError, match="ว"):
        _letter(kind=LetterKind.CIRCULAR)


def test_ordinary_letter_refuses_a_wor_number():
    with pytest.raises(LetterError):
        _letter(number=LetterNumber("สน 0017.1", 5, circular=True))


def test_memo_needs_its_division_and_external_letter_its_address():
    with pytest.raises(LetterError):
        _letter(kind=LetterKind.MEMO, division="")
    with pytest.raises(LetterError):
        _letter(owner_address=())


def test_table_rows_must_match_the_columns():
    with pytest.raises(LetterError):
        Table(columns=(Column("อำเภอ"), Column("จำนวน", numeric=True)), rows=(("เมือง",),))


def test_every_sample_is_a_valid_letter():
    for make in SAMPLES.values():
        assert isinstance(make(), Letter)
