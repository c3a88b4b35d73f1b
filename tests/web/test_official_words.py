"""Issue 19, words and notices: the interface speaks as an office does. No polite particles
(ครับ/ค่ะ), no colloquial เดี๋ยวนี้ or ปลดล็อก; the survey's list is "คนต่างด้าวในพื้นที่", not a
name that sounds like the statutory alien register (ทะเบียนคนต่างด้าว, kept by immigration);
"เปิดคดี" is the act of opening, never a status; and the public tip form carries the notice of
the Personal Data Protection Act B.E. 2562 s.23."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client
from django.utils import translation

import sodsong

ROOT = Path(sodsong.__file__).parent
BANNED = ("ครับ", "ค่ะ", "เดี๋ยวนี้", "ปลดล็อก", "ทะเบียนคนต่างด้าว")
_MSGSTR = re.compile(r'^msgstr(?:\[\d+\])? "(.*)"$|^"(.*)"$')


def _thai_strings(po: Path) -> list[str]:
    """Every msgstr of a catalogue (continuation lines joined)."""
    out: list[str] = []
    current: list[str] | None = None
    for line in po.read_text(encoding="utf-8").splitlines():
        if line.startswith("msgstr"):
            current = [_MSGSTR.match(line).group(1) or ""]
            out.append("")
        elif line.startswith('"') and current is not None:
            current.append(_MSGSTR.match(line).group(2) or "")
        else:
            current = None
        if current is not None:
            out[-1] = "".join(current)
    return out


CATALOGUES = sorted(ROOT.rglob("locale/th/LC_MESSAGES/django.po"))
TEMPLATES = sorted(ROOT.rglob("templates/**/*.html"))


def test_the_scan_reads_every_catalogue():
    assert len(CATALOGUES) >= 10
    assert any("ผู้ต้องหา" in s for po in CATALOGUES for s in _thai_strings(po))


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_banned_word_in_the_thai_catalogue(po):
    found = [(w, s) for s in _thai_strings(po) for w in BANNED if w in s]
    assert not found, found


def test_no_banned_word_in_a_template():
    found = [
        (str(t.relative_to(ROOT)), w)
        for t in TEMPLATES
        for w in BANNED
        if w in t.read_text(encoding="utf-8")
    ]
    assert not found, found


def test_a_case_status_is_never_the_act_of_opening():
    from sodsong.cases.models import CaseStatus

    with translation.override("th"):
        labels = {str(label) for label in CaseStatus.labels}
    assert "เปิดคดี" not in labels and "รับเรื่องแล้ว" in labels


def test_the_survey_list_is_named_foreigners_in_the_area():
    with translation.override("th"):
        assert translation.gettext("Registry of foreign residents") == "คนต่างด้าวในพื้นที่"


@pytest.mark.django_db
def test_the_public_tip_form_carries_the_pdpa_notice(settings):
    settings.SODSONG_TIP_RETENTION_DAYS = 123
    with translation.override("th"):
        body = Client(HTTP_ACCEPT_LANGUAGE="th").get("/tip/").content.decode()
    notice = body[body.index('id="privacy-notice"') :]
    assert "มาตรา 23" in notice
    for heading in (
        "ข้อมูลที่เก็บรวบรวม",
        "วัตถุประสงค์และฐานทางกฎหมาย",
        "ระยะเวลาเก็บรักษา",
        "ผู้ที่เห็นข้อมูล",
        "สิทธิของท่าน",
    ):
        assert heading in notice, heading
    assert "123" in notice  # the retention the deployment configured
    assert notice.index("privacy-notice") < notice.index('type="submit"')
