"""Extraction noise: page-break artefacts, doubled characters and dropped tone marks.

Values the parser returns stay as printed ("exact" fields keep their damage); the repaired text
is only what the parser reasons on (actors, deadlines, keywords), and each repair becomes a note
in `inconsistencies`.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from sodsong.thai.digits import to_arabic_digits

TONE_MARKS = "\u0e48\u0e49\u0e4a\u0e4b"  # ่ ้ ๊ ๋
MARKS = "\u0e31\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e3a\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e4d"
THAI_CONSONANT = "\u0e01-\u0e2e"
ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))

PAGE_NUMBER = re.compile(r"^\s*[-–—]\s*[0-9๐-๙]{1,3}\s*[-–—]\s*$")
# A continuation cue ("/ในการนี้...", "ในการนี้ …") printed at the foot of a page or repeated at
# the head of the next one: a short line ending with an ellipsis.
CUE_LINE = re.compile(r"^\s*/?\s*(\S[^\n]{0,40}?)\s*(?:\.{2,}|…)\s*$")
TRAILING_CUE = re.compile(r"\s{2,}/\s*(\S[^\s/]{0,30}?)\s*(?:\.{2,}|…)\s*$")
SEPARATOR = re.compile(r"^\s*[-_=.·•*]{5,}\s*$")

# Frequent words of official letters: a copy missing one tone mark is damage, not a new word.
LEXICON = [
    "ที่ว่าการอำเภอ",
    "ผู้ใหญ่บ้าน",
    "ผู้ว่าราชการจังหวัด",
    "สิ่งที่ส่งมาด้วย",
    "อ้างถึง",
    "เรื่อง",
    "ขอแสดงความนับถือ",
    "ปฏิบัติราชการแทน",
    "รักษาราชการแทน",
    "หมู่บ้าน",
    "ท้องถิ่น",
    "เจ้าหน้าที่",
    "พื้นที่",
    "ข้อมูล",
    "ต่างด้าว",
    "ได้รับ",
    "ร่วมกับ",
    "ตั้งแต่",
    "ทั้งนี้",
    "ดังนี้",
    "เพื่อ",
    "ต่อเนื่อง",
    "ในการนี้",
    "เฝ้าระวัง",
    "ผู้เสียหาย",
    "ที่ทำการปกครอง",
    "ป้องกัน",
    "ผู้ช่วย",
    "ดำเนินการต่อไป",
    "ข้อสั่งการ",
    "ส่วนท้องถิ่น",
    "ผู้รับผิดชอบ",
    "เบอร์โทรศัพท์",
    "โทรศัพท์",
    "เครือข่าย",
    "บัญชีม้า",
    "ซิมม้า",
    "คณะทำงาน",
    "ประชาสัมพันธ์",
    "ชี้แจง",
    "แจ้งให้ทราบ",
    "ผู้อำนวยการ",
    "หัวหน้า",
    "ผู้ที่",
    "กลุ่มงาน",
    "ความมั่นคง",
    "ท่องเที่ยว",
    "เร่งด่วน",
    "ด่วนที่สุด",
    "ภายในวันที่",
    "ทุกวันที่",
    "ต่อไป",
]


@dataclass
class Repair:
    text: str
    notes: list[str] = field(default_factory=list)


def fuzzy(word: str) -> str:
    """A regex for `word` that survives a doubled character or a dropped tone mark."""
    parts = []
    for char in word:
        if char == " ":
            parts.append(r"\s*")
        elif char in TONE_MARKS:
            parts.append(f"{char}{{0,2}}")
        else:
            parts.append(f"{re.escape(char)}{{1,2}}")
    return "".join(parts)


def normalise_input(text: str) -> str:
    text = unicodedata.normalize("NFC", text or "").translate(ZERO_WIDTH)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    text = text.replace("\u00a0", " ").replace("\u3000", " ")
    # PDF text layers: a space before a combining mark ("ป้ องกัน"), a tone mark pushed after the
    # final consonant ("ทัง้"), and sara am drawn as nikhahit + sara aa.
    text = _SPACE_BEFORE_MARK.sub("", text)
    text = _SPACE_AFTER_OPEN_MARK.sub("", text)
    text = _SPACE_AFTER_TALL.sub("\\1", text)
    text = _TONE_AFTER_FINAL.sub("\\1\u0e31\\3\\2", text)
    text = text.replace("\u0e4d\u0e32", "\u0e33")
    return "\n".join(line.replace("\t", "    ").rstrip() for line in text.split("\n"))


_SPACE_BEFORE_MARK = re.compile(
    "(?<=[\u0e01-\u0e2e\u0e31\u0e34-\u0e39]) (?=[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e])"
)
# Mai han-akat and mai taikhu always close on a consonant; sara a/aa/am never open a word.
_SPACE_AFTER_OPEN_MARK = re.compile(
    "(?<=[\u0e31\u0e47]) (?=[\u0e01-\u0e2e])|(?<=[\u0e01-\u0e4e]) (?=[\u0e30\u0e32\u0e33\u0e45])"
)
_TONE_AFTER_FINAL = re.compile("([\u0e01-\u0e2e])\u0e31([\u0e01-\u0e2e])([\u0e48-\u0e4b]) ?")
# A tone mark over a tall consonant (ป ฝ ฟ) is drawn shifted, and some extractors add a space.
_SPACE_AFTER_TALL = re.compile(
    "([\u0e1b\u0e1d\u0e1f][\u0e34-\u0e37]?[\u0e48-\u0e4b]) (?=[\u0e01-\u0e2e])"
)


def remove_page_artefacts(lines: list[str]) -> tuple[list[str], list[str]]:
    """Drops page numbers ("- ๒ -"), continuation cues ("/ในการนี้...") and separator rules."""
    notes: list[str] = []
    kept: list[str] = []
    for index, line in enumerate(lines):
        if PAGE_NUMBER.match(line) or SEPARATOR.match(line):
            continue
        cue = CUE_LINE.match(line)
        if cue and _cue_repeats(cue.group(1), lines[index + 1 : index + 9]):
            notes.append(f"page_break_artefact: {line.strip()}")
            continue
        trailing = TRAILING_CUE.search(line)
        if trailing and _cue_repeats(trailing.group(1), lines[index + 1 : index + 9]):
            notes.append(f"page_break_artefact: {trailing.group(0).strip()}")
            line = line[: trailing.start()].rstrip()
        kept.append(line)
    return kept, notes


def _cue_repeats(cue: str, following: list[str]) -> bool:
    """The cue is an artefact when the next real line of text starts with it."""
    cue = cue.strip()
    if not cue:
        return False
    for line in following[:8]:
        stripped = line.strip()
        if not stripped or PAGE_NUMBER.match(line):
            continue
        stripped = stripped.lstrip("/").strip()
        if CUE_LINE.match(line) and stripped.rstrip(".… ") == cue:
            continue  # the same cue at the foot of one page and the head of the next
        return stripped.startswith(cue)
    return False


@lru_cache(maxsize=1)
def _dictionary() -> frozenset[str]:
    from pythainlp.corpus import thai_words

    return frozenset(thai_words())


def _tokens(text: str) -> list[str]:
    """pythainlp's words; a long run without spaces is cut in pieces first, so that the cost
    stays linear."""
    from pythainlp.tokenize import word_tokenize

    if len(text) <= TOKEN_CHUNK:
        return word_tokenize(text, engine="newmm", keep_whitespace=False)
    tokens: list[str] = []
    for start in range(0, len(text), TOKEN_CHUNK):
        tokens.extend(
            word_tokenize(text[start : start + TOKEN_CHUNK], engine="newmm", keep_whitespace=False)
        )
    return tokens


TOKEN_CHUNK = 200


def _score(run: str) -> int:
    words = _dictionary()
    tokens = _tokens(run)
    return len(tokens) + 2 * sum(1 for token in tokens if token not in words)


_DOUBLED_MARK = re.compile(f"([{MARKS}\u0e30\u0e32\u0e33\u0e45])\\1+")
_DOUBLED_CONSONANT = re.compile(f"([{THAI_CONSONANT}])\\1")
_THAI_RUN = re.compile("[\u0e01-\u0e4e]+")


# Doubled consonants are judged in a window of this many characters either side (and at most
# three in one window), so a run of any length costs the same per doubling: linear time.
WINDOW = 15
MAX_CLUSTER = 3
MAX_WINDOWS = 200  # windows judged in one call (one line of a letter has a handful)
# Letters that typing and extraction confuse ("เต็ดขาด" for "เด็ดขาด").
LOOKALIKE = {
    "ต": "ด",
    "ด": "ต",
    "ถ": "ภ",
    "ภ": "ถ",
    "บ": "ป",
    "ป": "บ",
    "ผ": "ฝ",
    "ฝ": "ผ",
    "พ": "ฟ",
    "ฟ": "พ",
    "ข": "ช",
    "ช": "ข",
}


def repair(
    text: str, *, lexicon: tuple[str, ...] = (), corrections: tuple[tuple[str, str], ...] = ()
) -> Repair:
    """The text with doubled characters collapsed, dropped tone marks restored and known
    misspellings (`corrections`, from `misspellings`) fixed, and a note for each repair. Digits
    are not touched (the parser normalises them separately). Linear in the length of the text."""
    notes: list[str] = []

    def collapse_mark(match: re.Match[str]) -> str:
        word = _word_around(match.string, match.start())
        notes.append(f"doubled_character: {word}")
        return match.group(1)

    text = _DOUBLED_MARK.sub(collapse_mark, text)

    def fix_run(match: re.Match[str]) -> str:
        run = match.group(0)
        doubled = [m.start() for m in _DOUBLED_CONSONANT.finditer(run)]
        if not doubled:
            return run
        current = run
        shift = 0
        for cluster in _clusters(doubled):
            if budget[0] <= 0:
                break  # dense doubling everywhere is not a letter: the rest stays as printed
            budget[0] -= 1
            positions = [p - shift for p in cluster]
            lo, hi = _window_bounds(current, positions)
            window = current[lo:hi]
            fixed = _fix_window(window, [p - lo for p in positions], notes)
            if fixed != window:
                shift += len(window) - len(fixed)
                current = current[:lo] + fixed + current[hi:]
        return current

    budget = [MAX_WINDOWS]
    text = _THAI_RUN.sub(fix_run, text)
    table = _replacements(lexicon, corrections)
    if table:
        text = _apply(text, table, notes)
    return Repair(text, list(dict.fromkeys(notes)))


def _window_bounds(run: str, cluster: list[int]) -> tuple[int, int]:
    """A window around the cluster cut at word boundaries (as pythainlp cuts a wider stretch),
    at least WINDOW characters from the damage, so that no candidate is judged on a cut word."""
    start = max(0, cluster[0] - 4 * WINDOW)
    stop = min(len(run), cluster[-1] + 2 + 4 * WINDOW)
    lo, hi = start, stop
    offset = start
    for token in _tokens(run[start:stop]):
        if offset <= cluster[0] - WINDOW:
            lo = offset
        offset += len(token)
        if offset >= cluster[-1] + 2 + WINDOW:
            hi = offset
            break
    return lo, min(hi, stop)


def _clusters(positions: list[int]) -> list[list[int]]:
    """Doubled positions close enough to be judged together (damage often comes in pairs within
    one word), at most MAX_CLUSTER in one."""
    clusters: list[list[int]] = []
    for position in positions:
        if clusters and position - clusters[-1][-1] <= WINDOW and len(clusters[-1]) < MAX_CLUSTER:
            clusters[-1].append(position)
        else:
            clusters.append([position])
    return clusters


def _fix_window(window: str, doubled: list[int], notes: list[str]) -> str:
    """Tries every combination of collapses in the window: keeps the one that cuts into the
    fewest, best-known words; ties keep the text as printed."""
    best, best_score, best_drop = window, _score(window), ()
    for size in range(1, len(doubled) + 1):
        for drop in itertools.combinations(doubled, size):
            candidate = "".join(c for i, c in enumerate(window) if i not in drop)
            score = _score(candidate)
            if score < best_score:
                best, best_score, best_drop = candidate, score, drop
    for position in best_drop:
        notes.append(f"doubled_character: {_token_at(window, position)}")
    return best


@lru_cache(maxsize=16)
def _replacements(
    lexicon: tuple[str, ...], corrections: tuple[tuple[str, str], ...]
) -> dict[str, list[tuple[str, str, str]]]:
    """Damaged forms by their first two characters, longest first: (damaged, word, note)."""
    words = _dictionary()
    found: dict[str, tuple[str, str]] = {}
    for word in dict.fromkeys((*LEXICON, *lexicon)):
        for index, char in enumerate(word):
            if char not in TONE_MARKS:
                continue
            damaged = word[:index] + word[index + 1 :]
            if damaged in words or len(damaged) < 3 or damaged in found:
                continue
            found[damaged] = (word, f"dropped_tone_mark: {damaged}")
    for wrong, right in corrections:
        if len(wrong) >= 3 and wrong not in found:
            found[wrong] = (right, f"misspelt_word: {wrong} ({right})")
    table: dict[str, list[tuple[str, str, str]]] = {}
    for damaged, (word, note) in found.items():
        table.setdefault(damaged[:2], []).append((damaged, word, note))
    for entries in table.values():
        entries.sort(key=lambda entry: -len(entry[0]))
    return table


def _apply(text: str, table: dict[str, list[tuple[str, str, str]]], notes: list[str]) -> str:
    """One pass over the text: at each position the longest damaged form that starts there and
    is not followed by a mark is replaced."""
    out: list[str] = []
    position = 0
    copied = 0
    length = len(text)
    while position < length - 1:
        entries = table.get(text[position : position + 2])
        if entries:
            for damaged, word, note in entries:
                end = position + len(damaged)
                if text.startswith(damaged, position) and (end >= length or text[end] not in MARKS):
                    out.append(text[copied:position])
                    out.append(word)
                    notes.append(note)
                    position = copied = end
                    break
            else:
                position += 1
            continue
        position += 1
    if not out:
        return text
    out.append(text[copied:])
    return "".join(out)


def misspellings(text: str) -> tuple[tuple[str, str], ...]:
    """Words of the letter that are not in the dictionary but become a dictionary word when one
    lookalike letter is swapped ("เต็ดขาด" → "เด็ดขาด"): (as printed, corrected) pairs."""
    words = _dictionary()
    found: dict[str, str] = {}
    for run in _THAI_RUN.findall(text):
        tokens = _tokens(run)
        for index, token in enumerate(tokens):
            if token in words:
                continue
            before = tokens[index - 1] if index else ""
            after = tokens[index + 1] if index + 1 < len(tokens) else ""
            for candidate in (token + after, before + token, token):
                if len(candidate) < 4 or candidate in words or candidate in found:
                    continue
                fixed = _lookalike_word(candidate, words)
                if fixed:
                    found[candidate] = fixed
                    break
    return tuple(found.items())


def _lookalike_word(word: str, words: frozenset[str]) -> str | None:
    for index, char in enumerate(word):
        swap = LOOKALIKE.get(char)
        if swap:
            candidate = word[:index] + swap + word[index + 1 :]
            if candidate in words:
                return candidate
    return None


def _token_at(run: str, position: int) -> str:
    """The word of `run` (as pythainlp cuts it) that holds `position`: the damaged word."""
    offset = 0
    for token in _tokens(run):
        if offset <= position < offset + len(token):
            if len(token) <= 2:
                return run[max(0, position - 4) : position + 5]
            return run[offset : max(offset + len(token), position + 2)]
        offset += len(token)
    return _word_around(run, position)


def _word_around(text: str, position: int) -> str:
    start = position
    while start > 0 and not text[start - 1].isspace() and position - start < 12:
        start -= 1
    end = position
    while end < len(text) and not text[end].isspace() and end - position < 12:
        end += 1
    return text[start:end]


def digits(text: str) -> str:
    return to_arabic_digits(text)


def toned_words(text: str) -> tuple[str, ...]:
    """Words of the letter that carry a tone mark and occur at least twice: a third copy without
    its mark is damage."""
    counts: dict[str, int] = {}
    for run in _THAI_RUN.findall(text):
        if not any(mark in run for mark in TONE_MARKS) or len(run) > 40:
            continue
        for token in _tokens(run):
            if len(token) >= 4 and any(mark in token for mark in TONE_MARKS):
                counts[token] = counts.get(token, 0) + 1
    return tuple(word for word, count in counts.items() if count >= 2)
