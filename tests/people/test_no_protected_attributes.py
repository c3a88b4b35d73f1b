"""The non-negotiable rule (DOMAIN §5): nationality, ethnicity, religion and language never feed a
score, ranking or filter that selects people. Proved by behaviour, and guarded in the source."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client

import sodsong
from sodsong.accounts.services import token_issue
from sodsong.geo.models import Area, Level
from sodsong.people.models import Person
from sodsong.people.selectors import person_list, person_search
from sodsong.people.services import person_create
from sodsong.thai.text import fuzzy_matches, normalize_text

PROTECTED = ("nationality", "ethnicity", "religion", "language")
NATIONALITIES = ("MMR", "KHM", "LAO", "CHN", "VNM", "THA", "")


def _village(code_prefix: str = "470101") -> Area:
    return Area.objects.filter(level=Level.VILLAGE, code__startswith=code_prefix).order_by("code")[
        0
    ]


def _twin(nationality: str, *, given: str = "Aungthura", family: str = "Minnaing") -> Person:
    return person_create(
        area=_village(),
        source="headman survey",
        given_name_latin=given,
        family_name_latin=family,
        given_name_th="อ่องตูรา",
        birth_year=1990,
        birth_month=4,
        sex="M",
        nationality=nationality,
    )


# --- behaviour -------------------------------------------------------------------------------


def test_people_differing_only_in_nationality_share_a_search_key(personas):
    people = [_twin(n) for n in NATIONALITIES]
    assert len({p.search_key for p in people}) == 1
    assert all(n.casefold() not in people[0].search_key.split() for n in NATIONALITIES if n)


@pytest.mark.parametrize("query", ["Aungthura", "Aungth", "Aungtura", "Minnaing", "อ่องตูรา"])
def test_people_differing_only_in_nationality_get_identical_scores(personas, query):
    people = [_twin(n) for n in NATIONALITIES]
    scores = {fuzzy_matches(normalize_text(query), p.search_key) for p in people}
    assert len(scores) == 1
    assert scores.pop() > 0
    found = person_search(user=personas.province, query=query, limit=50)
    assert set(people) <= set(found)
    # Identical people rank next to one another, however their nationalities differ.
    ranks = sorted(found.index(p) for p in people)
    assert ranks == list(range(ranks[0], ranks[0] + len(people)))


def test_ranking_among_equals_follows_record_order_not_nationality(personas):
    # Same people created in opposite nationality orders: the ranking follows which record came
    # first, never which nationality it holds.
    first = [_twin("MMR", family="Kyawswar"), _twin("THA", family="Kyawswar")]
    second = [_twin("THA", family="Heinhtet"), _twin("MMR", family="Heinhtet")]
    found_first = person_search(user=personas.province, query="Kyawswar")
    found_second = person_search(user=personas.province, query="Heinhtet")
    assert found_first[:2] == first
    assert found_second[:2] == second


@pytest.mark.parametrize("query", ["MMR", "mmr", "Myanmar", "KHM", "THA"])
def test_searching_a_nationality_selects_nobody_by_it(personas, query):
    _twin("MMR")
    _twin("KHM")
    _twin("THA")
    for person in person_search(user=personas.province, query=query, limit=200):
        # Any hit must come from the name, never from the nationality.
        assert fuzzy_matches(normalize_text(query), person.search_key) > 0
        assert normalize_text(person.nationality) not in person.search_key.split()


def test_people_api_ignores_a_nationality_parameter(personas):
    _twin("MMR")
    _twin("KHM")
    _, plain = token_issue(user=personas.province, name="rule")
    client = Client()
    auth = {"HTTP_AUTHORIZATION": f"Bearer {plain}"}
    for params in ({"limit": 200}, {"q": "Aungthura", "limit": 200}, {"area": "470101"}):
        plain_list = client.get("/api/v1/people", params, **auth)
        assert plain_list.status_code == 200
        for nationality in ("MMR", "KHM", "THA"):
            filtered = client.get("/api/v1/people", {**params, "nationality": nationality}, **auth)
            if filtered.status_code == 200:
                assert filtered.json() == plain_list.json(), (params, nationality)
            else:
                assert filtered.status_code == 422


def test_people_api_declares_no_protected_parameter():
    from sodsong.api import api

    schema = api.get_openapi_schema()
    for path, operations in schema["paths"].items():
        if "/people" not in path:
            continue
        for operation in operations.values():
            names = {p["name"] for p in operation.get("parameters", [])}
            assert not names & set(PROTECTED), (path, names)


def test_person_list_takes_no_protected_filter():
    import inspect

    for selector in (person_list, person_search):
        assert not set(inspect.signature(selector).parameters) & set(PROTECTED)


# --- static guard ----------------------------------------------------------------------------

_SOURCE_ROOT = Path(sodsong.__file__).parent
_WORDS = "|".join(PROTECTED)
# A protected attribute used as a lookup (nationality__in, religion__exact, …).
_LOOKUP = re.compile(rf"\b(?:{_WORDS})__\w+")
# Calls that select or rank records: the protected word as a keyword, a field name or a key.
_SELECTING_CALL = re.compile(r"\.(?:filter|exclude|order_by|annotate|alias|distinct)\s*\(|\bQ\(")
_SORT_CALL = re.compile(r"\b(?:sorted|sort|max|min|heapq\.\w+)\s*\(")
_PROTECTED_ARG = re.compile(rf"""(?:\b(?:{_WORDS})\s*=|["']-?(?:{_WORDS})["']|\.(?:{_WORDS})\b)""")


def _call_arguments(text: str, open_paren: int) -> str:
    depth = 0
    for i in range(open_paren, len(text)):
        if text[i] == "(":
            depth += 1
        elif text[i] == ")":
            depth -= 1
            if depth == 0:
                return text[open_paren + 1 : i]
    return text[open_paren + 1 :]


def protected_selection_uses(text: str) -> list[str]:
    """The spots in `text` where a protected attribute selects or ranks records."""
    found = [m.group(0) for m in _LOOKUP.finditer(text)]
    for pattern in (_SELECTING_CALL, _SORT_CALL):
        for match in pattern.finditer(text):
            arguments = _call_arguments(text, match.end() - 1)
            hit = _PROTECTED_ARG.search(arguments)
            if hit:
                found.append(f"{match.group(0)}…{hit.group(0)}")
    return found


def _source_files() -> list[Path]:
    return [
        p
        for p in _SOURCE_ROOT.rglob("*.py")
        if "migrations" not in p.parts and "tests" not in p.parts
    ]


@pytest.mark.parametrize(
    "snippet",
    [
        "Person.objects.filter(nationality='MMR')",
        "people.exclude(nationality__in=['THA'])",
        'people.order_by("nationality", "pk")',
        "qs.order_by('-religion')",
        "Q(ethnicity='x') | Q(pk=1)",
        "people.filter(\n    area=area,\n    language='my',\n)",
        "sorted(people, key=lambda p: p.nationality)",
        "scores = people.annotate(risk=Case(When(nationality='MMR', then=1)))",
    ],
)
def test_static_guard_catches_protected_selection(snippet):
    assert protected_selection_uses(snippet)


@pytest.mark.parametrize(
    "snippet",
    [
        "person = Person(nationality=nationality.upper())",
        "PersonOut(nationality=p.nationality)",
        "people.filter(area__code__startswith=code).order_by('family_name_latin')",
        "translation.get_language()",
    ],
)
def test_static_guard_allows_storing_and_showing_protected_values(snippet):
    assert not protected_selection_uses(snippet)


def test_no_source_selects_or_ranks_people_by_a_protected_attribute():
    offending = {
        str(path.relative_to(_SOURCE_ROOT.parent)): uses
        for path in _source_files()
        if (uses := protected_selection_uses(path.read_text(encoding="utf-8")))
    }
    assert not offending, f"protected attribute used to select or rank: {offending}"


def test_static_guard_reads_the_people_selectors():
    # The guard is only worth something if it scans the code that selects people.
    scanned = {p.relative_to(_SOURCE_ROOT).as_posix() for p in _source_files()}
    assert {"people/selectors.py", "people/api.py", "geo/selectors.py"} <= scanned
