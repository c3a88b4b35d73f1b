"""Demo data of the tips module: build(province=, seed=) must be idempotent."""

from __future__ import annotations

from sodsong.geo.models import Area


def build(*, province: Area, seed: int) -> None:
    return None
