"""The Garuda emblem (ตราครุฑ) printed at the head of letters.

Sodsong ships no image of the real emblem: no freely licensed file of it was found in the package
registries the project uses, and its use is governed by law. The deployment names the real file
with the SODSONG_GARUDA_IMAGE setting (a PNG or JPEG path on the server). Without it letters carry
a neutral placeholder labelled "ตราครุฑ", drawn by `draw_placeholder` and shipped as
data/garuda-placeholder.png. Nothing is downloaded at run time.
"""

from __future__ import annotations

import os
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

DATA_DIR = Path(__file__).resolve().parent / "data"
PLACEHOLDER = DATA_DIR / "garuda-placeholder.png"
FONTS_DIR = Path(__file__).resolve().parent / "fonts"


def garuda_image_path() -> Path:
    """The configured emblem, or the shipped placeholder when none is configured."""
    configured = getattr(settings, "SODSONG_GARUDA_IMAGE", "") or os.environ.get(
        "SODSONG_GARUDA_IMAGE", ""
    )
    if not configured:
        return PLACEHOLDER
    path = Path(configured)
    if not path.is_file():
        raise ImproperlyConfigured(f"SODSONG_GARUDA_IMAGE points at {path}, which is not a file")
    return path


def is_placeholder(path: Path) -> bool:
    return path.resolve() == PLACEHOLDER.resolve()


def draw_placeholder(out: Path = PLACEHOLDER, *, height_px: int = 600) -> Path:
    """Draws the neutral placeholder: a simple symmetric winged outline and the label ตราครุฑ.

    It is plainly not the state emblem, so nobody mistakes a test print for an official letter.
    """
    from PIL import Image, ImageDraw, ImageFont

    width_px = int(height_px * 0.92)
    img = Image.new("RGBA", (width_px, height_px), (255, 255, 255, 0))
    draw = ImageDraw.Draw(img)
    ink = (40, 40, 40, 255)
    stroke = max(4, height_px // 90)
    cx = width_px // 2
    unit = height_px / 100

    def pt(x: float, y: float) -> tuple[float, float]:
        return (cx + x * unit, y * unit)

    # Head, body and tail.
    draw.ellipse([pt(-7, 6), pt(7, 20)], outline=ink, width=stroke)
    draw.polygon([pt(-9, 22), pt(9, 22), pt(6, 58), pt(-6, 58)], outline=ink, width=stroke)
    draw.polygon(
        [pt(-6, 58), pt(6, 58), pt(12, 72), pt(0, 66), pt(-12, 72)], outline=ink, width=stroke
    )
    # Raised wings, mirrored.
    for side in (-1, 1):
        wing = [
            pt(side * 9, 26),
            pt(side * 30, 8),
            pt(side * 42, 14),
            pt(side * 38, 26),
            pt(side * 44, 34),
            pt(side * 34, 42),
            pt(side * 38, 50),
            pt(side * 9, 46),
        ]
        draw.polygon(wing, outline=ink, width=stroke)
        for k in range(3):
            draw.line([pt(side * 12, 30 + 5 * k), pt(side * (30 + 3 * k), 18 + 10 * k)], fill=ink)
    font = ImageFont.truetype(
        str(FONTS_DIR / "THSarabunNew.ttf"), int(18 * unit), layout_engine=ImageFont.Layout.RAQM
    )
    label = "ตราครุฑ"
    box = draw.textbbox((0, 0), label, font=font)
    draw.text((cx - (box[2] - box[0]) / 2 - box[0], 76 * unit), label, font=font, fill=ink)
    out.parent.mkdir(parents=True, exist_ok=True)
    img.save(out, optimize=True)
    return out
