"""`sodsong parse-letter FILE [--json]`: read an official letter (text, PDF, DOCX) into its fields."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from sodsong.directives.deadlines import describe, describe_date_text
from sodsong.directives.letters import (
    LetterTooLong,
    ParsedLetter,
    UnsupportedLetterFile,
    parse_letter,
    text_from_file,
)
from sodsong.directives.letters.notes import describe_note

KIND_TH = {
    "external": "หนังสือภายนอก",
    "memo": "บันทึกข้อความ",
    "order": "คำสั่ง",
    "stamped": "หนังสือประทับตรา",
}


class Command(BaseCommand):
    help = (
        "Parses an official Thai letter (plain text, PDF with a text layer, or DOCX) and prints "
        "its fields: one JSON object with --json, otherwise a readable Thai summary."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "file", help="the letter: .txt, .pdf or .docx ('-' reads text from stdin)"
        )
        parser.add_argument("--json", action="store_true", help="print one JSON object")
        parser.add_argument(
            "--content-type", default=None, help="MIME type or extension when the name has none"
        )

    def handle(self, *args, **options):
        path = options["file"]
        try:
            if path == "-":
                import sys

                text = sys.stdin.read()
            else:
                text = text_from_file(path, options["content_type"])
        except FileNotFoundError as exc:
            raise CommandError(f"no such file: {path}") from exc
        except UnsupportedLetterFile as exc:
            raise CommandError(str(exc)) from exc
        try:
            letter = parse_letter(text)
        except LetterTooLong as exc:
            raise CommandError(str(exc)) from exc
        if options["json"]:
            self.stdout.write(letter.to_json())
        else:
            self.stdout.write(summary(letter))


def summary(letter: ParsedLetter) -> str:
    def row(label: str, value: object) -> str | None:
        if value in (None, "", [], False):
            return None
        return f"{label}: {value}"

    date = (describe_date_text(letter.date) if letter.date else None) or (
        "ไม่ระบุวันที่ (" + letter.date_be_text + ")" if letter.date_be_text else None
    )
    lines = [
        row("ประเภท", KIND_TH.get(letter.kind, letter.kind)),
        row("ชั้นความเร็ว", letter.urgency),
        row("ด่วนภายใน", describe_date_text(letter.urgent_by or "")),
        row("ชั้นความลับ", letter.secrecy),
        row(
            "ที่",
            f"{letter.number}{' (หนังสือเวียน)' if letter.circular else ''}"
            if letter.number
            else None,
        ),
        row("ลงวันที่", f"{letter.date_be_text} ({date})" if letter.date else date),
        row("ส่วนราชการเจ้าของหนังสือ", letter.from_unit),
        row("เรื่อง", letter.subject),
        row("เรียน/ถึง", letter.to),
    ]
    for index, reference in enumerate(letter.references, 1):
        lines.append(f"อ้างถึง {index}: {reference}")
    for index, attachment in enumerate(letter.attachments, 1):
        count = (
            f" จำนวน {attachment.count} {attachment.unit or ''}".rstrip()
            if attachment.count
            else ""
        )
        lines.append(f"สิ่งที่ส่งมาด้วย {index}: {attachment.text}{count}")
    if letter.directives:
        lines.append(f"ข้อสั่งการ {len(letter.directives)} ข้อ:")
        for directive in letter.directives:
            extras = []
            if directive.actors:
                extras.append("ผู้ปฏิบัติ " + ", ".join(directive.actors))
            if directive.deadline:
                extras.append("กำหนด " + describe(directive.deadline))
            if directive.report_back:
                extras.append("ต้องรายงานผล")
            tail = f" [{'; '.join(extras)}]" if extras else ""
            lines.append(f"  ข้อ {directive.ref or '-'} {directive.text}{tail}")
    else:
        lines.append("ไม่มีข้อสั่งการ")
    lines += [
        row("ยศ", letter.signatory_rank),
        row("ลงนาม", letter.signatory_name),
        row("ตำแหน่ง", letter.signatory_position),
        row("ปฏิบัติราชการแทน", letter.acting_for),
        row("ส่วนราชการเจ้าของเรื่อง", letter.contact_unit),
        row("โทร.", letter.phone),
        row("ไปรษณีย์อิเล็กทรอนิกส์", letter.email),
    ]
    for note in letter.inconsistencies:
        lines.append(f"ข้อสังเกต: {describe_note(note)}")
    return "\n".join(line for line in lines if line)
