"""Identifiers pulled from Thai free text: one behaviour per test, plus property tests."""

from __future__ import annotations

import phonenumbers
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from sodsong.thai.digits import to_thai_digits
from sodsong.thai.identifiers import TYPES, Found, extract_identifiers
from sodsong.thai.ids import id13_checksum


def found(text: str) -> list[tuple[str, str, str]]:
    """(type, value, the text of the span) for each identifier."""
    return [(f.type, f.value, text[f.start : f.end]) for f in extract_identifiers(text)]


def values(text: str, kind: str) -> list[str]:
    return [f.value for f in extract_identifiers(text) if f.type == kind]


# --- phone ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "written",
    [
        "0812345678",
        "081-234-5678",
        "081 234 5678",
        "08-1234-5678",
        "081.234.5678",
        "(081) 234 5678",
        "+66812345678",
        "+66 81 234 5678",
        "+66-81-234-5678",
        "+66 (0)81 234 5678",
        "0066 81 234 5678",
        "๐๘๑-๒๓๔-๕๖๗๘",
        "๐๘๑๒๓๔๕๖๗๘",
    ],
)
def test_a_thai_mobile_in_any_common_writing_comes_out_in_e164(written):
    text = f"มีคนโทรมาจากเบอร์ {written} อ้างเป็นตำรวจ"
    assert found(text) == [("phone", "+66812345678", written)]


def test_a_landline_keeps_its_area_code():
    assert values("โทร 042-123-456 สำนักงาน", "phone") == ["+6642123456"]
    assert values("ติดต่อ 02-111-1111", "phone") == ["+6621111111"]


@pytest.mark.parametrize(
    ("written", "e164"),
    [
        ("+855 12 345 678", "+85512345678"),
        ("+95 9 7654 32109", "+959765432109"),
        ("+856 20 9876 5432", "+8562098765432"),
        ("00855 96 555 1234", "+855965551234"),
        ("001 855 12 345 678", "+85512345678"),
    ],
)
def test_foreign_numbers_from_neighbouring_countries_are_phones(written, e164):
    assert found(f"สายเข้าจาก {written} ตอนกลางคืน") == [("phone", e164, written)]


@pytest.mark.parametrize("code", ["1441", "191", "1599", "1567", "1111", "1669"])
def test_hotlines_are_bare_digits(code):
    assert found(f"แจ้งเบาะแสได้ที่สายด่วน {code} ตลอด 24 ชั่วโมง") == [("phone", code, code)]


def test_an_unknown_four_digit_code_is_a_phone_only_right_after_a_call_word():
    assert values("โทร.1242 ได้ทุกวัน", "phone") == ["1242"]
    assert values("ปี 1999 ยังไม่มีมือถือ", "phone") == []


def test_a_short_code_followed_by_baht_is_a_price():
    assert found("แพ็กเน็ต 199บ/15วัน") == [("amount", "199", "199บ")]


def test_two_numbers_side_by_side_are_two_phones():
    assert values("เบอร์ 0987776655 0987776656 โทรสลับกัน", "phone") == [
        "+66987776655",
        "+66987776656",
    ]


def test_a_number_that_cannot_be_a_phone_is_not_one():
    assert values("โทร 0123456789", "phone") == []
    assert values("08823967529 ลงทะเบียนแล้ว", "phone") == []  # 11 digits


# --- bank accounts ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("bank_text", "code"),
    [
        ("กสิกรไทย", "KBANK"),
        ("KBank", "KBANK"),
        ("ไทยพาณิชย์", "SCB"),
        ("SCB", "SCB"),
        ("กรุงไทย", "KTB"),
        ("ธนาคารกรุงเทพ", "BBL"),
        ("กรุงศรี", "BAY"),
        ("ttb", "TTB"),
        ("ทหารไทยธนชาต", "TTB"),
        ("ออมสิน", "GSB"),
        ("ธ.ก.ส.", "BAAC"),
        ("UOB", "UOB"),
        ("CIMB", "CIMB"),
        ("เกียรตินาคินภัทร", "KKP"),
        ("แลนด์ แอนด์ เฮ้าส์", "LHB"),
        ("ทิสโก้", "TISCO"),
        ("ธอส.", "GHB"),
    ],
)
def test_a_named_bank_prefixes_the_account_number(bank_text, code):
    text = f"ให้โอนเข้าบัญชี{bank_text} 123-4-56789-0 ด่วน"
    assert found(text) == [("bank_account", f"{code}:1234567890", "123-4-56789-0")]


