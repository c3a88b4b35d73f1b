"""Issue 19, the law catalogue's recalled rows checked against public pages (2026-12-05): each
`checked` entry in cases/data/laws.json names the page and what it says; where the page
contradicted the recalled row the row was corrected (a new revision on reload, charges keep the
row they were laid under); a row whose Krisdika text was not read stays needs_verification."""

from __future__ import annotations

import datetime as dt

from sodsong.cases.laws import catalogue_load, read_catalogue
from sodsong.cases.models import Law, LawSection, LawVersion

from .test_law_catalogue_review import _row

CHECKED = [
    ("tech-crime-decree", "s.9", "B.E. 2566"),
    ("computer-crime-act", "s.14(1)", None),
    ("penal-code", "s.341", None),
    ("penal-code", "s.342", None),
    ("penal-code", "s.343-2", None),
    ("penal-code", "s.209", None),
    ("penal-code", "s.210", None),
    ("aml-act", "s.5/s.60", None),
    ("foreign-workers-decree", "s.8/s.101", "No. 2 B.E. 2561"),
    ("foreign-workers-decree", "s.9/s.102", "No. 2 B.E. 2561"),
    ("foreign-workers-decree", "s.9/s.102-repeat", "No. 2 B.E. 2561"),
    ("anti-trafficking-act", "s.6", None),
    ("employment-act", "s.91 ter", None),
]


def _raw_sections():
    for law in read_catalogue()["laws"]:
        for version in law["versions"]:
            yield law, version, None
            for section in version["sections"]:
                yield law, version, section


def test_every_checked_entry_names_a_page_what_it_says_and_the_day():
    entries = [
        (section or version)["checked"]
        for _law, version, section in _raw_sections()
        if "checked" in (section or version)
    ]
    assert len(entries) >= len(CHECKED)
    for entry in entries:
        assert entry["url"].startswith("http") and entry["says"], entry
        dt.date.fromisoformat(entry["on"])


def test_the_rows_compared_with_a_page_carry_it():
    checked = {
        (law["code"], section["key"], version["label"])
        for law, version, section in _raw_sections()
        if section and "checked" in section
    }
    for law, key, label in CHECKED:
        assert any(c[0] == law and c[1] == key and label in (None, c[2]) for c in checked), key


def test_section_210_paragraph_one_is_or_both_and_says_why(db):
    row = _row("penal-code", "s.210")
    assert (row.penalty_mode, row.max_years, row.max_fine) == ("or_both", 5, 100000)
    assert "paragraph two" in row.note


def test_trafficking_ranges_follow_the_2560_fines(db):
    ranges = {
        key: (float(r.min_years), float(r.max_years), r.min_fine, r.max_fine, r.penalty_mode)
        for key in ("s.6", "s.6/s.52-child", "s.6/s.52-under15")
        for r in [_row("anti-trafficking-act", key)]
    }
    assert ranges == {
        "s.6": (4.0, 12.0, 400000, 1200000, "and"),
        "s.6/s.52-child": (6.0, 15.0, 600000, 1500000, "and"),
        "s.6/s.52-under15": (8.0, 20.0, 800000, 2000000, "and"),
    }
    assert all(_row("anti-trafficking-act", k).needs_verification for k in ranges)
    version = LawVersion.objects.get(law__code="anti-trafficking-act")
    assert "28 มกราคม 2560" in version.changes


def test_the_2560_foreign_workers_text_also_imprisoned_the_worker(db):
    old = _row("foreign-workers-decree", "s.8/s.101", "B.E. 2560")
    new = _row("foreign-workers-decree", "s.8/s.101", "No. 2 B.E. 2561")
    assert (old.max_years, old.penalty_mode, old.min_fine, old.max_fine) == (
        5,
        "or_both",
        2000,
        100000,
    )
    assert (new.max_years, new.penalty_mode, new.min_fine, new.max_fine) == (
        None,
        "fine",
        5000,
        50000,
    )


def test_the_immigration_act_came_into_force_ninety_days_after_publication(db):
    version = LawVersion.objects.get(law__code="immigration-act")
    assert version.effective_from == dt.date(1979, 5, 30)
    labels = [a["label_th"] for a in version.amendments]
    assert "พระราชกำหนดแก้ไขเพิ่มเติมพระราชบัญญัติคนเข้าเมือง พ.ศ. 2522 พ.ศ. 2561" in labels
    assert not any("ฉบับที่ 4" in label for label in labels)


def test_a_corrected_row_reloads_as_a_new_revision_and_the_old_one_stays(db):
    row = _row("penal-code", "s.210")
    LawSection.objects.filter(pk=row.pk).update(penalty_mode="and")  # the catalogue before
    result = catalogue_load(
        read_catalogue(), law_model=Law, version_model=LawVersion, section_model=LawSection
    )
    assert result.revised == 1
    row.refresh_from_db()
    assert row.superseded_by is not None and row.superseded_by.penalty_mode == "or_both"
    assert row.superseded_by.revision == row.revision + 1
