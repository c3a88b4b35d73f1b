"""The country table (issue 20): Thai, English and codes all become the alpha-3 code."""

from __future__ import annotations

import pytest

from sodsong.thai.countries import COUNTRIES, country_code, country_label


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("เมียนมา", "MMR"),
        ("พม่า", "MMR"),
        ("Myanmar", "MMR"),
        ("myanmar", "MMR"),
        ("mmr", "MMR"),
        ("เมียนมา (MMR)", "MMR"),
        ("ประเทศกัมพูชา", "KHM"),
        ("Lao PDR", "LAO"),
        ("Vietnam", "VNM"),
        ("Viet Nam", "VNM"),
        ("จีน", "CHN"),
        ("FRO", "FRO"),  # a code outside the table still passes, as before
        ("", ""),
    ],
)
def test_country_code_reads_thai_english_and_codes(text, code):
    assert country_code(text) == code


def test_unknown_names_are_refused():
    assert country_code("เมี") is None
    assert country_code("Narnia") is None


def test_the_region_comes_first_and_codes_are_unique():
    assert [c.code for c in COUNTRIES[:5]] == ["MMR", "KHM", "LAO", "CHN", "VNM"]
    codes = [c.code for c in COUNTRIES]
    assert len(codes) == len(set(codes))
    assert country_label("MMR") == "เมียนมา (MMR)"