def test_the_bank_may_be_named_after_the_number():
    assert values("เลขบัญชี 9876543210 ธ.กรุงไทย ชื่อ น.ส.มะลิ", "bank_account") == ["KTB:9876543210"]


def test_an_account_without_a_bank_is_unknown():
    assert values("เลขบัญชี 5551234567 โอนภายในวันนี้", "bank_account") == ["UNKNOWN:5551234567"]


def test_a_bank_style_grouping_is_an_account_even_without_a_keyword():
    assert values("ปลายทาง 555-1-23456-7 ครับ", "bank_account") == ["UNKNOWN:5551234567"]


def test_the_city_bangkok_is_not_a_bank():
    assert values("ไปกรุงเทพ 555-1-23456-7", "bank_account") == ["UNKNOWN:5551234567"]


def test_each_account_takes_its_own_nearest_bank():
    assert values("บัญชีม้า SCB 111-2-34567-8 และ KTB 222-3-45678-9", "bank_account") == [
        "SCB:1112345678",
        "KTB:2223456789",
    ]


def test_a_phone_number_called_an_account_is_an_account():
    assert found("โอนเงินบัญชี 0811111111 แล้วจะปล่อยตัว") == [
        ("bank_account", "UNKNOWN:0811111111", "0811111111")
    ]


# --- PromptPay ----------------------------------------------------------------------------------


def test_a_phone_called_promptpay_is_promptpay_not_phone():
    assert found("โอนเข้าพร้อมเพย์ 089-123-4567 ยอดเต็ม") == [
        ("promptpay", "PP:+66891234567", "089-123-4567")
    ]


def test_promptpay_by_id_number_and_by_e_wallet():
    assert values("พร้อมเพย์เลขบัตร 3479900123451 ชื่อนายทองดี", "promptpay") == ["PP:3479900123451"]
    assert values("PromptPay 140000123456789 (e-wallet)", "promptpay") == ["PP:140000123456789"]


def test_promptpay_tied_to_a_phone_number_is_promptpay():
    assert values("บัญชีพร้อมเพย์ที่ผูกกับเบอร์ 081 222 3344", "promptpay") == ["PP:+66812223344"]


# --- 13-digit IDs -------------------------------------------------------------------------------


def _valid_id(first12: str) -> str:
    return first12 + str(id13_checksum(first12))


@pytest.mark.parametrize(
    "written", ["1-1017-00230-70-8", "1101700230708", "1 1017 00230 70 8", "๑-๑๐๑๗-๐๐๒๓๐-๗๐-๘"]
)
def test_a_valid_id_in_any_writing_is_a_thai_id(written):
    assert found(f"เลขบัตรประชาชน {written} ของผู้เสียหาย") == [("thai_id", "1101700230708", written)]


def test_an_id_given_to_a_non_thai_starts_with_zero():
    number = _valid_id("012345678901")
    assert values(f"เลขประจำตัว {number}", "thai_id") == [number]


def test_a_thirteen_digit_number_with_a_bad_checksum_is_nothing():
    assert found("เลขบัตร 1-1017-00230-70-1 ยายจำผิด") == []
    assert found("เลข 1234567890123 ที่ส่งมา") == []


def test_an_id_starting_with_nine_is_not_an_id():
    number = _valid_id("910170023070")
    assert values(f"เลข {number}", "thai_id") == []


