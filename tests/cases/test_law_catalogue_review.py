"""Issue 19, the law catalogue as a reader of the statutes checks it: penalty modes as the texts
join imprisonment and fine, the sections a call-centre, luring or trafficking case needs, the
2568 amendment as what it changed, the Immigration Act's amendments, and citations printed the
way officials write them. Every row names its source; an uncertain row says why."""

from __future__ import annotations

import datetime as dt

import pytest

from sodsong.cases import services
from sodsong.cases.laws import catalogue_load, read_catalogue
from sodsong.cases.models import Charge, Law, LawSection, LawVersion, PartyRole

from .conftest import add_person, district_of, village_in

TODAY = dt.date.today()


def _row(law: str, key: str, label: str | None = None) -> LawSection:
    rows = LawSection.objects.filter(
        version__law__code=law, key=key, superseded_by__isnull=True
    ).order_by("-version__effective_from")
    if label:
        rows = rows.filter(version__label=label)
    return rows.first()


@pytest.mark.parametrize(
    ("law", "key", "mode"),
    [
        ("penal-code", "s.341", "or_both"),
        ("penal-code", "s.342", "or_both"),
        ("penal-code", "s.343", "or_both"),
        ("penal-code", "s.343-2", "and"),
        ("penal-code", "s.209", "and"),
        ("penal-code", "s.210", "or_both"),  # paragraph one; only paragraph two is "และ"
        ("aml-act", "s.5/s.60", "or_both"),
        # Paragraph one "และ" as the only text found gives it (test_law_sources_searched).
        ("immigration-act", "s.11/s.62", "and"),
        ("immigration-act", "s.81", "or_both"),
        ("employment-act", "s.30/s.82", "or_both"),
        ("employment-act", "s.91 ter", "or_both"),
    ],
)
def test_penalty_modes_follow_the_wording_of_the_section(db, law, key, mode):
    assert _row(law, key).penalty_mode == mode


def test_recalled_modes_of_the_employment_act_are_flagged_with_a_reason(db):
    for key in ("s.30/s.82", "s.91 ter"):
        row = _row("employment-act", key)
        assert row.needs_verification and "confirm" in row.note


def test_section_343_paragraph_two_is_the_call_centre_pattern(db):
    row = _row("penal-code", "s.343-2")
    assert (float(row.min_years), float(row.max_years), row.min_fine, row.max_fine) == (
        0.5,
        7.0,
        10000,
        140000,
    )
    assert row.citation_th == "มาตรา 343 วรรคสอง"
    assert row.printed_th == "ประมวลกฎหมายอาญา มาตรา 343 วรรคสอง"


def test_the_sections_the_review_found_missing_are_there(db):
    assert _row("penal-code", "s.320").group == "trafficking"
    for key in ("s.148", "s.149"):
        row = _row("penal-code", key)
        assert row.heaviest == "death" and row.group == "officials"
    for key in ("s.83", "s.86"):
        assert _row("penal-code", key).kind == "participation"
    s6 = _row("anti-trafficking-act", "s.6")
    assert s6.penalty_section == "52" and s6.max_years and s6.min_fine
    s61 = _row("anti-trafficking-act", "s.6/1")
    assert s61.penalty_section == "52/1" and s61.max_years and s61.max_fine
    assert _row("transnational-organised-crime-act", "s.5").needs_verification
    repeat = _row("foreign-workers-decree", "s.9/s.102-repeat", "No. 2 B.E. 2561")
    assert "สามปี" in repeat.additional_th and repeat.max_years == 1


def test_a_death_or_life_penalty_ranks_above_any_term_of_years(db):
    assert _row("penal-code", "s.149").severity() > _row("anti-trafficking-act", "s.6").severity()


def test_the_2568_decree_records_what_it_changed_and_is_not_a_copy(db):
    old, new = LawVersion.objects.filter(law__code="tech-crime-decree").order_by("effective_from")
    assert new.effective_from == dt.date(2025, 4, 13)
    assert "สินทรัพย์ดิจิทัล" in new.changes
    for word in ("สถาบันการเงิน", "โทรคมนาคม", "แพลตฟอร์ม"):
        assert word in new.changes
    s9_old = _row("tech-crime-decree", "s.9", old.label)
    s9_new = _row("tech-crime-decree", "s.9", new.label)
    assert s9_old.offence_th != s9_new.offence_th and "สินทรัพย์ดิจิทัล" in s9_new.offence_th


