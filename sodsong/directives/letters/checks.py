"""Where a parsed letter contradicts itself (notes for the reader, not errors): the provinces
named in the header and the signature, the number's issuer code, the postcode, a circular
without ว, deadlines before the letter's date."""

from __future__ import annotations

import datetime as dt
import re

from sodsong.directives.letters.fields import ParsedLetter
from sodsong.directives.letters.places import PROVINCES, postcode_provinces, province_codes
from sodsong.thai.digits import to_arabic_digits


def consistency_notes(out: ParsedLetter, body: str) -> list[str]:
    """Notes where the letter contradicts itself: provinces of header and signature, the
    number's issuer code, the postcode, a circular without ว, deadlines before the date."""
    notes: list[str] = []
    header = " ".join(filter(None, [out.from_unit, out.subject if out.kind == "order" else None]))
    signature = " ".join(filter(None, [out.signatory_position]))
    header_provinces = _provinces(header)
    signature_provinces = _provinces(signature)
    if header_provinces and signature_provinces and not header_provinces & signature_provinces:
        notes.append(
            "province_mismatch: header "
            + ", ".join(sorted(header_provinces))
            + "; signature "
            + ", ".join(sorted(signature_provinces))
        )
    if out.issuer_code:
        code = out.issuer_code.split()[0]
        named = header_provinces | signature_provinces
        expected = province_codes().get(code)
        if expected and named and expected not in named:
            notes.append(f"number_code_mismatch: {code} is {expected}")
    if out.from_unit:
        postcode = re.search(r"(?<!\d)(\d{5})\s*$", to_arabic_digits(out.from_unit))
        named = header_provinces | signature_provinces
        owners = postcode_provinces(postcode.group(1)) if postcode else ()
        if postcode and owners and named and not named & set(owners):
            notes.append(f"postcode_mismatch: {postcode.group(1)} is {owners[0]}")
    circular_words = re.search(r"หนังสือเวียน|เวียนแจ้ง", body)
    if out.number and not out.circular and out.kind != "order" and circular_words:
        notes.append(f"circular_without_wa: {out.number}")
    if out.date:
        letter_date = dt.date.fromisoformat(out.date)
        for directive in out.directives:
            value = directive.deadline or ""
            if re.fullmatch(r"\d{4}-\d{2}-\d{2}(?:T.*)?", value) and (
                dt.date.fromisoformat(value[:10]) < letter_date
            ):
                notes.append(
                    f"deadline_before_date: item {directive.ref or '-'} {value} < {out.date}"
                )
        if out.urgent_by and dt.date.fromisoformat(out.urgent_by[:10]) < letter_date:
            notes.append(f"deadline_before_date: urgent_by {out.urgent_by} < {out.date}")
    return notes


def _provinces(text: str) -> set[str]:
    found = set()
    for name in PROVINCES:
        if name in text:
            found.add(name)
    # "นครพนม" contains no other name, but "สกลนคร" vs "นครพนม" etc. are distinct strings already.
    return found
