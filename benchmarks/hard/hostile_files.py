"""Hostile files, made from scratch in memory (no binary blobs in the repository), for every upload
and parser: the residents import (XLSX/XLS/ODS/CSV), attachments (pictures, PDF, DOCX) and
directive letters (TXT/PDF/DOCX). Issue #12 "hostile files", #17 H5.

Each generator returns bytes; `SHEETS`, `DOCUMENTS` and `PICTURES` list (case, file name, bytes
factory) for the parametrised tests (tests/hard/test_hostile_files.py) and for
`scripts/check-hard hostile` (benchmarks/hard/hostile.py), which also reports the peak memory.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Callable
from xml.sax.saxutils import escape

# --- XLSX made by hand: every byte of the XML is ours to bend --------------------------------

_CT = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="residents" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    "</Relationships>"
)
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def column_letters(n: int) -> str:
    out = ""
    while n:
        n, rem = divmod(n - 1, 26)
        out = chr(65 + rem) + out
    return out


def sheet_xml(
    rows: list[list[str]],
    *,
    extra: str = "",
    dimension: str | None = None,
    prolog: str = "",
    after_data: str = "",
    formulas: dict[str, str] | None = None,
) -> str:
    body = []
    for r, row in enumerate(rows, start=1):
        cells = []
        for c, value in enumerate(row, start=1):
            ref = f"{column_letters(c)}{r}"
            if formulas and ref in formulas:
                cells.append(
                    f'<c r="{ref}" t="str"><f>{escape(formulas[ref])}</f><v>{escape(value)}</v></c>'
                )
            elif value != "":
                cells.append(f'<c r="{ref}" t="inlineStr"><is><t>{escape(value)}</t></is></c>')
        body.append(f'<row r="{r}">{"".join(cells)}</row>')
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{prolog}'
        f"<worksheet {NS}>{dim}<sheetData>{''.join(body)}{extra}</sheetData>{after_data}</worksheet>"
    )


def xlsx(sheet: str, *, members: dict[str, bytes] | None = None, level: int = 6) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as z:
        z.writestr("[Content_Types].xml", _CT)
        z.writestr("_rels/.rels", _RELS)
        z.writestr("xl/workbook.xml", _WORKBOOK)
        z.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        z.writestr("xl/worksheets/sheet1.xml", sheet)
        for name, data in (members or {}).items():
            z.writestr(name, data)
    return out.getvalue()


def residents_rows(village: str = "47010101", n: int = 2) -> list[list[str]]:
    """The template's header and `n` plausible rows (the hostile parts are added around them)."""
    from sodsong.survey.importing.template import COLUMNS, KEYS

    header = [h for _k, h in COLUMNS]
    rows = [header]
    for i in range(n):
        values = {
            "village_code": village,
            "house_no": "7",
            "given_name_latin": "Min",
            "family_name_latin": "Thu",
            "sex": "ชาย",
            "birth_date": "1990",
            "nationality": "MMR",
            "doc_type": "หนังสือเดินทาง",
            "doc_state": "MMR",
            "doc_number": f"MH{i:06d}",
            "status": "อาศัยอยู่",
        }
        rows.append([values.get(k, "") for k in KEYS])
    return rows


# --- the spreadsheet attacks ------------------------------------------------------------------


def far_cell(village: str = "47010101") -> bytes:
    """#17 H5: one cell at XFD1048576 (6 KB; a 512 GiB rectangle in the reader)."""
    extra = '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
    return xlsx(sheet_xml(residents_rows(village), extra=extra))


def far_dimension(village: str = "47010101") -> bytes:
    """A sheet whose stated dimension is the whole grid."""
    return xlsx(sheet_xml(residents_rows(village), dimension="A1:XFD1048576"))


def unreferenced_cells(village: str = "47010101") -> bytes:
    """Cells with no `r`, placed one after another: 20,000 columns in one row."""
    extra = '<row r="3">' + "<c><v>1</v></c>" * 20_000 + "</row>"
    return xlsx(sheet_xml(residents_rows(village), extra=extra), level=9)


