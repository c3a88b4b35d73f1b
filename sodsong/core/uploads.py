"""Upload safety shared by every module that takes a file: spreadsheets for the residents import,
attachments (pictures, PDF, Word) and directive letters.

Checked here, before any parser touches the bytes (issue #12 hostile files, #17 H5):
- size: empty files and files over the limit;
- content against the name: an .xls or .ods renamed to .xlsx, a ZIP that is not a Word file, text
  that is not text; the client's declared type is never trusted;
- ZIP containers (XLSX, ODS, DOCX): member count, compression ratio and the real decompressed
  size, streamed with a cap (the sizes the archive declares can lie);
- XML inside them: a DOCTYPE or ENTITY declaration (entity expansion, external entities) is
  refused; office programs never write one;
- sheet size: the cells an XLSX sheet names (the probe's single cell at XFD1048576 made the reader
  allocate 512 GiB), before a reader allocates the sheet;
- PDF: scripts, launch actions and embedded files are refused;
- names: path parts, control and direction characters removed from the name that is shown.

Every refusal is an `UploadRefused` whose message is for the user (Thai through gettext). The
spreadsheet itself is then read in a separate process with a memory limit
(`sodsong.core.sheet_reader`), so that what these checks miss still cannot take the web process or
the job worker down.
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from io import BytesIO
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

MiB = 1024 * 1024

# Spreadsheet limits. The import benchmark's 1,000,000-row file (25 columns) is the largest sheet
# Sodsong reads; a village's sheet has a few hundred rows of the template's 25 columns.
SHEET_MAX_ROWS = 1_048_576
SHEET_MAX_COLUMNS = 256
SHEET_MAX_CELLS = 30_000_000  # the rectangle a reader allocates: about 1 GiB in python-calamine
SPREADSHEET_MAX_DECOMPRESSED = 1024 * MiB
# Documents (DOCX letters and attachments): a 200-page letter is a few MB of XML.
DOCUMENT_MAX_DECOMPRESSED = 100 * MiB
# Text compresses about 10:1 and very regular sheets up to ~100:1; bombs reach 1,000:1 and more.
MAX_RATIO = 200
RATIO_FREE_BYTES = 4 * MiB  # small members may compress as well as they like
MAX_MEMBERS = 5_000

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, and password-protected .xlsx/.docx
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
KIND_LABELS = {
    "xlsx": "Excel (.xlsx)",
    "xls": "Excel 97-2003 (.xls)",
    "ods": "OpenDocument (.ods)",
    "csv": "CSV (.csv)",
    "docx": "Word (.docx)",
    "pdf": "PDF",
    "zip": "ZIP",
    "ole2": "Excel 97-2003 (.xls)",
    "text": _lazy("plain text"),
    "binary": _lazy("binary data (not a document)"),
}


class UploadRefused(ValueError):
    """The file is not accepted; the message is for the user."""


# --- names ------------------------------------------------------------------------------------

_INVISIBLE = {"Cc", "Cf", "Zl", "Zp"}  # controls, and format characters such as U+202E (RTL)


def display_name(name: str | None, default: str = "file") -> str:
    """The name shown and stored for an upload: no folders (either slash), no control or
    direction-override characters, no leading dots, at most 200 characters."""
    text = unicodedata.normalize("NFC", str(name or ""))
    text = text.replace("\\", "/").rsplit("/", 1)[-1]
    text = "".join(c for c in text if unicodedata.category(c) not in _INVISIBLE)
    text = text.strip().lstrip(".").strip()
    if len(text) > 200:
        stem, dot, ext = text.rpartition(".")
        text = (stem[: 200 - len(ext) - 1] + dot + ext) if dot and len(ext) <= 10 else text[:200]
    return text or default


# --- size and kind ----------------------------------------------------------------------------


def check_size(size: int | None, max_bytes: int) -> None:
    if not size:
        raise UploadRefused(_("The file is empty."))
    if size > max_bytes:
        raise UploadRefused(
            _("The file is larger than %(mb)d MB.") % {"mb": max(1, max_bytes // MiB)}
        )


def _megabytes(n: int) -> str:
    return f"{n / MiB:.0f}" if n >= MiB else f"{n / MiB:.2f}"


def sniff_kind(data: bytes) -> str:
    """What the bytes are, whatever the name says."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(OLE2):
        return "ole2"
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        try:
            with zipfile.ZipFile(BytesIO(data)) as archive:
                names = set(archive.namelist())
                if "xl/workbook.xml" in names or "xl/workbook.bin" in names:
                    return "xlsx"
                if "word/document.xml" in names:
                    return "docx"
                if "mimetype" in names:
                    info = archive.getinfo("mimetype")
                    if info.file_size < 200 and archive.read("mimetype").strip() == ODS_MIMETYPE:
                        return "ods"
        except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, NotImplementedError):
            return "binary"
        return "zip"
    if b"\x00" in data[:65536]:
        return "binary"
    return "text"


