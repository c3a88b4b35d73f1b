"""Identifiers pulled from Thai free text (phones, bank accounts, PromptPay, IDs, LINE IDs, URLs,
handles, amounts, dates), each with its span. Pure functions, no Django.

Interface (stable; other modules import it):
    extract_identifiers(text) -> list[Found]   one entry per span, the most specific type only

Values:
    phone         E.164 (`+66812345678`, `+85512345678`); hotlines / short codes as bare digits
                  (`1441`). Thai numbers need the leading 0 (or +66 / 0066); foreign numbers need
                  `+` or an international prefix (00, 001, 007, 008, 009). Validated with
                  phonenumbers (libphonenumber metadata).
    bank_account  `BANK:digits` (`KBANK:1234567890`); BANK is the nearest bank named before the
                  number (or just after it), else UNKNOWN. A number is an account when an account
                  word (บัญชี, บช., เลขบัญชี, account, a/c) or a bank name is its nearest context,
                  or when it is written in a bank's digit grouping (xxx-x-xxxxx-x …).
    promptpay     `PP:` + E.164 phone, 13-digit ID or 15-digit e-wallet ID, when the nearest
                  context word is พร้อมเพย์ / PromptPay.
    thai_id       13 digits with a valid mod-11 checksum, first digit 0–8 (sodsong.thai.ids).
    line_id       lower case, `@` of official accounts kept; only after a LINE word (ไลน์,
                  ไอดีไลน์, Line ID:, แอดไลน์ …). A LINE ID that is a valid phone number is a phone.
    url           scheme and host lower case, path as written, trailing punctuation dropped.
                  Without a scheme, a host is taken only when it clearly is one: `www.` in front or
                  a known top-level domain at its end (bit.ly/x, u82a.com, shopee.co.th/…); it then
                  gets `http://`. E-mail addresses are not URLs (nor handles).
    handle        `@name` lower case (social platforms compare handles case-insensitively); also
                  `IG: name` / `TikTok: name` → `@name`.
    amount        baht as a plain decimal string (sodsong.thai.amounts).
    date          ISO Gregorian. Years above 2400 are B.E.; two-digit years 50–99 are B.E. (25xx),
                  00–49 are C.E. (20xx), so `15 มิ.ย. 67` → 2024-06-15 and `27/07/22` → 2022-07-27.
                  A day and month without a year is not a date (no year to give).

Decoys are not extracted: numbers whose nearest context word is OTP / รหัส / ref / tracking /
เลขพัสดุ / order / คำสั่งซื้อ / บ้านเลขที่ …, numbers glued to letters (`NABB630515123`, `3P_7831`),
USSD codes (`*948*1111#`), times, and 13-digit numbers with a bad checksum.
Thai digits (๐–๙) are read everywhere; spans are offsets into the text as given.

The finders, one module per kind: `context` (the words around a number: banks, account and
decoy words), `numbers` (phones, accounts, PromptPay, IDs), `online` (URLs, e-mail, LINE IDs,
handles), `dates`; `extract` puts their candidates together.
"""

from sodsong.thai.identifiers.extract import extract_identifiers
from sodsong.thai.identifiers.found import TYPES, Found

__all__ = ["TYPES", "Found", "extract_identifiers"]