# --- LINE IDs, handles, URLs --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("แอดไลน์ @Shop99 ได้เลย", "@shop99"),
        ("ไลน์ไอดี: Somchai_88", "somchai_88"),
        ("ID Line: nong_fah.22 นะ", "nong_fah.22"),
        ("LINE ID Pee-Ton1988", "pee-ton1988"),
        ("ติดต่อฝ่ายบริการ@LINE：x3658", "x3658"),
        ("แอดไลน์มาที่ loan4u แล้วส่งบัตร", "loan4u"),
    ],
)
def test_line_ids_are_lower_case_and_keep_the_at_of_official_accounts(text, expected):
    assert values(text, "line_id") == [expected]


def test_online_is_not_line():
    assert found("การพนันออนไลน์ 516 เรื่อง") == []


def test_a_line_id_that_is_a_phone_number_is_a_phone():
    assert values("แอด ไลน์ 0851234567 ได้เลย", "phone") == ["+66851234567"]


def test_handles_are_lower_case_with_their_at():
    assert found("ปลอมเป็น @TH_Gov_Refund บน X") == [("handle", "@th_gov_refund", "@TH_Gov_Refund")]
    assert values("ติดตาม TikTok: rich.mama99 ชวนลงทุน", "handle") == ["@rich.mama99"]


def test_an_e_mail_address_is_neither_a_handle_nor_a_url():
    assert found("อีเมล support@kbank-secure.com ขอรหัสผ่าน") == []


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("https://Bit.LY/3HYlHLD", "https://bit.ly/3HYlHLD"),
        ("bit.ly/383J9cE", "http://bit.ly/383J9cE"),
        ("www.JIBB.com", "http://www.jibb.com"),
        ("line.me/ti/p/AyFPnIoxdK", "http://line.me/ti/p/AyFPnIoxdK"),
        ("HTTPS://Shopee-Refund.Net/claim?id=8812", "https://shopee-refund.net/claim?id=8812"),
    ],
)
def test_urls_have_lower_case_scheme_and_host_and_the_path_as_written(written, value):
    assert found(f"คลิก {written}, ด่วน!") == [("url", value, written)]


def test_a_url_ends_before_trailing_punctuation_and_thai_text():
    assert found("ดูที่ https://bit.ly/abc.") == [("url", "https://bit.ly/abc", "https://bit.ly/abc")]
    assert found("EM559.comคุณได้รับโบนัส") == [("url", "http://em559.com", "EM559.com")]


def test_a_dotted_word_without_a_known_domain_is_not_a_url():
    assert found("ไฟล์ report.pdf กับ No.1 และ dxdk33.viopdki") == []


# --- amounts ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("1.5 หมื่นบาท", "15000"),
        ("5,000 บาท", "5000"),
        ("2 แสน", "200000"),
        ("฿300", "300"),
        ("300฿", "300"),
        ("3k", "3000"),
        ("1 ล้าน 5 แสนบาท", "1500000"),
        ("500,000.-", "500000"),
        ("4,520.50 บาท", "4520.5"),
        ("THB759.00", "759"),
        ("200 ลบ.", "200000000"),
        ("๘,๗๕๐ บาท", "8750"),
    ],
)
def test_amounts_are_baht_as_a_plain_decimal(written, value):
    assert found(f"เสียเงินไป {written} แล้ว") == [("amount", value, written)]


def test_a_money_word_makes_a_bare_number_an_amount():
    assert found("ขอยืมเงิน 5,000 อ้างเป็นหลาน") == [("amount", "5000", "5,000")]
    assert found("Honda CRV ราคา 405000. สนใจจ้า") == [("amount", "405000", "405000")]


def test_both_ends_of_a_range_are_amounts():
    assert found("รายได้ต่อวัน 1500-4500 บาท") == [
        ("amount", "1500", "1500"),
        ("amount", "4500", "4500 บาท"),
    ]


