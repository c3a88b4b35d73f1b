"""URLs, e-mail addresses (found to be left out), LINE IDs and social handles."""

from __future__ import annotations

import re

from sodsong.thai.identifiers.found import Found

_TLDS = (
    "com|net|org|info|biz|co|io|me|ly|cc|tv|xyz|app|site|online|club|top|vip|shop|link|live|asia|"
    "th|ee|gl|gd|to|ws|mobi|pro|win|bet|fun|store|tech|ai|us|uk|la|kh|mm|cn|hk|sg|ph|vn|my|pw|ru|"
    "cx|in|gg|bio|page|icu|cyou|cloud|world|today|email|help|one|lol|gov|edu|int"
)
_URL_CHARS = r"[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]"
_URL_SCHEME = re.compile(rf"(?i:https?)://{_URL_CHARS}+")
_URL_BARE = re.compile(
    rf"(?<![A-Za-z0-9@._/\-])(?:(?i:www)\.)?(?:[A-Za-z0-9](?:[A-Za-z0-9\-]{{0,61}}[A-Za-z0-9])?\.)+"
    rf"(?i:{_TLDS})(?![A-Za-z0-9\-])(?::\d{{2,5}})?(?:[/?#]{_URL_CHARS}*)?"
)
_EMAIL = re.compile(r"(?<![A-Za-z0-9._%+\-])[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+")
_TRAILING = ".,;:!?'\")]}>"

_LINE_WORD = (
    r"(?:(?:ไอดี|id)\s*(?:ไลน์|ไลน|line)|(?:ไลน์|ไลน|line)\s*(?:ไอดี|id)|แอดไลน์|แอดไลน|"
    r"add\s*line|(?<!ออน)(?<!ออฟ)ไลน์?|(?<![A-Za-z])@?line(?=\s*(?:[:：=@]|id)))"
)
_LINE_ID = re.compile(
    rf"(?i:{_LINE_WORD})\s*(?:มาที่|ไปที่|มา|ที่)?\s*(?:[:：=\-]|คือ|ชื่อ)?\s*(?:(?i:id)\s*[:：=]?\s*)?"
    r"(?P<id>@?[A-Za-z0-9][A-Za-z0-9._\-]{1,19})(?![A-Za-z0-9_\-@]|\.[A-Za-z0-9])"
)
_HANDLE = re.compile(
    r"(?<![A-Za-z0-9_.@/])@(?P<name>[A-Za-z0-9_](?:[A-Za-z0-9_.]{0,28}[A-Za-z0-9_])?)"
    r"(?![A-Za-z0-9_@])"
)
_HANDLE_NAMED = re.compile(
    r"(?<![A-Za-z])(?i:ig|instagram|tiktok|twitter|telegram|tg)\s*[:：]\s*@?"
    r"(?P<name>[A-Za-z0-9_](?:[A-Za-z0-9_.]{0,28}[A-Za-z0-9_])?)(?![A-Za-z0-9_@])"
)
_PLATFORMS = {
    "line",
    "link",
    "facebook",
    "fb",
    "ig",
    "instagram",
    "tiktok",
    "twitter",
    "x",
    "telegram",
}


def _clean_url(raw: str) -> str:
    while raw and raw[-1] in _TRAILING:
        if raw[-1] == ")" and raw.count("(") >= raw.count(")"):
            break
        raw = raw[:-1]
    return raw


def _url_value(raw: str) -> str:
    scheme, sep, rest = raw.partition("://")
    if not sep:
        scheme, rest = "http", raw
    cut = min([p for p in (rest.find(c) for c in "/?#") if p >= 0] or [len(rest)])
    return f"{scheme.lower()}://{rest[:cut].lower()}{rest[cut:]}"


def _urls(text: str, emails: list[tuple[int, int]]) -> list[Found]:
    found = []
    for pattern in (_URL_SCHEME, _URL_BARE):
        for match in pattern.finditer(text):
            raw = _clean_url(match.group(0))
            start, end = match.start(), match.start() + len(raw)
            if any(s <= start < e for s, e in emails) or "." not in raw and "://" not in raw:
                continue
            host = raw.split("://")[-1]
            if len(host.split("/")[0]) < 3:
                continue
            found.append(Found("url", _url_value(raw), start, end))
    return found


def _line_ids(text: str) -> list[Found]:
    found = []
    for match in _LINE_ID.finditer(text):
        value = match.group("id").rstrip(".-")
        if value.lower().lstrip("@") in _PLATFORMS | {"id"}:
            continue
        start = match.start("id")
        found.append(Found("line_id", value.lower(), start, start + len(value)))
    return found


def _handles(text: str) -> list[Found]:
    found = []
    for match in _HANDLE.finditer(text):
        name = match.group("name")
        if name.lower() in _PLATFORMS or not re.search(r"[A-Za-z]", name):
            continue
        found.append(Found("handle", "@" + name.lower(), match.start(), match.end("name")))
    for match in _HANDLE_NAMED.finditer(text):
        name = match.group("name")
        start = match.start("name")
        if text[start - 1 : start] == "@":
            start -= 1
        found.append(Found("handle", "@" + name.lower(), start, match.end("name")))
    return found
