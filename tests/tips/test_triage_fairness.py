"""The triage score never depends on nationality, ethnicity, religion or language, nor on their
stand-ins: a phone's country code, the language of the message, or whether someone is in the
foreign-resident registry. Each test changes only such an attribute and expects the same score.
"""

from __future__ import annotations

import dataclasses

import pytest

from sodsong.entities.services import mention_record
from sodsong.people.models import DocumentType
from sodsong.people.services import DocumentInput, person_create
from sodsong.tips import triage
from sodsong.tips.services import tip_rescore, watch_report_create

from .conftest import submit_tip

TEXTS = {
    "thai": "มีคนโทรมาหลอกให้โอนเงิน อ้างว่าเป็นตำรวจ",
    "english": "Someone called pretending to be police and asked me to transfer money",
    "burmese": "ရဲအဖြစ်ဟန်ဆောင်ပြီး ငွေလွှဲခိုင်းသည်",
    "khmer": "មាននរណាម្នាក់ហៅមកក្លែងជាប៉ូលីស ហើយឱ្យផ្ទេរប្រាក់",
    "chinese": "有人冒充警察打电话要求转账",
}


def _score(tip) -> int:
    tip.refresh_from_db()
    return tip.score


def test_score_takes_only_behavioural_features():
    names = {f.name for f in dataclasses.fields(triage.TriageFeatures)}
    assert names == {"red_flags", "shared_identifiers", "independent_reporters", "age_days"}


@pytest.mark.django_db
def test_language_of_the_message_changes_no_score(village1):
    scores = {lang: _score(submit_tip(village1, text)) for lang, text in TEXTS.items()}
    assert len(set(scores.values())) == 1, scores


@pytest.mark.django_db
@pytest.mark.parametrize(
    "number",
    ["+66951110001", "+855976540001", "+95912340001", "+856205550001", "+8613800000001"],
)
def test_a_phones_country_code_changes_no_score(village1, village2, number):
    """The same situation (an identifier seen once in another tip) with phones of different
    countries: the score is the same whatever the country code."""
    first = submit_tip(village2, "มีคนโทรมาหลอกลวงจากเบอร์นี้")
    second = submit_tip(village1, "มีคนโทรมาหลอกลวงจากเบอร์นี้เช่นกัน")
    for tip in (first, second):
        mention_record(
            type="phone",
            value=number,
            source_type="tip",
            source_uuid=tip.uuid,
            area_code=tip.area.code,
            normalised=True,
        )
    tip_rescore(tip=second)
    reasons = {r["code"]: r for r in second.score_reasons}
    assert reasons["shared_identifiers"]["count"] == 1
    assert _score(second) == EXPECTED_SHARED_SCORE


# recency (≤7 days: 15) + one shared identifier (15): the same for every country code.
EXPECTED_SHARED_SCORE = 30


@pytest.mark.django_db
@pytest.mark.parametrize("nationality", ["THA", "MMR", "KHM", "LAO", "CHN", "VNM", ""])
def test_nationality_of_a_person_tied_to_a_report_changes_no_score(personas, village1, nationality):
    person = person_create(
        area=village1,
        source="test",
        given_name_latin="Test",
        family_name_latin=f"Person{nationality or 'X'}",
        nationality=nationality,
    )
    report = watch_report_create(
        reporter=personas.headman,
        area=village1,
        description="กลุ่มคนขนคอมพิวเตอร์เข้าบ้านเช่าจำนวนมาก",
        red_flags=["premises-many-devices"],
        people=[person],
    )
    without = watch_report_create(
        reporter=personas.headman,
        area=village1,
        description="กลุ่มคนขนคอมพิวเตอร์เข้าบ้านเช่าจำนวนมาก (ไม่ระบุบุคคล)",
        red_flags=["premises-many-devices"],
    )
    assert _score(report) == _score(without)


@pytest.mark.django_db
def test_being_in_the_foreign_resident_registry_changes_no_score(village1):
    """An identifier that also belongs to a registry entry does not count as 'seen elsewhere'."""
    plain = submit_tip(village1, "โทรมาหลอกจากเบอร์ที่ไม่เคยพบ")
    mention_record(
        type="phone",
        value="+66951119999",
        source_type="tip",
        source_uuid=plain.uuid,
        area_code=village1.code,
        normalised=True,
    )
    registered = submit_tip(village1, "โทรมาหลอกจากเบอร์ของผู้อยู่ในทะเบียน")
    mention_record(
        type="phone",
        value="+66951118888",
        source_type="tip",
        source_uuid=registered.uuid,
        area_code=village1.code,
        normalised=True,
    )
    import uuid

    mention_record(
        type="phone",
        value="+66951118888",
        source_type="resident",
        source_uuid=uuid.uuid4(),
        area_code=village1.code,
        normalised=True,
    )
    person_create(
        area=village1,
        source="test",
        given_name_latin="Reg",
        nationality="MMR",
        documents=[DocumentInput(DocumentType.PASSPORT, "MMR", "MB1234567")],
    )
    tip_rescore(tip=plain)
    tip_rescore(tip=registered)
    assert _score(plain) == _score(registered)