def _deflated_repeats(block: bytes, times: int) -> tuple[bytes, int, int]:
    """(raw deflate stream, crc32, size) of `block` repeated `times` times, compressed once: a
    full flush resets the compressor, so the compressed block can simply be repeated."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    once = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    crc = 0
    for _ in range(times):
        crc = zlib.crc32(block, crc)
    final = zlib.compressobj(9, zlib.DEFLATED, -15).flush(zlib.Z_FINISH)
    return once * times + final, crc, len(block) * times


def _raw_zip(members: list[tuple[str, bytes]], bomb: tuple[str, bytes, int, int]) -> bytes:
    """A ZIP whose last member is given already compressed (name, raw deflate, crc, size)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members:
            z.writestr(name, data)
    # Rebuild by hand: the members zipfile wrote, then the bomb, then a new central directory.
    archive = zipfile.ZipFile(io.BytesIO(out.getvalue()))
    body = io.BytesIO()
    central = []
    for info in archive.infolist():
        raw = out.getvalue()[info.header_offset :]
        local_len = 30 + int.from_bytes(raw[26:28], "little") + int.from_bytes(raw[28:30], "little")
        offset = body.tell()
        body.write(raw[: local_len + info.compress_size])
        central.append(
            (info.filename.encode(), info.CRC, info.compress_size, info.file_size, offset)
        )
    name, data, crc, size = bomb
    offset = body.tell()
    body.write(
        struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0, crc, len(data), size, len(name), 0)
        + name.encode()
        + data
    )
    central.append((name.encode(), crc, len(data), size, offset))
    start = body.tell()
    for fname, fcrc, csize, usize, foffset in central:
        body.write(
            struct.pack(
                "<IHHHHHHIIIHHHHHII",
                0x02014B50,
                20,
                20,
                0,
                8,
                0,
                0,
                fcrc,
                csize,
                usize,
                len(fname),
                0,
                0,
                0,
                0,
                0,
                foffset,
            )
            + fname
        )
    end = body.tell()
    body.write(
        struct.pack(
            "<IHHHHIIH", 0x06054B50, 0, 0, len(central), len(central), end - start, start, 0
        )
    )
    return body.getvalue()


def zip_bomb_xlsx() -> bytes:
    """A sheet that inflates to 1.1 GiB of spaces (about 1 MB zipped)."""
    data, crc, size = _deflated_repeats(b" " * (16 * 1024 * 1024), 70)
    return _raw_zip(
        [
            ("[Content_Types].xml", _CT.encode()),
            ("_rels/.rels", _RELS.encode()),
            ("xl/workbook.xml", _WORKBOOK.encode()),
            ("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS.encode()),
        ],
        ("xl/worksheets/sheet1.xml", data, crc, size),
    )


def lying_sizes_xlsx() -> bytes:
    """A bomb whose central directory claims small sizes: the real bytes are counted."""
    return _patch_sizes(zip_bomb_xlsx())


def _patch_sizes(data: bytes) -> bytes:
    """Every uncompressed size the central directory states set to 1,000 bytes."""
    out = bytearray(data)
    pos = 0
    while (pos := out.find(b"PK\x01\x02", pos)) >= 0:
        out[pos + 24 : pos + 28] = (1000).to_bytes(4, "little")
        pos += 46
    return bytes(out)


def entity_expansion_xlsx(village: str = "47010101") -> bytes:
    """Billion laughs in the sheet's prolog."""
    prolog = (
        '<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa">'
        + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(9))
        + "]>"
    )
    rows = residents_rows(village)
    rows[1][2] = "&j;"
    xml = sheet_xml(rows, prolog=prolog).replace("&amp;j;", "&j;")
    return xlsx(xml)


def external_entity_xlsx(village: str = "47010101") -> bytes:
    prolog = '<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    xml = sheet_xml(residents_rows(village), prolog=prolog)
    return xlsx(xml.replace("<t>Min</t>", "<t>&xxe;</t>", 1))


def merged_cells_xlsx(village: str = "47010101") -> bytes:
    """The header merged over two rows and data cells merged across rows: only the top-left cell
    of a merge holds a value, the others are empty."""
    rows = residents_rows(village, n=3)
    rows[3][0] = ""  # the village of row 3 is the merged cell above it
    merges = '<mergeCells count="2"><mergeCell ref="A2:A3"/><mergeCell ref="C1:D1"/></mergeCells>'
    return xlsx(sheet_xml(rows, after_data=merges))


def formulas_xlsx(village: str = "47010101") -> bytes:
    """Formulas (with cached values) in name cells, and text that looks like one."""
    rows = residents_rows(village)
    rows[1][2] = '=HYPERLINK("http://evil.example/","click")'
    rows[2][3] = "@SUM(1+1)*cmd|' /C calc'!A0"
    return xlsx(sheet_xml(rows, formulas={"E2": 'CONCATENATE("a","b")'}))