def test_counted_things_are_not_money():
    assert found("แจกทรูพอยท์กว่า 10 ล้านคะแนน") == []
    assert found("ระงับไปแล้ว จำนวนกว่า 300,000 บัญชี") == []
    assert found("ผนึกกำลัง 16 พันธมิตร") == []


# --- dates --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "iso"),
    [
        ("15 มิ.ย. 67", "2024-06-15"),
        ("15 มิ.ย.67", "2024-06-15"),
        ("15 มิถุนายน 2567", "2024-06-15"),
        ("๑๕ มิถุนายน ๒๕๖๗", "2024-06-15"),
        ("15/06/2567", "2024-06-15"),
        ("15/6/67", "2024-06-15"),
        ("15-06-2024", "2024-06-15"),
        ("2024-06-15", "2024-06-15"),
        ("15 June 2024", "2024-06-15"),
        ("15 มิ.ย. พ.ศ. 2567", "2024-06-15"),
        ("27/07/22", "2022-07-27"),
        ("1มีค65", "2022-03-01"),
    ],
)
def test_dates_in_be_or_ce_come_out_in_iso_gregorian(written, iso):
    assert found(f"เกิดเหตุเมื่อ {written} ช่วงบ่าย") == [("date", iso, written)]


def test_a_day_and_month_without_a_year_is_not_a_date():
    assert found("หมดเขต 18 ก.ค. นี้") == []


def test_an_impossible_date_is_not_a_date():
    assert found("วันที่ 31/02/2567") == []


# --- decoys -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "รหัส OTP ของคุณคือ 575457 รหัสอ้างอิง (EB9986)",
        "OTP 0812345678 ห้ามบอกใคร",
        "G-544118 is your Google Cloud verification code.",
        "เลขพัสดุ TH0123456789A ไม่เคยสั่ง",
        "Tracking Number : NABB630515123",
        "พัสดุ615814301071 จัดส่งสำเร็จแล้ว",
        "คำสั่งซื้อ # 01276685 จัดส่งแล้ว",
        "หมายเลขคำสั่งซื้อ 2405151234567 ไม่ใช่ของเรา",
        "บ้านเลขที่ 99/123 หมู่ 5",
        "นัดเวลา 19:45 น. หรือ 08.45 น.",
        "กด *948*1111*100# โทรออก",
        "True Convergence : 3P_783167532",
        "ref no. 2024061512345 transaction 0123456789",
        "เบอร์ 02-xxx-4466",
    ],
)
def test_decoys_are_not_identifiers(text):
    assert found(text) == []


def test_an_empty_text_has_nothing():
    assert extract_identifiers("") == []


def test_one_entry_per_span_with_the_most_specific_type():
    text = "โทร 081-234-5678 พร้อมเพย์ 089-123-4567 บช.กสิกร 123-4-56789-0 line.me/ti/p/~0812345678"
    assert [(f.type, text[f.start : f.end]) for f in extract_identifiers(text)] == [
        ("phone", "081-234-5678"),
        ("promptpay", "089-123-4567"),
        ("bank_account", "123-4-56789-0"),
        ("url", "line.me/ti/p/~0812345678"),
    ]


# --- properties ---------------------------------------------------------------------------------

_MOBILE_NSN = st.builds(
    lambda p, rest: p + rest,
    st.sampled_from(["61", "62", "63", "64", "65", "80", "81", "82", "84", "86", "89", "9"]),
    st.text("0123456789", min_size=7, max_size=8),
).filter(lambda n: len(n) == 9)


def _writings(nsn: str) -> list[str]:
    national = "0" + nsn
    a, b, c = national[:3], national[3:6], national[6:]
    return [
        national,
        f"{a}-{b}-{c}",
        f"{a} {b} {c}",
        f"{national[:2]}-{national[2:6]}-{national[6:]}",
        f"{a}.{b}.{c}",
        f"+66{nsn}",
        f"+66 {nsn[:2]} {nsn[2:5]} {nsn[5:]}",
        f"+66-{nsn[:2]}-{nsn[2:5]}-{nsn[5:]}",
        f"+66 (0){nsn[:2]} {nsn[2:5]} {nsn[5:]}",
        f"0066 {nsn[:2]} {nsn[2:5]} {nsn[5:]}",
        to_thai_digits(f"{a}-{b}-{c}"),
        to_thai_digits(national),
    ]


