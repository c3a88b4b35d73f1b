"""The one renderer of official documents: a `Letter` to DOCX or PDF, indicator tables to Excel.

    from sodsong.documents.render import render_letter
    data = render_letter(letter, fmt="pdf")          # bytes

Documents made while the deployment runs in demo mode (settings.DEMO_MODE) carry the watermark
"ตัวอย่าง"; `demo=` overrides that for a single call.
"""

from __future__ import annotations

from typing import Literal

from django.conf import settings

from sodsong.documents.docx_writer import render_docx
from sodsong.documents.letter import Letter

LetterFormat = Literal["docx", "pdf"]

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def demo_mode(demo: bool | None) -> bool:
    return bool(settings.DEMO_MODE) if demo is None else demo


def render_letter(letter: Letter, *, fmt: LetterFormat = "docx", demo: bool | None = None) -> bytes:
    if fmt == "docx":
        return render_docx(letter, demo=demo_mode(demo))
    if fmt == "pdf":
        from sodsong.documents.page_marks import letter_pdf

        return letter_pdf(letter, demo=demo_mode(demo))
    raise ValueError(f"unknown letter format {fmt!r}")
