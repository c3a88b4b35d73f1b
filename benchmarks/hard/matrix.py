"""The access matrix from the outside: `scripts/check-hard matrix [--database …] [--budget N]`.

1. The issue-17 attacks (attacks.py) run first: they also create the people the matrix must
   cover (parties added by passport, informants, a matter's accused, residents from an import).
2. Collect: the most privileged personas crawl the web (links and forms, from the home page, up
   to `budget` pages each) and read every list of the API. Every URL with a record's uuid in it,
   every form that posts to one, and every API path with a uuid, is an object to probe.
3. Every persona's own view: what its own crawl and its own API lists show (any uuid in them).
4. Probe: each object a persona does not see in its own view is requested as that persona (GET
   and the form's or API's write) and, for comparison, with a random uuid in its place. A leak
   is a 200 on a record the persona cannot see, or a write answered differently from the write on
   a record that does not exist (which tells that it exists, or that the write went through).

The table (route × persona) goes to docs/access-matrix.md; the CI run is
tests/hard/test_access_matrix.py on the test database.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
import uuid as uuid_module
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from html import unescape
from pathlib import Path

from benchmarks.hard import attacks
from benchmarks.hard.http import Http

UUID_RE = attacks.UUID_RE
HREF = re.compile(r'(?:href|hx-get)="([^"#]+)"')
FORM = re.compile(r"<form\b([^>]*)>", re.I)
ACTION = re.compile(r'action="([^"]*)"')
SKIP = ("/accounts/logout", "/i18n/", "/static/", "/django-admin/", "/tip/", "/api/")
DOWNLOADS = (".docx", ".pdf", ".xlsx", ".csv", ".xls")
COLLECTORS = (
    "province",
    "police",
    "immigration",
    "investigator",
    "investigator2",
    "district",
    "kamnan",
    "headman",
)
ROOT = Path(__file__).resolve().parents[2]


def pattern(path: str) -> str:
    return UUID_RE.sub("{uuid}", path.split("?")[0])


@dataclass
class View:
    """What one persona sees by itself: pages, forms, uuids."""

    pages: dict[str, int] = field(default_factory=dict)
    forms: set[str] = field(default_factory=set)
    uuids: set[str] = field(default_factory=set)
    api_paths: set[str] = field(default_factory=set)


def crawl(http: Http, persona: str, budget: int, view: View) -> None:
    queue = ["/"]
    seen = {"/"}
    per_pattern: Counter[str] = Counter()
    while queue and len(view.pages) < budget:
        path = queue.pop(0)
        response = http.get(persona, path)
        view.pages[path] = response.status
        if response.status != 200 or "html" not in response.headers.get("content-type", ""):
            continue
        text = response.text
        view.uuids |= set(UUID_RE.findall(text))
        for attrs in FORM.findall(text):
            if "post" in attrs.lower():
                action = ACTION.search(attrs)
                target = unescape(action.group(1)) if action and action.group(1) else path
                if UUID_RE.search(target):
                    view.forms.add(target.split("?")[0])
        for href in HREF.findall(text):
            link = unescape(href).split("?")[0]
            if not link.startswith("/") or link.startswith("//") or link.startswith(SKIP):
                continue
            if link in seen:
                continue
            seen.add(link)
            if link.endswith(DOWNLOADS):
                view.pages.setdefault(link, 0)  # probed, not crawled (0: not fetched)
                continue
            # A few of each kind of page: a list of 500 residents is the same door 500 times.
            per_pattern[pattern(link)] += 1
            if per_pattern[pattern(link)] <= 6:
                queue.append(link)


def api_lists(openapi: dict) -> list[str]:
    return [
        path
        for path, methods in openapi["paths"].items()
        if "get" in methods and "{" not in path and not path.endswith(("/search", "/apply"))
    ]


def nested_lists(openapi: dict) -> list[tuple[str, str]]:
    """(parent prefix, template) of the GET lists under one record whose items are records of
    their own (`/directives/{uuid}/assignments` beside `/directives/assignments/{uuid}`): what an
    overseer sees through the records it manages is part of its own view."""
    paths = list(openapi["paths"])
    out = []
    for template in paths:
        match = re.fullmatch(r"(.*/)\{(\w*uuid\w*)\}/(\w+)", template)
        if not match or "get" not in openapi["paths"][template]:
            continue
        name = match.group(3)
        if any(f"/{name}/{{" in other for other in paths):
            out.append((match.group(1), template))
    return out


def api_collect(
    http: Http, persona: str, lists: list[str], view: View, nested: list[tuple[str, str]] = ()
) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for path in lists:
        response = http.api(persona, "GET", path + "?limit=200", scope="read")
        if response.status == 200:
            uuids = set(UUID_RE.findall(response.text))
            view.uuids |= uuids
            found[path] = uuids
    for prefix, template in nested:
        parents = sorted(
            {u for lst, uuids in found.items() if lst == prefix.rstrip("/") for u in uuids}
        )[:20]
        param = re.search(r"\{(\w+)\}", template).group(1)  # type: ignore[union-attr]
        for parent in parents:
            response = http.api(
                persona, "GET", template.replace("{" + param + "}", parent), scope="read"
            )
            if response.status == 200:
                view.uuids |= set(UUID_RE.findall(response.text))
    return found


def api_objects(openapi: dict, found: dict[str, set[str]]) -> list[tuple[str, str, str]]:
    """(method, template, path) for each API operation on a uuid, filled with uuids a privileged
    persona saw in the list nearest to it."""
    out: list[tuple[str, str, str]] = []
    for template, methods in openapi["paths"].items():
        params = re.findall(r"\{(\w+)\}", template)
        if len(params) != 1 or "uuid" not in params[0]:
            continue
        prefix = template.split("{")[0]
        pool: set[str] = set()
        for lst, uuids in found.items():
            if lst.startswith(prefix) or prefix.startswith(lst.rstrip("/") + "/"):
                pool |= uuids
        for method in methods:
            for value in sorted(pool):
                out.append(
                    (method.upper(), template, template.replace("{" + params[0] + "}", value))
                )
    return out


@dataclass
class Cell:
    counts: Counter = field(default_factory=Counter)

    def label(self) -> str:
        if not self.counts:
            return ""
        if self.counts.get("LEAK"):
            return f"**LEAK {self.counts['LEAK']}**"
        parts = [f"{k}" for k, _ in self.counts.most_common(2)]
        return "/".join(parts)


CHANNELS = ("web GET", "web write", "API GET", "API write")


def kind_of(route: str) -> str:
    """The kind of object a route is about: the path before its first uuid, without the API
    prefix (`/cases/{uuid}/edit/` and `/api/v1/cases/{uuid}` are both `cases`)."""
    path = route.split(" ")[-1]
    head = path.split("{")[0].removeprefix("/api/v1").strip("/")
    return head or "/"


@dataclass
class Result:
    rows: dict[str, dict[str, Cell]] = field(default_factory=lambda: defaultdict(dict))
    leaks: list[str] = field(default_factory=list)
    requests: int = 0
    findings: list[attacks.Finding] = field(default_factory=list)
    objects: int = 0
    # (persona, kind of object, channel) → requests sent, leaks, objects in its own view
    tally: dict[tuple[str, str, str], Counter] = field(default_factory=lambda: defaultdict(Counter))

    def record(self, route: str, persona: str, outcome: str) -> None:
        self.rows[route].setdefault(persona, Cell()).counts[outcome] += 1

    def count(self, persona: str, route: str, channel: str, outcome: str, sent: int) -> None:
        cell = self.tally[(persona, kind_of(route), channel)]
        cell["requests"] += sent
        cell["own" if outcome == "own" else "probed"] += 1
        cell["leaks"] += outcome == "LEAK"


def _random_like(path: str) -> str:
    return UUID_RE.sub(lambda _m: str(uuid_module.uuid4()), path)


def _denied_same(real: int, fake: int) -> bool:
    return real == fake


def probe(
    http: Http,
    probers: list[str],
    views: dict[str, View],
    web_objects: dict[str, str],
    form_objects: dict[str, str],
    api_ops: list[tuple[str, str, str]],
    per_pattern: int,
    result: Result,
) -> None:
    memo: dict[tuple[str, str, str], int] = {}

    def sample(items: dict[str, str]) -> list[tuple[str, str]]:
        taken: Counter[str] = Counter()
        out = []
        for path, route in sorted(items.items()):
            if taken[route] < per_pattern:
                taken[route] += 1
                out.append((path, route))
        return out

    def fake(kind: str, persona: str, method: str, path: str, route: str) -> int:
        key = (kind, persona, method + route)
        if key not in memo:
            other = _random_like(path)
            if kind == "web":
                memo[key] = http.web(
                    persona, method, other, {} if method == "POST" else None
                ).status
            else:
                memo[key] = http.api(persona, method, other, json={}, scope=_scope(method)).status
            result.requests += 1
        return memo[key]

    web = sample(web_objects)
    forms = sample(form_objects)
    taken: Counter[str] = Counter()
    api = []
    for method, template, path in api_ops:
        if taken[method + template] < per_pattern:
            taken[method + template] += 1
            api.append((method, template, path))
    result.objects = len(web) + len(forms) + len(api)
    sent_before = result.requests

    def note(route: str, persona: str, outcome: str, channel: str) -> None:
        nonlocal sent_before
        result.record(route, persona, outcome)
        result.count(persona, route, channel, outcome, result.requests - sent_before)
        sent_before = result.requests

    for persona in probers:
        own = views[persona].uuids
        for path, route in web:
            if set(UUID_RE.findall(path)) <= own:
                note("GET " + route, persona, "own", "web GET")
                continue
            response = http.web(persona, "GET", path)
            result.requests += 1
            fake_status = fake("web", persona, "GET", path, route)
            if response.status == 200:
                note("GET " + route, persona, "LEAK", "web GET")
                result.leaks.append(f"{persona} GET {path}: 200 on a record outside its own view")
            else:
                outcome = (
                    str(response.status)
                    if response.status != 302 or not response.to_login
                    else "login"
                )
                note(
                    "GET " + route,
                    persona,
                    outcome
                    if _denied_same(response.status, fake_status)
                    else f"{outcome}≠{fake_status}",
                    "web GET",
                )
        for path, route in forms:
            if set(UUID_RE.findall(path)) <= own:
                note("POST " + route, persona, "own", "web write")
                continue
            response = http.web(persona, "POST", path, {})
            result.requests += 1
            fake_status = fake("web", persona, "POST", path, route)
            if response.status != fake_status and response.status in (200, 201, 204, 302):
                note("POST " + route, persona, "LEAK", "web write")
                result.leaks.append(
                    f"{persona} POST {path}: {response.status} (a missing record answers {fake_status})"
                )
            else:
                note("POST " + route, persona, str(response.status), "web write")
        for method, template, path in api:
            route = f"API {method} {template}"
            channel = "API GET" if method == "GET" else "API write"
            if set(UUID_RE.findall(path)) <= own:
                note(route, persona, "own", channel)
                continue
            response = http.api(persona, method, path, json={}, scope=_scope(method))
            result.requests += 1
            fake_status = fake("api", persona, method, path, template)
            if response.status == 200 and method == "GET":
                note(route, persona, "LEAK", channel)
                result.leaks.append(f"{persona} GET {path}: 200 on a record outside its own view")
            elif response.status != fake_status and response.status < 500:
                note(route, persona, "LEAK", channel)
                result.leaks.append(
                    f"{persona} {method} {path}: {response.status}, a missing record answers {fake_status}"
                )
            else:
                note(route, persona, str(response.status), channel)


def _scope(method: str) -> str:
    return "read" if method == "GET" else "write"


def run_matrix(
    ctx: attacks.Ctx,
    openapi: dict,
    *,
    probers: list[str],
    collectors: tuple[str, ...] = COLLECTORS,
    budget: int = 400,
    per_pattern: int = 1000,
    run_attacks: bool = True,
) -> Result:
    http = ctx.http
    result = Result()
    # The account takeover changes investigator2's password: it runs after the probes.
    early = [a for a in attacks.ATTACKS if a is not attacks.attack_account_takeover]
    if run_attacks:
        result.findings = attacks.run_all(ctx, early)
    lists = api_lists(openapi)
    nested = nested_lists(openapi)
    views: dict[str, View] = {}
    web_objects: dict[str, str] = {}
    form_objects: dict[str, str] = {}
    found_all: dict[str, set[str]] = defaultdict(set)
    for persona in sorted(set(probers) | set(collectors)):
        view = View()
        crawl(http, persona, budget if persona in collectors else max(budget // 2, 20), view)
        found = api_collect(http, persona, lists, view, nested)
        views[persona] = view
        result.requests += len(view.pages) + len(lists)
        if persona in collectors:
            for path in view.pages:
                if UUID_RE.search(path):
                    web_objects[path] = pattern(path)
            for path in view.forms:
                form_objects[path] = pattern(path)
            for lst, uuids in found.items():
                found_all[lst] |= uuids
    # The people the attacks created are objects too, whoever may see them.
    for kind_uuids in ctx.created.values():
        for value in kind_uuids:
            web_objects[f"/people/{value}/"] = "/people/{uuid}/"
            found_all["/api/v1/people"].add(value)
    api_ops = api_objects(openapi, found_all)
    probe(http, probers, views, web_objects, form_objects, api_ops, per_pattern, result)
    compartments(ctx, probers, views, result)
    if run_attacks:
        result.findings += attacks.run_all(ctx, [attacks.attack_account_takeover])
    return result


# People created inside a record whose own rule decides who sees them (#17 H3): the personas
# that may hold them in their own view (pages and API lists). Anyone else who does is a leak,
# which the probe above cannot see (a record in the persona's own view is not probed).
COMPARTMENT_VIEWERS: dict[str, frozenset[str]] = {
    # attacks.attack_matter_accused: a matter against an official of the district office,
    # recorded by the provincial office (in his chain, so it does not see it) and designated to
    # the NACC investigator, who reads the accused on the matter itself.
    "misconduct accused": frozenset({"investigator2"}),
}


def compartments(
    ctx: attacks.Ctx, probers: list[str], views: dict[str, View], result: Result
) -> None:
    for kind, allowed in COMPARTMENT_VIEWERS.items():
        route = f"people created as {kind}"
        for value in ctx.created.get(kind, []):
            for persona in probers:
                if value not in views[persona].uuids:
                    result.record(route, persona, "hidden")
                elif persona in allowed:
                    result.record(route, persona, "sees")
                else:
                    result.record(route, persona, "LEAK")
                    result.leaks.append(f"{persona} holds {kind} {value} in its own view")


ABBREV = {
    "ministry": "min",
    "province": "prov",
    "district": "dist",
    "district2": "dist2",
    "police": "pol",
    "police2": "pol2",
    "immigration": "imm",
    "analyst": "anl",
    "investigator": "inv",
    "investigator2": "nacc",
    "kamnan": "kam",
    "headman": "hm",
    "headman3": "hm3",
    "headman2": "hm2",
    "localgov": "lgov",
    "province48": "prov48",
}


def _sent(counts: Counter) -> str:
    """`requests/leaks` of a cell, the leaks in bold when there are any."""
    if not counts:
        return ""
    leaks = counts["leaks"]
    return f"{counts['requests']}/" + (f"**{leaks}**" if leaks else "0")


def summary(result: Result, probers: list[str]) -> list[str]:
    """Two tables from the tally: persona × channel, and kind of object × persona."""
    by_channel: dict[tuple[str, str], Counter] = defaultdict(Counter)
    by_kind: dict[tuple[str, str], Counter] = defaultdict(Counter)
    channels_of: dict[str, set[str]] = defaultdict(set)
    for (persona, kind, channel), counts in result.tally.items():
        by_channel[(persona, channel)].update(counts)
        by_channel[(persona, "all")].update(counts)
        by_kind[(kind, persona)].update(counts)
        by_kind[(kind, "all")].update(counts)
        channels_of[kind].add(channel)
    lines = [
        "### Personas × channels",
        "",
        "Cells: requests sent / leaks, on records outside the persona's own view (each "
        "request on a record is compared with the same request on a random uuid, counted "
        "too). `own`: records the persona sees itself, not probed.",
        "",
        "| persona | " + " | ".join(CHANNELS) + " | all | own |",
        "|---|" + "---|" * (len(CHANNELS) + 2),
    ]
    for persona in probers:
        cells = [_sent(by_channel[(persona, c)]) for c in (*CHANNELS, "all")]
        lines.append(
            f"| {persona} | " + " | ".join(cells) + f" | {by_channel[(persona, 'all')]['own']} |"
        )
    lines += [
        "",
        "### Kinds of object × personas",
        "",
        "Cells: requests sent / leaks over web and API, GET and writes; the kind is the path "
        "before the record's uuid (`/cases/{uuid}/…` and `/api/v1/cases/{uuid}` are `cases`).",
        "",
        "| kind of object | channels | "
        + " | ".join(ABBREV.get(p, p) for p in probers)
        + " | all |",
        "|---|---|" + "---|" * (len(probers) + 1),
    ]
    for kind in sorted(channels_of):
        channels = ", ".join(c for c in CHANNELS if c in channels_of[kind])
        cells = [_sent(by_kind[(kind, p)]) for p in (*probers, "all")]
        lines.append(f"| `{kind}` | {channels} | " + " | ".join(cells) + " |")
    return lines + [""]


def markdown(result: Result, probers: list[str], header: str) -> str:
    lines = [header, ""]
    lines += summary(result, probers)
    if result.findings:
        lines += [
            "### The attacks of issue #17",
            "",
            "| item | attack | result | evidence |",
            "|---|---|---|---|",
        ]
        for f in result.findings:
            lines.append(
                f"| {f.item} | {f.title} | {'**open**' if f.leaked else 'closed'} | {f.evidence} |"
            )
        lines.append("")
    lines += [
        "### Route × persona",
        "",
        "Cells: `own` the persona sees the record itself (not probed); a status code: what it got "
        "on a record it cannot see, the same as on a record that does not exist; `a≠b`: a "
        "denial that differs from the one for a missing record; **LEAK**: read or written.",
        "",
        "| route | " + " | ".join(ABBREV.get(p, p) for p in probers) + " |",
        "|---|" + "---|" * len(probers),
    ]
    for route in sorted(result.rows):
        cells = result.rows[route]
        lines.append(
            f"| `{route}` | "
            + " | ".join(cells[p].label() if p in cells else "" for p in probers)
            + " |"
        )
    if result.leaks:
        lines += ["", "### Leaks", ""] + [f"- {leak}" for leak in result.leaks[:200]]
    return "\n".join(lines) + "\n"


def commit() -> str:
    """The commit whose code was measured, `+` when sodsong/ or benchmarks/ had changes."""
    import shutil
    import subprocess

    def git(*args: str) -> str:
        try:
            return subprocess.run(  # noqa: S603  (fixed arguments)
                [shutil.which("git") or "git", *args],
                cwd=ROOT,
                capture_output=True,
                text=True,
                check=True,
            ).stdout.strip()
        except (OSError, subprocess.CalledProcessError):
            return ""

    head = git("rev-parse", "--short=10", "HEAD") or "unknown"
    dirty = git("status", "--porcelain", "--", "sodsong", "benchmarks")
    return f"`{head}`" + (" (+ uncommitted changes)" if dirty else "")


def main(argv: list[str] | None = None) -> int:
    from benchmarks.hard.http import LiveHttp
    from benchmarks.hard.server import PERSONAS, demo_server

    parser = argparse.ArgumentParser(prog="scripts/check-hard matrix")
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--budget", type=int, default=400, help="pages crawled per persona")
    parser.add_argument(
        "--per-pattern", type=int, default=1000, help="records probed per route and persona"
    )
    parser.add_argument("--out", default=str(ROOT / "docs" / "access-matrix.md"))
    args = parser.parse_args(argv)
    other = "province48"
    setup = f"""
