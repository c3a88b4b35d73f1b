"""Formula indicators: arithmetic over indicator codes, parsed with `ast`, never `eval`.

Allowed: indicator codes (names), numbers, parentheses, + - * / and unary minus. Anything else
(calls, attributes, subscripts, comparisons, powers, strings, lambdas) is refused when the formula
is saved, so an administrator cannot make the server run code. Division by zero gives None
("no value"), which the dashboards show as a dash.
"""

from __future__ import annotations

import ast
import operator
from collections.abc import Callable, Mapping

_BINARY: dict[type[ast.operator], Callable[[float, float], float]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
}
MAX_LENGTH = 500
MAX_NODES = 200


class FormulaError(ValueError):
    """The formula uses something other than + - * / numbers and indicator codes."""


def parse(expression: str) -> ast.Expression:
    if not expression or not expression.strip():
        raise FormulaError("empty formula")
    if len(expression) > MAX_LENGTH:
        raise FormulaError("formula too long")
    try:
        tree = ast.parse(expression.strip(), mode="eval")
    except SyntaxError as exc:
        raise FormulaError(f"not a formula: {exc.msg}") from exc
    nodes = list(ast.walk(tree))
    if len(nodes) > MAX_NODES:
        raise FormulaError("formula too long")
    for node in nodes:
        if isinstance(node, ast.Expression | ast.Load):
            continue
        if isinstance(node, ast.BinOp):
            if type(node.op) not in _BINARY:
                raise FormulaError(f"operator {type(node.op).__name__} is not allowed")
            continue
        if isinstance(node, ast.UnaryOp):
            if not isinstance(node.op, ast.USub | ast.UAdd):
                raise FormulaError("only + and - may stand before a value")
            continue
        if isinstance(node, ast.Constant):
            if isinstance(node.value, bool) or not isinstance(node.value, int | float):
                raise FormulaError("only numbers may be written as constants")
            continue
        if isinstance(node, ast.Name):
            continue
        if isinstance(node, ast.operator | ast.unaryop):
            continue
        raise FormulaError(f"{type(node).__name__} is not allowed in a formula")
    return tree


def names(expression: str) -> set[str]:
    """The indicator codes a formula refers to."""
    return {n.id for n in ast.walk(parse(expression)) if isinstance(n, ast.Name)}


def validate(expression: str, known: Mapping[str, object] | set[str]) -> set[str]:
    used = names(expression)
    unknown = sorted(used - set(known))
    if unknown:
        raise FormulaError(f"unknown indicator codes: {', '.join(unknown)}")
    return used


def evaluate(expression: str, values: Mapping[str, float | int | None]) -> float | None:
    """The formula's value; None when a value it needs is missing or a division is by zero."""
    tree = parse(expression)

    def walk(node: ast.AST) -> float | None:
        if isinstance(node, ast.Expression):
            return walk(node.body)
        if isinstance(node, ast.Constant):
            return float(node.value)
        if isinstance(node, ast.Name):
            value = values.get(node.id)
            return None if value is None else float(value)
        if isinstance(node, ast.UnaryOp):
            inner = walk(node.operand)
            if inner is None:
                return None
            return -inner if isinstance(node.op, ast.USub) else inner
        if isinstance(node, ast.BinOp):
            left, right = walk(node.left), walk(node.right)
            if left is None or right is None:
                return None
            if isinstance(node.op, ast.Div) and right == 0:
                return None
            return _BINARY[type(node.op)](left, right)
        raise FormulaError(f"{type(node).__name__} is not allowed in a formula")

    return walk(tree)
