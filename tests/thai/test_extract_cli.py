"""`sodsong extract-identifiers`: text on standard input, a JSON list on standard output."""

from __future__ import annotations

import io
import json

from django.core.management import call_command


def run(monkeypatch, text: str, *args: str) -> str:
    monkeypatch.setattr("sys.stdin", io.StringIO(text))
    out = io.StringIO()
    call_command("extract-identifiers", *args, stdout=out)
    return out.getvalue()


def test_prints_each_identifier_with_its_type_value_and_span(monkeypatch):
    text = "ยายถูกหลอกโอน 1.5 หมื่นบาท เข้ากสิกร 123-4-56789-0 เบอร์ ๐๘๑-๒๓๔-๕๖๗๘ เมื่อ 15 มิ.ย. 67"
    printed = run(monkeypatch, text)
    result = json.loads(printed)
    spans = ["1.5 หมื่นบาท", "123-4-56789-0", "๐๘๑-๒๓๔-๕๖๗๘", "15 มิ.ย. 67"]
    assert result == [
        {
            "type": kind,
            "value": value,
            "start": text.index(span),
            "end": text.index(span) + len(span),
        }
        for kind, value, span in zip(
            ["amount", "bank_account", "phone", "date"],
            ["15000", "KBANK:1234567890", "+66812345678", "2024-06-15"],
            spans,
            strict=True,
        )
    ]


def test_thai_is_printed_as_is_not_escaped(monkeypatch):
    printed = run(monkeypatch, "เบอร์พร้อมเพย์ ๐๘๙๑๒๓๔๕๖๗")
    assert "\\u" not in printed
    assert json.loads(printed) == [
        {"type": "promptpay", "value": "PP:+66891234567", "start": 15, "end": 25}
    ]


def test_text_without_identifiers_prints_an_empty_list(monkeypatch):
    assert json.loads(run(monkeypatch, "รหัส OTP 123456 ห้ามบอกใคร เวลา 19:45 น.")) == []
    assert json.loads(run(monkeypatch, "")) == []


def test_indent_option_pretty_prints(monkeypatch):
    printed = run(monkeypatch, "สายด่วน 1441", "--indent", "2")
    assert printed.startswith("[\n  {")
    assert json.loads(printed) == [{"type": "phone", "value": "1441", "start": 8, "end": 12}]