from sodsong.accounts.models import Role, User
from sodsong.accounts.services import role_assign, token_issue
from sodsong.core.context import SYSTEM, acting_as
from sodsong.geo.models import Area
import json, os
with acting_as(SYSTEM):
    u = User(username={other!r}, is_demo=True, first_name="ผู้ดูแลจังหวัดอื่น")
    u.set_password(os.environ["SODSONG_DEMO_PASSWORD"])
    u.save()
    role_assign(user=u, role=Role.PROVINCE, areas=list(Area.objects.filter(code="48")))
    role_assign(user=u, role=Role.ADMIN, areas=[])
    tokens = {{s: token_issue(user=u, name="check-hard", scope=s)[1] for s in ("read", "write")}}
    agency = User.objects.get(username="district").agency
print(json.dumps({{"tokens": tokens, "agency": str(agency.uuid)}}))
"""
    started = time.time()
    with demo_server(database=args.database, worker=True, tag="matrix") as server:
        extra = json.loads(server.python(setup).splitlines()[-1])
        tokens = dict(server.tokens, **{other: extra["tokens"]})
        http = LiveHttp(server.url, server.password, tokens)
        ctx = attacks.Ctx(http=http, other_admin=other, district_agency=extra["agency"])
        openapi = http.api("province", "GET", "/api/v1/openapi.json", scope="read").json()
        probers = [*PERSONAS, other]
        result = run_matrix(
            ctx, openapi, probers=probers, budget=args.budget, per_pattern=args.per_pattern
        )
    elapsed = time.time() - started
    header = (
        "# Access matrix (issue #12) / ตารางสิทธิ์การเข้าถึง\n\n"
        "ผลการทดสอบจากภายนอก: ทุก URL และทุก API ที่ผู้มีสิทธิ์สูงสุดเห็น ถูกเรียกด้วยบัญชีของทุกบทบาท\n\n"
        f"Generated by `scripts/check-hard matrix --database {args.database} --budget {args.budget}"
        f" --per-pattern {args.per_pattern}` on {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}"
        f" at commit {commit()}: {result.requests} requests in {elapsed:.0f} s, "
        f"{result.objects} objects probed as {len(probers)} personas, "
        f"**{len(result.leaks)} leaks**, {sum(f.leaked for f in result.findings)} of "
        f"{len(result.findings)} issue-17 attacks still open; load average "
        f"{os.getloadavg()[0]:.1f} at the end. Method: benchmarks/hard/matrix.py."
    )
    Path(args.out).write_text(markdown(result, probers, header))
    print(
        json.dumps(
            {
                "bench": "access-matrix",
                "database": args.database,
                "requests": result.requests,
                "objects": result.objects,
                "leaks": len(result.leaks),
                "attacks_open": [f.item for f in result.findings if f.leaked],
                "seconds": round(elapsed),
            }
        )
    )
    for leak in result.leaks[:40]:
        print("LEAK", leak, file=sys.stderr)
    return 0 if not result.leaks and not any(f.leaked for f in result.findings) else 1


if __name__ == "__main__":
    raise SystemExit(main())
