"""Pictures drawn on the server as inline SVG: the trend line and the district map.

Nothing is fetched at run time (no tile server, no CDN, no JavaScript): the map is drawn from
the simplified district boundaries shipped in `data/` (CC BY 3.0 IGO; the attribution is printed
under the map, see data/SOURCE.txt).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from html import escape
from pathlib import Path

DATA = Path(__file__).parent / "data" / "districts.simplified.geojson"
ATTRIBUTION_TH = (
    "ขอบเขตการปกครอง: กรมแผนที่ทหาร ผ่าน OCHA Humanitarian Data Exchange (COD-AB Thailand) "
    "สัญญาอนุญาต CC BY 3.0 IGO ปรับให้เรียบง่ายโดยสอดส่อง"
)
ATTRIBUTION_EN = (
    "Administrative boundaries: Royal Thai Survey Department, via OCHA HDX (COD-AB Thailand), "
    "CC BY 3.0 IGO; simplified by Sodsong"
)
LICENCE_URL = "https://creativecommons.org/licenses/by/3.0/igo/"
# A colour-blind-safe sequential scale (light to dark blue), with grey for "no value".
PALETTE = ("#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c")
NO_VALUE = "#d9d9d9"


@lru_cache(maxsize=1)
def _districts() -> dict[str, dict]:
    with DATA.open(encoding="utf-8") as handle:
        data = json.load(handle)
    return {f["properties"]["code"]: f for f in data["features"]}


def district_features(province_code: str) -> list[dict]:
    return [f for code, f in sorted(_districts().items()) if code.startswith(province_code)]


@dataclass(frozen=True)
class MapArea:
    code: str
    name: str
    path: str
    fill: str
    value_text: str
    label_x: float
    label_y: float


def _classes(values: list[float]) -> list[float]:
    """Upper bounds of up to five equal-interval classes over the positive values."""
    positive = [v for v in values if v is not None and v > 0]
    if not positive:
        return []
    top = max(positive)
    return [top * (i + 1) / len(PALETTE) for i in range(len(PALETTE))]


def _fill(value: float | None, bounds: list[float]) -> str:
    if value is None:
        return NO_VALUE
    if value <= 0 or not bounds:
        return "#ffffff"
    for colour, bound in zip(PALETTE, bounds, strict=True):
        if value <= bound:
            return colour
    return PALETTE[-1]


@lru_cache(maxsize=16)
def _projected(province_code: str, width: int) -> tuple[tuple, int]:
    """The province's district outlines projected to SVG coordinates (cached per province)."""
    features = district_features(province_code)
    if not features:
        return (), 0
    rings = [ring for f in features for polygon in f["geometry"]["coordinates"] for ring in polygon]
    xs = [x for ring in rings for x, _y in ring]
    ys = [y for ring in rings for _x, y in ring]
    min_x, max_x, min_y, max_y = min(xs), max(xs), min(ys), max(ys)
    # Equirectangular projection, x scaled by cos(latitude) so shapes are not stretched.
    k = math.cos(math.radians((min_y + max_y) / 2))
    span_x = max((max_x - min_x) * k, 1e-9)
    span_y = max(max_y - min_y, 1e-9)
    pad = 8
    scale = (width - 2 * pad) / span_x
    height = int(span_y * scale + 2 * pad)

    def project(x: float, y: float) -> tuple[float, float]:
        return (pad + (x - min_x) * k * scale, pad + (max_y - y) * scale)

    shapes = []
    for feature in features:
        parts = []
        for polygon in feature["geometry"]["coordinates"]:
            for ring in polygon:
                points = [project(x, y) for x, y in ring]
                parts.append("M" + "L".join(f"{px:.1f},{py:.1f}" for px, py in points) + "Z")
        # The label goes at the mean of the largest outer ring's vertices.
        outer = max((p[0] for p in feature["geometry"]["coordinates"]), key=len)
        projected = [project(x, y) for x, y in outer[:-1]]
        cx = sum(p[0] for p in projected) / len(projected)
        cy = sum(p[1] for p in projected) / len(projected)
        props = feature["properties"]
        shapes.append((props["code"], props["name_th"], "".join(parts), round(cx, 1), round(cy, 1)))
    return tuple(shapes), height