def _wrong_kind(actual: str, expected: str) -> UploadRefused:
    if actual == "ole2" and expected in ("xlsx", "docx"):
        return UploadRefused(
            _(
                "The file is an older Office file (.xls/.doc) or is protected with a password. "
                "Remove the password or save it again as %(expected)s and upload it again."
            )
            % {"expected": KIND_LABELS[expected]}
        )
    return UploadRefused(
        _(
            "The file's content does not match its name: it is %(actual)s, not %(expected)s. "
            "Save it again as %(expected)s and upload it again."
        )
        % {"actual": KIND_LABELS.get(actual, actual), "expected": KIND_LABELS[expected]}
    )


# --- ZIP containers ---------------------------------------------------------------------------


@dataclass
class ZipReport:
    decompressed: int = 0
    members: int = 0
    facts: dict[str, Any] = field(default_factory=dict)


MemberScanner = Callable[[str, bytes, dict[str, Any]], None]
_DTD = (b"<!DOCTYPE", b"<!ENTITY", b"<!doctype", b"<!entity")


def check_zip(
    data: bytes,
    *,
    max_decompressed: int,
    scanners: dict[str, MemberScanner] | None = None,
) -> ZipReport:
    """Refuses a bomb before any parser opens the archive: too many members, a member that
    claims or turns out to expand beyond `max_decompressed` (all members together) or beyond
    MAX_RATIO, encryption, and any DOCTYPE/ENTITY declaration in an XML member. `scanners` maps a
    member-name prefix to a function that sees the member's decompressed chunks."""
    report = ZipReport()
    try:
        archive = zipfile.ZipFile(BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, NotImplementedError) as exc:
        raise UploadRefused(_("The file is damaged and cannot be opened.")) from exc
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_MEMBERS:
            raise _bomb(max_decompressed)
        declared = sum(i.file_size for i in infos)
        if declared > max_decompressed:
            raise _bomb(max_decompressed)
        for info in infos:
            if info.flag_bits & 0x1:
                raise UploadRefused(
                    _(
                        "The file is protected with a password. Remove the password and upload it again."
                    )
                )
            if info.file_size > RATIO_FREE_BYTES and info.file_size > MAX_RATIO * max(
                info.compress_size, 1
            ):
                raise _bomb(max_decompressed)
        for info in infos:
            if info.is_dir():
                continue
            report.members += 1
            scanner = next(
                (fn for prefix, fn in (scanners or {}).items() if info.filename.startswith(prefix)),
                None,
            )
            report.decompressed += _stream_member(
                archive, info, max_decompressed - report.decompressed, scanner, report.facts
            )
    return report


def _bomb(limit: int) -> UploadRefused:
    return UploadRefused(
        _(
            "The file expands to more than %(mb)s MB when opened (a compressed bomb, or far "
            "larger than allowed); it was not read."
        )
        % {"mb": _megabytes(limit)}
    )


def _stream_member(
    archive: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    budget: int,
    scanner: MemberScanner | None,
    facts: dict[str, Any],
) -> int:
    """Decompresses one member in chunks. zipfile stops at the size the archive declares (already
    bounded above) and then checks the CRC, so a member that lies about its size is refused as
    damaged; the running total is checked against the budget as well."""
    is_xml = info.filename.lower().endswith((".xml", ".rels", ".vml"))
    total = 0
    tail = b""
    try:
        with archive.open(info) as member:
            while out := member.read(1 * MiB):
                total += len(out)
                if total > budget:
                    raise _bomb(budget)
                if is_xml:
                    window = tail + out
                    # One pass for the usual window with no "<!" at all, where every marker starts.
                    if b"<!" in window and any(marker in window for marker in _DTD):
                        raise UploadRefused(
                            _(
                                "The file contains XML declarations (DOCTYPE or ENTITY) that "
                                "office programs never write; it was not read."
                            )
                        )
                    tail = window[-16:]
                if scanner is not None:
                    scanner(info.filename, out, facts)
    except (zipfile.BadZipFile, zlib.error, NotImplementedError, EOFError, OSError) as exc:
        raise UploadRefused(_("The file is damaged and cannot be opened.")) from exc
    return total


