"""The score rises with behaviour only, and every point has a reason listed."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from sodsong.entities.services import mention_record
from sodsong.tips import triage
from sodsong.tips.services import tip_rescore, watch_report_create

from .conftest import submit_tip


def test_each_feature_adds_points_with_a_reason():
    base = triage.score(triage.TriageFeatures(0, 0, 0, 400))
    assert base.score == 0 and base.reasons == []
    full = triage.score(triage.TriageFeatures(3, 1, 2, 2))
    codes = {r["code"]: r["points"] for r in full.reasons}
    assert codes == {
        "red_flags": 30,
        "shared_identifiers": 15,
        "independent_reporters": 20,
        "recent": 15,
    }
    assert full.score == 80


def test_score_is_capped():
    assert triage.score(triage.TriageFeatures(20, 20, 20, 0)).score == 100


def test_reasons_read_as_sentences():
    text = triage.reason_text({"code": "red_flags", "count": 2, "points": 20})
    assert "2" in text


@pytest.mark.django_db
def test_an_identifier_reported_by_another_reporter_corroborates(personas, village1):
    first = watch_report_create(
        reporter=personas.headman,
        area=village1,
        description="มีคนรับซื้อซิมการ์ดในหมู่บ้าน",
        red_flags=["mule-many-sims"],
    )
    second = submit_tip(village1, "มีคนมารับซื้อซิมการ์ดและสมุดบัญชี")
    for tip in (first, second):
        mention_record(
            type="bank_account",
            value="KBANK:9876543210",
            source_type=tip.kind,
            source_uuid=tip.uuid,
            area_code=tip.area.code,
            normalised=True,
        )
    tip_rescore(tip=second, related=True)
    second.refresh_from_db()
    reasons = {r["code"]: r["count"] for r in second.score_reasons}
    assert reasons["shared_identifiers"] == 1
    assert reasons["independent_reporters"] == 1


@pytest.mark.django_db
def test_anonymous_tips_do_not_corroborate_each_other(village1):
    tips = [submit_tip(village1, f"เบาะแสนิรนามฉบับที่ {i} เรื่องเดียวกัน") for i in range(3)]
    for tip in tips:
        mention_record(
            type="line_id",
            value="@sameanon",
            source_type="tip",
            source_uuid=tip.uuid,
            area_code=village1.code,
            normalised=True,
        )
    tip_rescore(tip=tips[0])
    assert {r["code"] for r in tips[0].score_reasons} >= {"shared_identifiers"}
    assert "independent_reporters" not in {r["code"] for r in tips[0].score_reasons}


@pytest.mark.django_db
def test_old_tips_lose_the_recency_points(village1):
    tip = submit_tip(village1, occurred_on=timezone.localdate() - dt.timedelta(days=200))
    assert "recent" not in {r["code"] for r in tip.score_reasons}
    fresh = submit_tip(village1, occurred_on=timezone.localdate())
    assert fresh.score > tip.score
