"""Issue 19, "rendered samples of each letter type are committed as PNG previews in the guide":
every kind of `sodsong.documents.samples.SAMPLES` has its picture in docs/images (made by
scripts/letter-previews: DOCX → PDF with LibreOffice → PNG with pdftoppm), the documents guide
shows each, and the directives guide shows the two letters a directive produces (the provincial
circular and the district's relay to kamnan and headmen)."""

from __future__ import annotations

import re
from pathlib import Path

from PIL import Image

from sodsong.documents.samples import SAMPLES

DOCS = Path(__file__).resolve().parents[2] / "docs"


def _embedded(guide: str) -> set[str]:
    text = (DOCS / guide).read_text(encoding="utf-8")
    return set(re.findall(r"!\[[^\]]*\]\(images/([^)]+\.png)\)", text))


def test_every_letter_kind_has_a_committed_preview():
    for kind in SAMPLES:
        path = DOCS / "images" / f"documents-{kind}.png"
        assert path.is_file(), f"no preview for {kind}: run scripts/letter-previews"
        with Image.open(path) as image:
            assert image.format == "PNG"
            width, height = image.size
            assert height > width > 300  # an A4 page, portrait


def test_the_documents_guide_shows_every_kind_and_the_second_page():
    shown = _embedded("guide-documents.md")
    assert {f"documents-{kind}.png" for kind in SAMPLES} <= shown
    assert "documents-report-page2.png" in shown  # the page number "- ๒ -"


def test_the_directives_guide_shows_the_circular_and_the_relay():
    shown = _embedded("guide-directives.md")
    assert {"documents-circular.png", "documents-relay.png"} <= shown