# --- spreadsheets -----------------------------------------------------------------------------

# Cell and row references (`<c r="XFD1048576"`, `<row r="12"`) and the sheet's stated dimension.
# Only the references that can matter are parsed: columns of two or three letters (a template
# sheet has 25 columns, A to Y, and matches none) and rows of six digits or more; the plain search
# that finds none of them in an ordinary sheet runs at C speed.
# Each counts only after whitespace (`_after_space`): the patterns start with the literal `r="` so
# that the search skips ahead at C speed (a leading `\s` made it five times slower: 1.9 of the
# 2.7 s of CPU that checking a 100,000-row sheet took).
_WIDE = re.compile(rb'r="([A-Z]{2,3})[0-9]')
_DEEP = re.compile(rb'r="[A-Z]{0,3}([0-9]{6,9})"')
_SPACE = frozenset(b" \t\n\r\f\v")  # what \s matches in a bytes pattern


def _after_space(pattern: re.Pattern[bytes], window: bytes) -> list[bytes]:
    r"""The first group of each match of `pattern` right after whitespace: what
    `(\s + pattern).findall(window)` gives (a match holds no whitespace, so none hides another)."""
    return [
        m.group(1)
        for m in pattern.finditer(window)
        if m.start() and window[m.start() - 1] in _SPACE
    ]


_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="[^":]*:?([A-Z]{0,3})([0-9]{0,9})"')
_CELL_TAGS = (b"<c ", b"<c>")


def _column_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + (ch - 64)
    return n


def _scan_xlsx_sheet(name: str, chunk: bytes, facts: dict[str, Any]) -> None:
    """Collects a bound of the sheet's rectangle as its XML streams past. Chunks are cut
    anywhere: the tail of the previous chunk is searched again (maxima do not mind), while the
    tags are counted in the chunk alone."""
    window = facts.pop("_tail_" + name, b"") + chunk
    rows, cols = facts.get("rows", 0), facts.get("cols", 26 if b' r="' in window else 0)
    wide = _after_space(_WIDE, window)
    if wide:
        cols = max(cols, *(_column_number(m) for m in wide))
    deep = _after_space(_DEEP, window)
    if deep:
        rows = max(rows, *(int(m) for m in deep))
    elif b' r="' in window:
        rows = max(rows, 99_999)
    for letters, digits in _DIMENSION.findall(window):
        rows = max(rows, int(digits or 0))
        cols = max(cols, _column_number(letters) if letters else 0)
    facts["rows"], facts["cols"] = rows, cols
    # Cells without a reference are placed one after another: count them all as a bound.
    facts["cell_tags"] = facts.get("cell_tags", 0) + sum(chunk.count(t) for t in _CELL_TAGS)
    facts["row_tags"] = facts.get("row_tags", 0) + chunk.count(b"<row")
    facts["refs"] = facts.get("refs", 0) + chunk.count(b' r="')
    facts["_tail_" + name] = window[-40:]


@dataclass
class SheetCheck:
    kind: str  # xlsx, xls, ods or csv
    rows: int = 0
    columns: int = 0
    decompressed: int = 0


def check_spreadsheet(data: bytes, name: str, *, max_bytes: int) -> SheetCheck:
    """The checks an uploaded residents sheet passes before any reader opens it."""
    check_size(len(data), max_bytes)
    ext = name.lower().rpartition(".")[2]
    if ext not in ("xlsx", "xls", "ods", "csv"):
        raise UploadRefused(_("Upload an Excel (.xlsx) or CSV file."))
    actual = sniff_kind(data)
    expected = ext
    if ext == "xls" and actual == "ole2":
        return SheetCheck(kind="xls")  # its size is bounded by the reader's memory limit
    if ext == "csv":
        if actual != "text":
            raise _wrong_kind(actual, "csv")
        return SheetCheck(kind="csv")
    if actual != expected:
        raise _wrong_kind(actual, expected)
    if ext == "ods":
        report = check_zip(data, max_decompressed=SPREADSHEET_MAX_DECOMPRESSED)
        return SheetCheck(kind="ods", decompressed=report.decompressed)
    report = check_zip(
        data,
        max_decompressed=SPREADSHEET_MAX_DECOMPRESSED,
        scanners={"xl/worksheets/": _scan_xlsx_sheet},
    )
    facts = report.facts
    rows = max(facts.get("rows", 0), facts.get("row_tags", 0))
    cols = facts.get("cols", 0)
    unreferenced = facts.get("cell_tags", 0) + facts.get("row_tags", 0) - facts.get("refs", 0)
    if unreferenced > 0:
        cols = max(cols, unreferenced)
    check_sheet_size(rows, cols)
    return SheetCheck(kind="xlsx", rows=rows, columns=cols, decompressed=report.decompressed)