_ODS_MANIFEST = (
    '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
    'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
    '<manifest:file-entry manifest:full-path="/" '
    'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
    '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
    "</manifest:manifest>"
)


def ods_bytes() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr(
            "content.xml",
            '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
            'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
            'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
            'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body>'
            '<office:spreadsheet><table:table table:name="a"><table:table-row>'
            "<table:table-cell><text:p>x</text:p></table:table-cell>"
            "</table:table-row></table:table></office:spreadsheet></office:body>"
            "</office:document-content>",
        )
        z.writestr("META-INF/manifest.xml", _ODS_MANIFEST)
    return out.getvalue()


def ods_repeat_bomb(rows: int = 100_000, columns: int = 1_000) -> bytes:
    """An ODS whose one valued cell is repeated over `rows` × `columns` (100 million cells: the
    reader needs gigabytes; python-calamine itself refuses the whole grid, 1,048,576 × 16,384)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr(
            "content.xml",
            '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
            'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
            'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
            'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body>'
            '<office:spreadsheet><table:table table:name="a">'
            f'<table:table-row table:number-rows-repeated="{rows}">'
            f'<table:table-cell table:number-columns-repeated="{columns}" '
            'office:value-type="string">'
            "<text:p>x</text:p></table:table-cell>"
            "</table:table-row></table:table></office:spreadsheet></office:body>"
            "</office:document-content>",
        )
        z.writestr("META-INF/manifest.xml", _ODS_MANIFEST)
    return out.getvalue()


def xls_bytes() -> bytes:
    """The first bytes of an OLE2 compound file (what .xls and encrypted .xlsx are)."""
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504


def csv_bytes(village: str = "47010101", encoding: str = "utf-8-sig") -> bytes:
    import csv

    out = io.StringIO()
    rows = residents_rows(village)
    rows[1][4] = "สมชาย"
    rows[1][5] = "ใจดี"
    csv.writer(out).writerows(rows)
    return out.getvalue().encode(encoding)


def csv_formula_injection(village: str = "47010101") -> bytes:
    import csv

    out = io.StringIO()
    rows = residents_rows(village)
    rows[1][2] = "=cmd|' /C calc'!A0"
    rows[2][2] = "+SUM(A1:A9)"
    csv.writer(out).writerows(rows)
    return out.getvalue().encode("utf-8")


def csv_not_text() -> bytes:
    return b"\x00\x01\x02binary\x00" * 100


def csv_wide_line() -> bytes:
    return b"," * 2_000_000 + b"\n"


# --- documents: DOCX and PDF ------------------------------------------------------------------

_DOCX_CT = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)
_DOCX_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
    "</Relationships>"
)
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def docx(body: str = "", *, prolog: str = "") -> bytes:
    paragraphs = body or "<w:p><w:r><w:t>ที่ มท 0309/ว 123 เรื่อง ทดสอบ</w:t></w:r></w:p>"
    xml = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{prolog}'
        f"<w:document {W}><w:body>{paragraphs}</w:body></w:document>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", _DOCX_CT)
        z.writestr("_rels/.rels", _DOCX_RELS)
        z.writestr("word/document.xml", xml)
    return out.getvalue()


def docx_entity_expansion() -> bytes:
    prolog = (
        '<!DOCTYPE w:document [<!ENTITY a "aaaaaaaaaa">'
        + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(9))
        + "]>"
    )
    return docx("<w:p><w:r><w:t>&j;</w:t></w:r></w:p>", prolog=prolog)


def docx_bomb() -> bytes:
    """A letter with a 208 MiB member of zeros (about 200 KB zipped)."""
    data, crc, size = _deflated_repeats(b"\x00" * (16 * 1024 * 1024), 13)
    plain = zipfile.ZipFile(io.BytesIO(docx()))
    return _raw_zip(
        [(name, plain.read(name)) for name in plain.namelist()],
        ("word/media/padding.bin", data, crc, size),
    )


def pdf(extra_catalog: str = "", extra_objects: bytes = b"") -> bytes:
    """A one-page PDF with a text layer; `extra_catalog` goes into the catalogue dictionary."""
    content = b"BT /F1 12 Tf 72 720 Td (Letter test) Tj ET"
    objects = [
        f"<< /Type /Catalog /Pages 2 0 R {extra_catalog} >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        "/Resources << /Font << /F1 5 0 R >> >> >>",
        None,
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, obj in enumerate(objects, start=1):
        offsets.append(out.tell())
        if obj is None:
            out.write(
                f"{number} 0 obj << /Length {len(content)} >> stream\n".encode()
                + content
                + b"\nendstream endobj\n"
            )
        else:
            out.write(f"{number} 0 obj {obj} endobj\n".encode())
    if extra_objects:
        out.write(extra_objects)
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(
        f"trailer << /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return out.getvalue()


def pdf_javascript() -> bytes:
    return pdf("/OpenAction << /S /JavaScript /JS (app.alert('x')) >>")


def pdf_javascript_escaped() -> bytes:
    """The same, with the name's letters hidden as #xx escapes."""
    return pdf("/OpenAction << /S /J#61vaScript /JS (app.alert('x')) >>")


