"""Reading Thai official letters (หนังสือราชการ) into the fields of the letters contract.

Pure library, no Django: `parse_letter(text)` returns a `ParsedLetter`; `text_from_file(...)`
turns an uploaded plain-text, PDF (text layer) or DOCX file into the text it parses. The field
conventions are those of shared/data/letters/README.md.
"""

from sodsong.directives.letters.extract import (
    LetterFileTooLarge,
    UnsupportedLetterFile,
    text_from_file,
)
from sodsong.directives.letters.fields import Attachment, Directive, ParsedLetter
from sodsong.directives.letters.parser import MAX_LETTER_CHARS, LetterTooLong, parse_letter

__all__ = [
    "MAX_LETTER_CHARS",
    "Attachment",
    "Directive",
    "LetterFileTooLarge",
    "LetterTooLong",
    "ParsedLetter",
    "UnsupportedLetterFile",
    "parse_letter",
    "text_from_file",
]
