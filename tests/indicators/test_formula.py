"""Formula indicators are arithmetic only: no code runs, whatever an administrator types."""

from __future__ import annotations

import pytest

from sodsong.indicators import formula


def test_formula_over_codes_with_constants():
    assert (
        formula.evaluate(
            "tips_verified / tips_received * 100", {"tips_verified": 3, "tips_received": 4}
        )
        == 75.0
    )


def test_parentheses_and_unary_minus():
    assert formula.evaluate("-(a - b) * 2", {"a": 1, "b": 4}) == 6.0


def test_division_by_zero_gives_no_value():
    assert formula.evaluate("a / b", {"a": 1, "b": 0}) is None


def test_missing_value_gives_no_value():
    assert formula.evaluate("a + b", {"a": 1}) is None


@pytest.mark.parametrize(
    "expression",
    [
        "__import__('os').system('id')",
        "a.__class__",
        "a ** 2",
        "a % 2",
        "a if b else c",
        "[a]",
        "'text'",
        "lambda: 1",
        "a < b",
        "a // b",
        "True + 1",
        "a; b",
    ],
)
def test_anything_but_arithmetic_is_refused(expression):
    with pytest.raises(formula.FormulaError):
        formula.parse(expression)


def test_unknown_codes_are_refused():
    with pytest.raises(formula.FormulaError, match="nope"):
        formula.validate("tips_received + nope", {"tips_received"})