def _pdf_with_objstm() -> bytes:
    import zlib

    inner = zlib.compress(b"7 0 << /S /Launch /F (cmd.exe) >>")
    obj = (
        (
            f"6 0 obj << /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length {len(inner)} >>"
            " stream\n"
        ).encode()
        + inner
        + b"\nendstream endobj\n"
    )
    return pdf(extra_objects=obj)


def pdf_launch() -> bytes:
    return pdf("/OpenAction << /S /Launch /F (cmd.exe) >>")


def pdf_embedded_file() -> bytes:
    return pdf("/Names << /EmbeddedFiles << /Names [(x.exe) 6 0 R] >> >>")


def png(width: int = 8, height: int = 8) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 30)).save(out, format="PNG")
    return out.getvalue()


def png_pixel_bomb() -> bytes:
    """A PNG that claims 30,000 × 30,000 pixels (900 megapixels) in a few hundred bytes."""
    import struct
    import zlib

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body))
            + kind
            + body
            + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", 30_000, 30_000, 8, 2, 0, 0, 0)
    compressor = zlib.compressobj(9)
    row = b"\x00" + b"\x00" * (30_000 * 3)
    data = b"".join(compressor.compress(row) for _ in range(200)) + compressor.flush()
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")
    )


# --- the catalogue ----------------------------------------------------------------------------

Case = tuple[str, str, Callable[[], bytes]]

# (case, file name, bytes): every one must be refused with a Thai message and write nothing.
SHEETS: list[Case] = [
    ("far-cell-XFD1048576", "residents.xlsx", far_cell),
    ("far-dimension", "residents.xlsx", far_dimension),
    ("cells-without-reference", "residents.xlsx", unreferenced_cells),
    ("zip-bomb", "residents.xlsx", zip_bomb_xlsx),
    ("zip-bomb-lying-sizes", "residents.xlsx", lying_sizes_xlsx),
    ("entity-expansion", "residents.xlsx", entity_expansion_xlsx),
    ("external-entity", "residents.xlsx", external_entity_xlsx),
    ("xls-renamed-xlsx", "residents.xlsx", xls_bytes),
    ("ods-renamed-xlsx", "residents.xlsx", ods_bytes),
    ("xlsx-renamed-csv", "residents.csv", lambda: far_cell()),
    ("binary-renamed-csv", "residents.csv", csv_not_text),
    ("csv-too-wide", "residents.csv", csv_wide_line),
    ("ods-repeat-bomb", "residents.ods", ods_repeat_bomb),
    ("empty", "residents.xlsx", lambda: b""),
    ("not-a-spreadsheet", "residents.xlsx", lambda: b"hello, not a spreadsheet"),
    ("path-tricks-in-name", "..\\..\\..\\etc\\passwd\u202egpj.xlsx", far_cell),
]

# Documents for attachments and directive letters: refused.
DOCUMENTS: list[Case] = [
    ("pdf-javascript", "letter.pdf", pdf_javascript),
    ("pdf-javascript-escaped", "letter.pdf", pdf_javascript_escaped),
    ("pdf-launch-in-object-stream", "letter.pdf", _pdf_with_objstm),
    ("pdf-launch", "letter.pdf", pdf_launch),
    ("pdf-embedded-file", "letter.pdf", pdf_embedded_file),
    ("docx-entity-expansion", "letter.docx", docx_entity_expansion),
    ("docx-zip-bomb", "letter.docx", docx_bomb),
    ("zip-renamed-docx", "letter.docx", lambda: _plain_zip()),
    ("empty", "letter.pdf", lambda: b""),
]