def test_the_immigration_act_lists_its_amendments_and_s81_its_full_scope(db):
    version = LawVersion.objects.get(law__code="immigration-act")
    labels = " ".join(a["label_th"] for a in version.amendments)
    assert "2542" in labels and "2561" in labels
    s81 = _row("immigration-act", "s.81")
    assert "โดยไม่ได้รับอนุญาต" in s81.offence_th and "เพิกถอน" in s81.offence_th


def test_every_row_names_its_source_and_every_uncertain_row_says_why(db):
    for row in LawSection.objects.filter(superseded_by__isnull=True).select_related("version"):
        assert row.source, row
        if row.needs_verification:
            assert row.note or row.version.note, row
    for version in LawVersion.objects.all():
        assert version.source and version.cited_as_th, version


def test_the_penal_code_is_printed_without_its_year(db):
    assert _row("penal-code", "s.341").printed_th == "ประมวลกฎหมายอาญา มาตรา 341"
    assert "2499" not in _row("penal-code", "s.209").printed_th
    assert _row("immigration-act", "s.81").printed_th == "พระราชบัญญัติคนเข้าเมือง พ.ศ. 2522 มาตรา 81"


def test_a_charge_cites_participation_beside_the_offence_and_never_alone(personas, built):
    police = personas.police
    charge = services.charge_add(
        by=police,
        party=built.suspect,
        law_code="penal-code",
        section_key="s.343-2",
        offence_from=TODAY - dt.timedelta(days=20),
        participation="83",
    )
    assert charge.printed_th == "ประมวลกฎหมายอาญา มาตรา 343 วรรคสอง ประกอบมาตรา 83"
    other = services.charge_add(
        by=police,
        party=built.suspect,
        law_code="tech-crime-decree",
        section_key="s.10",
        offence_from=TODAY - dt.timedelta(days=20),
        participation="86",
    )
    assert other.printed_th.endswith("ประกอบประมวลกฎหมายอาญา มาตรา 86")
    with pytest.raises(services.CaseError, match="83"):
        services.charge_add(
            by=police,
            party=built.suspect,
            law_code="penal-code",
            section_key="s.83",
            offence_from=TODAY - dt.timedelta(days=20),
        )
    assert Charge.objects.filter(party=built.suspect).count() == 2


def test_a_screened_victim_is_not_charged_for_forced_criminality_without_an_audited_reason(
    personas, built
):
    from sodsong.audit.models import AuditEvent

    police = personas.police
    held = services.party_add(
        by=police,
        case=built.case,
        person=add_person(village_in(district_of(police)), "Forcedina", "Ma"),
        role=PartyRole.SUSPECT,
        recruited_or_held=True,
    )
    services.party_screen(by=police, party=held, result="victim", screened_on=TODAY)
    for key in ("s.343", "s.209", "s.343-2"):
        with pytest.raises(services.CaseError, match="ค้ามนุษย์"):
            services.charge_add(
                by=police,
                party=held,
                law_code="penal-code",
                section_key=key,
                offence_from=TODAY - dt.timedelta(days=10),
            )
    charge = services.charge_add(
        by=police,
        party=held,
        law_code="penal-code",
        section_key="s.343",
        offence_from=TODAY - dt.timedelta(days=10),
        s41_override_reason="ran the scripts as a paid team leader after being freed",
    )
    audit = AuditEvent.objects.filter(object_type="cases.charge").order_by("-id").first()
    assert audit.detail["basis"] == "non_punishment" and audit.detail["section"] == "s.343"
    assert charge.s41_override_reason.startswith("ran the scripts")


def test_reloading_fills_group_and_source_in_place_without_a_new_revision(db):
    row = _row("penal-code", "s.341")
    LawSection.objects.filter(pk=row.pk).update(group="", source="")
    result = catalogue_load(
        read_catalogue(), law_model=Law, version_model=LawVersion, section_model=LawSection
    )
    assert result.revised == 0
    row.refresh_from_db()
    assert row.group == "fraud" and row.source and row.superseded_by_id is None
