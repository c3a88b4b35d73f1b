"""The law catalogue: every section of DOMAIN §4, versioned, revisable without overwriting, and
the Penal Code s.3 choice between the text in force and a later, more favourable one."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.management import call_command

from sodsong.cases.laws import (
    LawError,
    catalogue_load,
    law_section_revise,
    read_catalogue,
    resolve_section,
)
from sodsong.cases.models import Law, LawSection, LawVersion

# (law code, section key) of every row of DOMAIN §4.
DOMAIN_SECTIONS = {
    ("tech-crime-decree", "s.9"),
    ("tech-crime-decree", "s.9-phone"),
    ("tech-crime-decree", "s.10"),
    ("immigration-act", "s.11/s.62"),
    ("immigration-act", "s.63"),
    ("immigration-act", "s.64"),
    ("immigration-act", "s.37/s.76"),
    ("immigration-act", "s.38/s.77"),
    ("immigration-act", "s.38/s.77-hotel"),
    ("immigration-act", "s.81"),
    ("foreign-workers-decree", "s.8/s.101"),
    ("foreign-workers-decree", "s.9/s.102"),
    ("computer-crime-act", "s.14(1)"),
    ("penal-code", "s.341"),
    ("penal-code", "s.342"),
    ("penal-code", "s.343"),
    ("penal-code", "s.209"),
    ("penal-code", "s.210"),
    ("penal-code", "s.157"),
    ("penal-code", "s.200"),
    ("anti-trafficking-act", "s.6"),
    ("anti-trafficking-act", "s.6/1"),
    ("employment-act", "s.30/s.82"),
    ("employment-act", "s.91 ter"),
    ("aml-act", "s.5/s.60"),
}


def _current(law: str, key: str, label: str) -> LawSection:
    return LawSection.objects.get(
        version__law__code=law, version__label=label, key=key, superseded_by__isnull=True
    )


def test_the_catalogue_holds_every_section_of_the_domain_reference(db):
    shipped = set(
        LawSection.objects.filter(superseded_by__isnull=True).values_list(
            "version__law__code", "key"
        )
    )
    assert shipped >= DOMAIN_SECTIONS


def test_the_technology_crime_decree_and_its_amendment_are_separate_versions(db):
    versions = list(
        LawVersion.objects.filter(law__code="tech-crime-decree").order_by("effective_from")
    )
    assert [(v.label, v.effective_from) for v in versions] == [
        ("B.E. 2566", dt.date(2023, 3, 17)),
        ("No. 2 B.E. 2568", dt.date(2025, 4, 13)),
    ]


def test_the_foreign_workers_decree_keeps_both_texts(db):
    labels = set(
        LawVersion.objects.filter(law__code="foreign-workers-decree").values_list(
            "label", flat=True
        )
    )
    assert labels == {"B.E. 2560", "No. 2 B.E. 2561"}


def test_items_the_domain_marks_check_are_flagged_for_verification(db):
    assert _current("tech-crime-decree", "s.10", "B.E. 2566").needs_verification
    assert _current(
        "anti-trafficking-act", "s.6", "B.E. 2551 as amended to B.E. 2562"
    ).needs_verification
    assert _current(
        "anti-trafficking-act", "s.6/1", "B.E. 2551 as amended to B.E. 2562"
    ).needs_verification
    assert not _current("penal-code", "s.341", "B.E. 2499").needs_verification


def test_penalties_are_ranges_with_per_day_fines_where_they_apply(db):
    s200 = _current("penal-code", "s.200", "B.E. 2499")
    assert (float(s200.min_years), float(s200.max_years), s200.min_fine, s200.max_fine) == (
        0.5,
        7.0,
        10000,
        140000,
    )
    report = _current("immigration-act", "s.37/s.76", "B.E. 2522")
    assert (report.max_fine, report.fine_per_day) == (5000, 200)
    assert _current("immigration-act", "s.81", "B.E. 2522").victim_protected


def test_loading_the_catalogue_again_changes_nothing(db):
    before = LawSection.objects.count()
    call_command("load-laws")
    assert LawSection.objects.count() == before


def test_a_changed_section_becomes_a_new_revision_and_the_old_one_is_kept(db):
    data = read_catalogue()
    penal = next(law for law in data["laws"] if law["code"] == "penal-code")
    s341 = next(s for s in penal["versions"][0]["sections"] if s["key"] == "s.341")
    s341["note"] = "corrected after checking the Gazette"
    old = _current("penal-code", "s.341", "B.E. 2499")
    result = catalogue_load(data, law_model=Law, version_model=LawVersion, section_model=LawSection)
    assert result.revised == 1
    old.refresh_from_db()
    new = _current("penal-code", "s.341", "B.E. 2499")
    assert old.superseded_by_id == new.pk and new.revision == old.revision + 1
    assert new.note == "corrected after checking the Gazette"


def test_an_admin_revision_does_not_overwrite_the_section(db):
    old = _current("immigration-act", "s.64", "B.E. 2522")
    new = law_section_revise(section=old, changes={"max_fine": 60000})
    old.refresh_from_db()
    assert old.max_fine == 50000 and new.max_fine == 60000 and old.superseded_by_id == new.pk
    with pytest.raises(LawError):
        law_section_revise(section=old, changes={"max_fine": 70000})


def test_a_later_more_favourable_law_applies_penal_code_section_3(db):
    resolved = resolve_section(
        law_code="foreign-workers-decree",
        key="s.9/s.102",
        offence_date=dt.date(2017, 12, 1),
        as_of=dt.date(2026, 1, 1),
    )
    assert resolved.in_force.version.label == "B.E. 2560"
    assert resolved.applied.version.label == "No. 2 B.E. 2561"
    assert resolved.later_more_favourable


def test_the_text_in_force_applies_when_no_later_text_is_milder(db):
    resolved = resolve_section(
        law_code="tech-crime-decree",
        key="s.9",
        offence_date=dt.date(2024, 5, 1),
        as_of=dt.date(2026, 1, 1),
    )
    assert resolved.in_force.version.label == "B.E. 2566"
    assert resolved.applied == resolved.in_force


def test_no_charge_under_a_law_not_yet_in_force(db):
    with pytest.raises(LawError):
        resolve_section(
            law_code="tech-crime-decree",
            key="s.9",
            offence_date=dt.date(2022, 1, 1),
            as_of=dt.date(2026, 1, 1),
        )


def test_the_api_lists_the_catalogue_to_a_signed_in_officer(personas, login):
    response = login(personas.police2).get("/api/v1/laws")
    assert response.status_code == 200
    codes = {law["code"] for law in response.json()}
    assert {"tech-crime-decree", "immigration-act", "penal-code", "aml-act"} <= codes
    decree = next(law for law in response.json() if law["code"] == "tech-crime-decree")
    assert [v["effective_from"] for v in decree["versions"]] == ["2023-03-17", "2025-04-13"]


def test_the_api_refuses_the_catalogue_without_sign_in(client, db):
    response = client.get("/api/v1/laws")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthorized"


def test_the_api_tells_which_text_applies(personas, login):
    response = login(personas.police).get(
        "/api/v1/laws/apply",
        {"law": "foreign-workers-decree", "key": "s.8/s.101", "offence_date": "2018-01-10"},
    )
    body = response.json()
    assert body["in_force"]["min_fine"] == 2000
    assert body["applied"]["min_fine"] == 5000 and body["later_more_favourable"]


def test_the_catalogue_file_is_valid_json_with_effective_dates(db):
    data = json.loads((__import__("pathlib").Path("sodsong/cases/data/laws.json")).read_text())
    for law in data["laws"]:
        for version in law["versions"]:
            dt.date.fromisoformat(version["effective_from"])
