"""DOCX → PDF with LibreOffice headless, fonts embedded and a Thai text layer that extracts back.

LibreOffice gives a correct ToUnicode map for Thai (กำนัน extracts as กำนัน, not กานัน). It runs
with a fontconfig file of ours (fonts/fonts.conf) that keeps the system's configuration, adds the
TH SarabunPSK and TH Sarabun New files shipped beside it, and falls back to Debian's Laksaman
(fonts-thai-tlwg). Each conversion has its own LibreOffice profile in a temporary folder, so
parallel conversions (jobs, tests) do not clash, and a time limit.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from sodsong.documents.garuda import FONTS_DIR

FONTCONFIG_FILE = FONTS_DIR / "fonts.conf"
DEFAULT_TIMEOUT_S = 120


class PdfConversionError(RuntimeError):
    """LibreOffice is missing, failed, or ran past its time limit."""


def soffice_path() -> str | None:
    configured = os.environ.get("SODSONG_SOFFICE", "")
    if configured:
        return configured if Path(configured).is_file() else None
    return shutil.which("soffice") or shutil.which("libreoffice")


def soffice_env(home: Path) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key in {"PATH", "LANG", "LC_ALL", "TZ", "SYSTEMROOT", "TMPDIR"}
    }
    env.update(
        {
            "FONTCONFIG_FILE": str(FONTCONFIG_FILE),
            "HOME": str(home),
            "LANG": env.get("LANG") or "C.UTF-8",
            "SAL_USE_VCLPLUGIN": "svp",
        }
    )
    return env


def docx_to_pdf(docx: bytes, *, timeout_s: int = DEFAULT_TIMEOUT_S) -> bytes:
    """Converts the bytes of a .docx file to the bytes of a PDF."""
    if not docx.startswith(b"PK"):
        raise PdfConversionError("the input is not a Word (.docx) file")
    soffice = soffice_path()
    if not soffice:
        raise PdfConversionError(
            "LibreOffice (soffice) is not installed: install Debian's libreoffice-writer-nogui "
            "to make PDFs, or set SODSONG_SOFFICE to its path"
        )
    with tempfile.TemporaryDirectory(prefix="sodsong-pdf-") as tmp:
        work = Path(tmp)
        source = work / "letter.docx"
        source.write_bytes(docx)
        profile = (work / "profile").as_uri()
        command = [
            soffice,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--norestore",
            "--nologo",
            "--nodefault",
            "--nolockcheck",
            "--convert-to",
            "pdf:writer_pdf_Export",
            "--outdir",
            str(work),
            str(source),
        ]
        try:
            result = subprocess.run(  # noqa: S603 (fixed argument list, no shell)
                command,
                capture_output=True,
                timeout=timeout_s,
                env=soffice_env(work),
                cwd=work,
                check=False,
                start_new_session=True,
            )
        except subprocess.TimeoutExpired as exc:
            raise PdfConversionError(f"LibreOffice ran past {timeout_s} s") from exc
        target = work / "letter.pdf"
        if result.returncode != 0 or not target.is_file():
            detail = (result.stderr or result.stdout).decode("utf-8", "replace").strip()[-500:]
            raise PdfConversionError(
                f"LibreOffice could not convert the letter (exit {result.returncode}): {detail}"
            )
        return target.read_bytes()
