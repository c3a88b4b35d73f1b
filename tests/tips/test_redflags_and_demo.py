"""The red-flag checklist matches the survey's, and the demo adds linked tips idempotently."""

from __future__ import annotations

import pytest

from sodsong.entities.models import Identifier
from sodsong.tips.models import Tip
from sodsong.tips.redflags import BUILTIN_RED_FLAGS, valid_codes


@pytest.mark.django_db
def test_builtin_red_flags_equal_the_survey_checklist():
    try:
        from sodsong.survey.models import RedFlag
    except ImportError:
        pytest.skip("the survey module has no red flags yet")
    survey = set(RedFlag.objects.values_list("code", flat=True))
    if not survey:
        pytest.skip("the survey checklist is empty")
    assert set(BUILTIN_RED_FLAGS) == survey
    assert valid_codes() <= survey


def test_no_red_flag_names_a_nationality_or_language():
    banned = (
        "nation",
        "ethnic",
        "religio",
        "language",
        "burm",
        "khmer",
        "lao",
        "chinese",
        "myanmar",
    )
    for code, label in BUILTIN_RED_FLAGS.items():
        text = f"{code} {label}".lower()
        assert not any(word in text for word in banned), code


@pytest.mark.django_db
def test_demo_has_tips_and_reports_sharing_phones_and_bank_accounts():
    phone = Identifier.objects.get(type="phone", value="+66951182247")
    bank = Identifier.objects.get(type="bank_account", value="KBANK:1234567890")
    assert phone.mentions.values("source_uuid").distinct().count() >= 3
    assert bank.mentions.values("source_uuid").distinct().count() >= 2
    assert Tip.objects.filter(kind="report").exists() and Tip.objects.filter(kind="tip").exists()


@pytest.mark.django_db
def test_demo_build_is_idempotent():
    from sodsong.geo.models import Area
    from sodsong.tips.demo import build

    before = Tip.all_objects.count()
    build(province=Area.objects.get(code="47"), seed=2567)
    assert Tip.all_objects.count() == before