def _plain_zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("evil.sh", "#!/bin/sh\n")
    return out.getvalue()


# --- letters and attachments (issue #12 hostile files, to every upload of a document) ---------

LETTER_MAX = 10 * 1024 * 1024  # sodsong.directives.services.MAX_LETTER_BYTES
ATTACHMENT_MAX = 10 * 1024 * 1024  # settings.ATTACHMENT_MAX_BYTES by default


def over_size_pdf(limit: int = ATTACHMENT_MAX) -> bytes:
    """A valid PDF padded past the limit with a comment (PDF ignores it)."""
    body = pdf()
    return body + b"%" + b"x" * (limit + 1 - len(body)) + b"\n"


def over_size_text(limit: int = LETTER_MAX) -> bytes:
    line = "ที่ มท 0309/ว 123 เรื่อง ทดสอบ\n".encode()
    return line * (limit // len(line) + 1)


def letter_text() -> bytes:
    return "ที่ มท 0309/ว 123\nเรื่อง ทดสอบการอ่านหนังสือ\nเรียน ผู้ว่าราชการจังหวัด\n".encode()


# Names that try to climb out of the folder, hide a NUL, run past any column or turn the text
# right to left (U+202E makes "evil\u202efdp.exe" read as "evilexe.pdf").
PATH_TRICK_NAMES = (
    "../../../../etc/passwd.pdf",
    "..\\..\\windows\\system32\\x.pdf",
    "a\x00b.pdf",
    "ก" * 600 + ".pdf",
    "evil\u202efdp.exe.pdf",
)

# Directive letters (TXT/PDF/DOCX): every one is refused with a Thai message, writes nothing.
LETTERS: list[Case] = [
    ("docx-zip-bomb", "letter.docx", docx_bomb),
    ("docx-entity-expansion", "letter.docx", docx_entity_expansion),
    ("empty", "letter.pdf", lambda: b""),
    ("over-size-limit", "letter.txt", over_size_text),
    ("pdf-javascript", "letter.pdf", pdf_javascript),
    ("pdf-javascript-escaped", "letter.pdf", pdf_javascript_escaped),
    ("pdf-launch", "letter.pdf", pdf_launch),
    ("pdf-launch-in-object-stream", "letter.pdf", _pdf_with_objstm),
    ("pdf-embedded-file", "letter.pdf", pdf_embedded_file),
    ("zip-renamed-docx", "letter.docx", _plain_zip),
    ("pdf-renamed-docx", "letter.docx", pdf),
    ("docx-renamed-pdf", "letter.pdf", docx),
    ("xls-renamed-docx", "letter.docx", xls_bytes),
    ("png-renamed-txt", "letter.txt", png),
    ("text-renamed-pdf", "letter.pdf", letter_text),
    ("exe-name", "letter.exe", letter_text),
    ("path-tricks-with-a-bomb", "../../etc/\u202excod.pdf", docx_bomb),
]

# Attachments (pictures, PDF, DOCX where a module takes letters): refused, nothing written.
ATTACHMENTS: list[Case] = [
    ("docx-zip-bomb", "letter.docx", docx_bomb),
    ("docx-entity-expansion", "letter.docx", docx_entity_expansion),
    ("empty", "photo.jpg", lambda: b""),
    ("over-size-limit", "scan.pdf", over_size_pdf),
    ("pdf-javascript", "scan.pdf", pdf_javascript),
    ("pdf-javascript-escaped", "scan.pdf", pdf_javascript_escaped),
    ("pdf-launch", "scan.pdf", pdf_launch),
    ("pdf-launch-in-object-stream", "scan.pdf", _pdf_with_objstm),
    ("pdf-embedded-file", "scan.pdf", pdf_embedded_file),
    ("pdf-renamed-jpg", "photo.jpg", pdf),
    ("png-renamed-pdf", "scan.pdf", png),
    ("html-renamed-png", "photo.png", lambda: b"<html><script>alert(1)</script></html>"),
    (
        "svg-with-script",
        "photo.svg",
        lambda: b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    ),
    ("png-pixel-bomb", "photo.png", png_pixel_bomb),
    ("path-tricks-with-a-script", "..\\..\\\u202egpj.pdf", pdf_javascript),
]


def case_bytes(catalogue: list[Case], case: str) -> tuple[str, bytes]:
    """(file name, bytes) of one case of a catalogue."""
    name, make = next((n, m) for c, n, m in catalogue if c == case)
    return name, make()
