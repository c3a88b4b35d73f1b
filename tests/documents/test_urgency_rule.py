"""The urgency mark (ชั้นความเร็ว: red, not smaller than 32 pt) is cited as the correspondence
regulation's ข้อ 28, once, as `docx_style.URGENCY_RULE`; ข้อ 16 of that regulation is the order
(คำสั่ง), so no code cites ข้อ 16 for the urgency mark."""

from __future__ import annotations

import re
from pathlib import Path

from sodsong.documents import docx_style

SODSONG = Path(__file__).resolve().parents[2] / "sodsong"


def test_the_urgency_rule_is_article_28():
    assert "ข้อ 28" in docx_style.URGENCY_RULE
    assert "งานสารบรรณ" in docx_style.URGENCY_RULE
    assert docx_style.URGENCY_SIZE >= 32


def test_no_code_cites_article_16_for_the_urgency_mark():
    """ข้อ 16 may appear only as the order's rule (คำสั่ง) or in the note of DOMAIN's slip."""
    found = [
        f"{path.relative_to(SODSONG)}:{n}"
        for path in SODSONG.rglob("*.py")
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if re.search(r"ข้อ\s*(16|๑๖)(?![0-9๐-๙.])", line)
        and not ("DOMAIN" in line or "คำสั่ง" in line)
    ]
    assert not found, found


def test_article_28_is_written_once_and_used_through_the_constant():
    cites = [
        path.relative_to(SODSONG)
        for path in SODSONG.rglob("*.py")
        if "ข้อ 28" in path.read_text(encoding="utf-8")
    ]
    assert cites == [Path("documents/docx_style.py")], cites
    users = [
        path.relative_to(SODSONG)
        for path in SODSONG.rglob("*.py")
        if "URGENCY_RULE" in path.read_text(encoding="utf-8")
    ]
    assert Path("documents/docx_page.py") in users
