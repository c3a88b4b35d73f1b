"""Issue 19: a เทศบาลเมือง or เทศบาลนคร surveys by ชุมชน, not หมู่บ้าน. A community is a survey unit in
the village slot of the code; a round expects it and completeness counts it apart."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from sodsong.geo.models import Area
from sodsong.geo.services import GeoError, community_create
from sodsong.survey import selectors, services


def _free_number(sub: Area) -> int:
    used = set(Area.objects.filter(parent=sub).values_list("moo", flat=True))
    return next(n for n in range(90, 0, -1) if n not in used)


def test_a_round_expects_the_communities_and_completeness_counts_them(personas):
    district = personas.district.role_assignments.get().areas.get()
    sub = Area.objects.filter(level="subdistrict", code__startswith=district.code).first()
    community = community_create(subdistrict=sub, number=_free_number(sub), name_th="ชุมชนหลังตลาด")
    assert community.level_label_th == "ชุมชน" and community.level == "village"
    with pytest.raises(GeoError):
        community_create(subdistrict=sub, number=community.moo, name_th="ซ้ำ")
    today = timezone.localdate()
    survey_round = services.round_open(
        user=personas.district,
        name="รอบชุมชน",
        area=district,
        starts_on=today - dt.timedelta(days=1),
        ends_on=today + dt.timedelta(days=5),
    )
    assert survey_round.submissions.filter(area=community).exists()
    rows = selectors.completeness(
        user=personas.district, survey_round=survey_round, level="district"
    )
    total = selectors.completeness_total(rows)
    assert total.communities == 1
    villages = survey_round.submissions.filter(area__community=False).count()
    assert total.expected == villages + 1