def check_sheet_size(rows: int, cols: int) -> None:
    hint = _("Delete the empty rows and columns after the data, or split the file.")
    if cols > SHEET_MAX_COLUMNS:
        raise UploadRefused(
            _("The sheet has cells up to column %(letters)s; at most %(max)s columns are read.")
            % {"letters": column_letters(cols), "max": f"{SHEET_MAX_COLUMNS:,}"}
            + " "
            + hint
        )
    if rows > SHEET_MAX_ROWS:
        raise UploadRefused(
            _("The sheet has cells down to row %(rows)s; at most %(max)s rows are read.")
            % {"rows": f"{rows:,}", "max": f"{SHEET_MAX_ROWS:,}"}
            + " "
            + hint
        )
    if rows * cols > SHEET_MAX_CELLS:
        raise UploadRefused(
            _("The sheet spans %(rows)s rows by %(cols)s columns; at most %(max)s cells are read.")
            % {"rows": f"{rows:,}", "cols": f"{cols:,}", "max": f"{SHEET_MAX_CELLS:,}"}
            + " "
            + hint
        )


def column_letters(n: int) -> str:
    out = ""
    while n > 0:
        n, rem = divmod(n - 1, 26)
        out = chr(65 + rem) + out
    return out


# --- text -------------------------------------------------------------------------------------


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with a BOM, or Thai Windows-874 / TIS-620 (still what
    Excel writes for "CSV" on Thai Windows). Anything else is refused rather than garbled."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    else:
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                return data.decode("cp874")
            except UnicodeDecodeError:
                pass
    raise UploadRefused(
        _(
            "The text is neither UTF-8 nor Thai (TIS-620 / Windows-874). Save the file as "
            '"CSV UTF-8" and upload it again.'
        )
    )


# --- documents (attachments, letters) ---------------------------------------------------------

# Names that make a PDF act when opened, as written in its dictionaries. A name may hide its
# letters as #xx escapes: they are undone before the search.
_PDF_ACTIVE = re.compile(
    rb"/(JavaScript|JS|Launch|EmbeddedFiles?|RichMedia|XFA|OpenAction|AA|SubmitForm|ImportData|GoToE)\b"
)
_PDF_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
# /OpenAction and /AA are harmless when they only go to a page; refused only with an action kind.
_PDF_SCRIPTED = {b"JavaScript", b"JS", b"Launch", b"EmbeddedFile", b"EmbeddedFiles", b"RichMedia"}
_PDF_SCRIPTED |= {b"XFA", b"SubmitForm", b"ImportData", b"GoToE"}


def check_pdf(data: bytes) -> None:
    """Refuses a PDF that carries scripts, launch actions, embedded files or forms that submit,
    in its plain dictionaries or in its compressed object streams."""
    for chunk in _pdf_dictionaries(data):
        text = _PDF_NAME_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), chunk)
        found = {m.group(1) for m in _PDF_ACTIVE.finditer(text)}
        if found & _PDF_SCRIPTED:
            raise UploadRefused(
                _("The PDF contains scripts, actions or embedded files; it was not accepted.")
            )


_PDF_STREAM = re.compile(rb"/Type\s*/ObjStm.*?stream\r?\n", re.S)


def _pdf_dictionaries(data: bytes):
    """The raw file, then the decompressed object streams (where dictionaries can hide), each
    inflated with a cap."""
    yield data
    budget = DOCUMENT_MAX_DECOMPRESSED
    for match in _PDF_STREAM.finditer(data):
        start = match.end()
        end = data.find(b"endstream", start)
        if end < 0:
            continue
        inflater = zlib.decompressobj()
        try:
            out = inflater.decompress(data[start:end], budget + 1)
        except zlib.error:
            continue
        budget -= len(out)
        if budget < 0:
            raise _bomb(DOCUMENT_MAX_DECOMPRESSED)
        yield out


def check_docx(data: bytes, *, max_decompressed: int = DOCUMENT_MAX_DECOMPRESSED) -> None:
    actual = sniff_kind(data)
    if actual != "docx":
        raise _wrong_kind(actual, "docx")
    check_zip(data, max_decompressed=max_decompressed)