@settings(max_examples=200, deadline=None)
@given(
    nsn=_MOBILE_NSN,
    style=st.integers(0, 11),
    before=st.sampled_from(["โทรมาจากเบอร์ ", "เบอร์", "ติดต่อ: ", "สายเข้า ", "(", ""]),
    after=st.sampled_from([" อ้างเป็นตำรวจ", "ค่ะ", ")", ".", "", " นะครับ"]),
)
def test_any_valid_thai_mobile_in_any_writing_round_trips_to_e164(nsn, style, before, after):
    number = phonenumbers.parse("+66" + nsn)
    assume(phonenumbers.is_valid_number(number))
    assume(phonenumbers.number_type(number) == phonenumbers.PhoneNumberType.MOBILE)
    written = _writings(nsn)[style]
    text = before + written + after
    result = extract_identifiers(text)
    assert [(f.type, f.value) for f in result] == [("phone", "+66" + nsn)]
    assert text[result[0].start : result[0].end].strip("()") == written.strip("()")


_PIECES = st.sampled_from(
    [
        "โทร 081-234-5678",
        " โอน 5,000 บาท ",
        "บัญชีกสิกร 123-4-56789-0",
        "พร้อมเพย์ 0891234567",
        " bit.ly/abc ",
        "@somchai",
        " ไลน์ abc_123 ",
        "15 มิ.ย. 67",
        " 1441 ",
        "OTP 123456",
        "1101700230708",
        "๐๘๑๒๓๔๕๖๗๘",
        "เวลา 19:45",
        " ",
        "ก",
        "-",
        "/",
        ".",
        "0",
        "9",
        "@",
        ":",
    ]
)


@settings(max_examples=300, deadline=None)
@given(pieces=st.lists(_PIECES, max_size=12), noise=st.text(max_size=20))
def test_spans_never_overlap_are_never_empty_and_types_are_known(pieces, noise):
    text = "".join(pieces) + noise
    result = extract_identifiers(text)
    assert all(isinstance(f, Found) for f in result)
    assert all(f.type in TYPES and f.value for f in result)
    assert all(0 <= f.start < f.end <= len(text) for f in result)
    assert all(text[f.start : f.end].strip() for f in result)
    assert all(a.end <= b.start for a, b in zip(result, result[1:], strict=False))


@settings(max_examples=100, deadline=None)
@given(first12=st.text("0123456789", min_size=12, max_size=12), dash=st.booleans())
def test_every_valid_id_is_found_and_every_wrong_check_digit_is_not(first12, dash):
    assume(first12[0] != "9")
    good = _valid_id(first12)
    bad = first12 + str((int(good[-1]) + 1) % 10)

    def write(n: str) -> str:
        return f"{n[0]}-{n[1:5]}-{n[5:10]}-{n[10:12]}-{n[12]}" if dash else n

    assert values(f"บัตรประชาชน {write(good)} ครับ", "thai_id") == [good]
    assert values(f"บัตรประชาชน {write(bad)} ครับ", "thai_id") == []


@pytest.mark.parametrize(
    "text",
    [
        "a" * 40_000,
        "a." * 20_000,
        "a@" * 20_000,
        " ".join(["1"] * 5_000),
        "-".join(str(n % 1000) for n in range(5_000)),
    ],
    ids=["letters", "dots", "ats", "ones", "dashed-numbers"],
)
def test_long_adversarial_texts_are_read_in_linear_time(text):
    import time

    started = time.perf_counter()
    extract_identifiers(text)
    assert time.perf_counter() - started < 5