def province_map(
    province_code: str,
    values: dict[str, float | int | None],
    *,
    width: int = 640,
    names: dict[str, str] | None = None,
    formatter=str,
) -> dict[str, object]:
    """The province's districts in SVG coordinates, each filled by its value.

    Returns {"areas": [MapArea], "width", "height", "legend": [(colour, text)]}; no areas when
    the boundaries hold no district of the province.
    """
    shapes, height = _projected(province_code, width)
    bounds = _classes([v for v in values.values() if isinstance(v, int | float)])
    areas = []
    for code, name_th, path, cx, cy in shapes:
        value = values.get(code)
        areas.append(
            MapArea(
                code=code,
                name=(names or {}).get(code) or name_th,
                path=path,
                fill=_fill(value, bounds),
                value_text="—" if value is None else formatter(value),
                label_x=cx,
                label_y=cy,
            )
        )
    legend = [("#ffffff", "0")]
    low = 0.0
    for colour, bound in zip(PALETTE, bounds, strict=False):
        legend.append((colour, f"{formatter(_nice(low))}–{formatter(_nice(bound))}"))
        low = bound
    if any(v is None for v in values.values()) or len(values) < len(areas):
        legend.append((NO_VALUE, "—"))
    return {"areas": areas, "width": width, "height": height, "legend": legend}


def _nice(value: float) -> float | int:
    return int(round(value)) if value >= 10 else round(value, 1)


def trend_svg(
    labels: list[str],
    values: list[float | int | None],
    *,
    width: int = 640,
    height: int = 200,
    title: str = "",
) -> str:
    """A line chart with points and value labels, as an SVG string (already escaped)."""
    pad_l, pad_r, pad_t, pad_b = 36, 12, 18, 34
    n = len(values)
    if n == 0:
        return ""
    numbers = [v for v in values if v is not None]
    top = max(numbers) if numbers else 0
    top = top if top > 0 else 1
    inner_w, inner_h = width - pad_l - pad_r, height - pad_t - pad_b
    step = inner_w / max(n - 1, 1)

    def xy(i: int, v: float) -> tuple[float, float]:
        return pad_l + i * step, pad_t + inner_h - (v / top) * inner_h

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'role="img" aria-label="{escape(title)}" class="trend">',
        f"<title>{escape(title)}</title>",
        f'<line x1="{pad_l}" y1="{pad_t + inner_h}" x2="{width - pad_r}" y2="{pad_t + inner_h}" '
        'stroke="#8c959f" stroke-width="1"/>',
        f'<text x="{pad_l - 4}" y="{pad_t + 4}" text-anchor="end" font-size="11" fill="#4a5561">'
        f"{escape(str(_nice(top)))}</text>",
        f'<text x="{pad_l - 4}" y="{pad_t + inner_h}" text-anchor="end" font-size="11" '
        'fill="#4a5561">0</text>',
    ]
    points = [(i, v) for i, v in enumerate(values) if v is not None]
    if len(points) > 1:
        path = " ".join(
            f"{'M' if j == 0 else 'L'}{xy(i, v)[0]:.1f},{xy(i, v)[1]:.1f}"
            for j, (i, v) in enumerate(points)
        )
        parts.append(f'<path d="{path}" fill="none" stroke="#0b4f8a" stroke-width="2.5"/>')
    for i, v in points:
        x, y = xy(i, v)
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="#0b4f8a"/>')
        parts.append(
            f'<text x="{x:.1f}" y="{y - 7:.1f}" text-anchor="middle" font-size="11" '
            f'fill="#1b1f24">{escape(str(_nice(v)))}</text>'
        )
    every = max(1, math.ceil(n / 6))
    for i, label in enumerate(labels):
        if i % every == 0 or i == n - 1:
            x = pad_l + i * step
            parts.append(
                f'<text x="{x:.1f}" y="{height - 10}" text-anchor="middle" font-size="11" '
                f'fill="#4a5561">{escape(label)}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)