def check_document(data: bytes, content_type: str) -> None:
    """The deep checks of an attachment or letter whose type was already sniffed."""
    if content_type == "application/pdf":
        check_pdf(data)
    elif content_type.endswith("wordprocessingml.document"):
        check_docx(data)


# --- pictures ---------------------------------------------------------------------------------

# A phone photo is 12-50 megapixels; 40 is what the tip form has allowed since it re-encodes them.
IMAGE_MAX_PIXELS = 40_000_000


def check_image(data: bytes) -> None:
    """Reads only the picture's header (Pillow decodes no pixel here) and refuses a picture that
    claims more pixels than any photo: decoding it, here or in a viewer's browser, would need
    gigabytes (a decompression bomb)."""
    import warnings

    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(BytesIO(data)) as image:
                width, height = image.size
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        width = height = IMAGE_MAX_PIXELS  # over the limit by definition
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as exc:
        raise UploadRefused(_("The picture is damaged and cannot be opened.")) from exc
    if width * height > IMAGE_MAX_PIXELS:
        raise UploadRefused(
            _("The picture is too large: at most %(mp)d megapixels are accepted.")
            % {"mp": IMAGE_MAX_PIXELS // 1_000_000}
        )


# --- attachments and letters: the name against the content -------------------------------------

# The extensions each accepted content may carry. A name whose extension belongs to another kind
# (a PDF named photo.jpg, a page named .png, a program named .pdf.exe) is refused; a name without
# an extension, or with one that names no file kind (scan.2567), is accepted as it is.
ATTACHMENT_EXTENSIONS = {
    "application/pdf": {"pdf"},
    "image/png": {"png"},
    "image/jpeg": {"jpg", "jpeg", "jpe", "jfif"},
    "image/gif": {"gif"},
    "image/webp": {"webp"},
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": {"docx"},
}
_KNOWN_EXTENSIONS = set().union(*ATTACHMENT_EXTENSIONS.values()) | {
    *("txt", "doc", "rtf", "odt", "xls", "xlsx", "xlsm", "ods", "csv", "ppt", "pptx"),
    *("html", "htm", "xhtml", "svg", "xml", "js", "mjs", "php", "heic", "tif", "tiff", "bmp"),
    *("exe", "com", "bat", "cmd", "sh", "ps1", "vbs", "scr", "msi", "jar", "apk", "dll", "lnk"),
    *("zip", "rar", "7z", "gz", "tar", "iso"),
}
_CONTENT_LABELS = {
    "application/pdf": "PDF",
    "image/png": "PNG",
    "image/jpeg": "JPEG",
    "image/gif": "GIF",
    "image/webp": "WebP",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word (.docx)",
}


def extension(name: str) -> str:
    stem, dot, ext = display_name(name, "").rpartition(".")
    return ext.lower() if dot and stem else ""


def check_attachment(data: bytes, name: str, content_type: str, *, max_bytes: int) -> str:
    """The checks of an attachment whose type was already sniffed from its bytes; returns the
    name to show and store (`display_name`)."""
    check_size(len(data), max_bytes)
    ext = extension(name)
    if ext in _KNOWN_EXTENSIONS and ext not in ATTACHMENT_EXTENSIONS.get(content_type, ()):
        raise UploadRefused(
            _(
                "The file's content does not match its name: it is %(actual)s, not .%(ext)s. "
                "Rename it or save it again and upload it again."
            )
            % {"actual": _CONTENT_LABELS.get(content_type, content_type), "ext": ext}
        )
    if content_type.startswith("image/"):
        check_image(data)
    else:
        check_document(data, content_type)
    return display_name(name)


LETTER_KINDS = {"pdf": "pdf", "docx": "docx", "txt": "text", "": None}


def check_letter(data: bytes, name: str, *, max_bytes: int) -> str:
    """A directive letter (plain text, PDF with a text layer or Word .docx): size, content
    against the name, and the document checks. Returns the kind: pdf, docx or text."""
    check_size(len(data), max_bytes)
    ext = extension(name)
    if ext not in LETTER_KINDS:
        raise UploadRefused(_("Upload the letter as a PDF, Word (.docx) or plain text file."))
    actual = sniff_kind(data)
    expected = LETTER_KINDS[ext] or (actual if actual in ("pdf", "docx") else "text")
    if actual != expected:
        raise _wrong_kind(actual, expected)
    if expected == "pdf":
        check_pdf(data)
    elif expected == "docx":
        check_docx(data)
    else:
        decode_text(data)
    return expected
