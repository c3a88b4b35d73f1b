"""The attacks of the outside security probe (issue #17), replayed from the outside through the
web and the API. Each returns a `Finding`: `leaked` is True while the side door is open.

They run in CI (tests/hard/test_probe_attacks.py, strict xfail while open) and in
`scripts/check-hard matrix`, which adds them to the access-matrix table. They also create the
people the matrix must cover: parties added by passport, informants, a matter's accused, and
residents from an import.

`Ctx` carries what an outside tester is given with the accounts: the name of an administrator of
another province (`other_admin`) and the uuid of the district office whose official the register
records (`district_agency`).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from benchmarks.hard.http import Http

UUID_RE = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


@dataclass
class Ctx:
    http: Http
    other_admin: str
    district_agency: str
    created: dict[str, list[str]] = field(default_factory=dict)  # kind → person uuids

    def note(self, kind: str, uuid: str) -> None:
        self.created.setdefault(kind, []).append(uuid)


@dataclass
class Finding:
    item: str
    title: str
    leaked: bool
    evidence: str


def api_all(http: Http, persona: str, path: str, limit: int = 200, pages: int = 20) -> list[dict]:
    """Every item of a list endpoint (`{"items": …}` or a plain list), page by page."""
    items: list[dict] = []
    sep = "&" if "?" in path else "?"
    for page in range(pages):
        body = http.api(
            persona, "GET", f"{path}{sep}limit={limit}&offset={page * limit}", scope="read"
        ).json()
        chunk = body.get("items", []) if isinstance(body, dict) else (body or [])
        items += chunk
        if not isinstance(body, dict) or len(chunk) < limit:
            break
    return items


def people_uuids(http: Http, persona: str) -> set[str]:
    return {p["uuid"] for p in api_all(http, persona, "/api/v1/people")}


def _editable_case(http: Http, persona: str) -> dict:
    for case in api_all(http, persona, "/api/v1/cases"):
        detail = http.api(persona, "GET", f"/api/v1/cases/{case['uuid']}", scope="read").json()
        if isinstance(detail, dict) and detail.get("can_edit"):
            return detail
    raise RuntimeError(f"{persona} leads no case it may edit")


def _passport_outside(http: Http, outside_of: str) -> tuple[dict, dict]:
    """A person with a passport whose area is not under `outside_of` (province sees them all)."""
    people = api_all(http, "province", "/api/v1/people")
    # Survey residents first: the import compares rows with them.
    people.sort(key=lambda p: p.get("source") != "village survey")
    for person in people:
        if person["area_code"].startswith(outside_of):
            continue
        for doc in person.get("documents", []):
            if doc["doc_type"] == "passport":
                return person, doc
    raise RuntimeError("no passport holder outside " + outside_of)


def _name_in(text: str, person: dict) -> bool:
    names = [person.get("given_name_th"), person.get("given_name_latin")]
    return any(n and len(n) > 2 and n in text for n in names)


# --- 1. identity by passport number ----------------------------------------------------------


def attack_party_by_passport(ctx: Ctx) -> Finding:
    http = ctx.http
    case = _editable_case(http, "police2")
    target, doc = _passport_outside(http, "4702")
    response = http.api(
        "police2",
        "POST",
        f"/api/v1/cases/{case['uuid']}/parties",
        json={
            "role": "suspect",
            "new_person": {
                "given_name_th": "ทดสอบ",
                "family_name_th": "หนังสือเดินทาง",
                "passport_number": doc["number"],
                "passport_state": doc["issuing_state"],
            },
        },
    )
    body = response.json() or {}
    if response.status == 201:
        ctx.note("case party by passport", body["person_uuid"])
    leaked = target["uuid"] in response.text or _name_in(response.text, target)
    return Finding(
        "1",
        "Case party by passport attaches and names a person outside the caller's scope",
        leaked,
        f"police2 POST /api/v1/cases/{{uuid}}/parties with passport of a person in "
        f"{target['area_code']}: {response.status}, answer names them: {leaked}",
    )


def attack_resident_by_document(ctx: Ctx) -> Finding:
    http = ctx.http
    village = _own_village(http, "headman2")
    target, doc = _passport_outside(http, "4702")
    response = http.api(
        "headman2",
        "POST",
        "/api/v1/survey/residents",
        json={
            "village_code": village,
            "given_name_latin": "TEST",
            "family_name_latin": "DOCUMENT",
            "nationality": doc["issuing_state"],
            "documents": [
                {
                    "doc_type": "passport",
                    "issuing_state": doc["issuing_state"],
                    "number": doc["number"],
                }
            ],
        },
    )
    leaked = target["uuid"] in response.text or _name_in(response.text, target)
    body = response.json() if response.status == 201 else None
    if isinstance(body, dict) and body.get("person_uuid"):
        ctx.note("resident with a document held elsewhere", body["person_uuid"])
    return Finding(
        "1",
        "POST /survey/residents with an existing document answers with its owner",
        leaked,
        f"headman2 registers a resident with the passport of a person in {target['area_code']}: "
        f"{response.status}, answer names or gives the owner's uuid: {leaked}",
    )


def _me(http: Http, persona: str) -> dict:
    return http.api(persona, "GET", "/api/v1/accounts/me", scope="read").json()


def _own_village(http: Http, persona: str) -> str:
    me = _me(http, persona)
    for role in me.get("roles", []):
        for code in role.get("areas", []):
            code = code if isinstance(code, str) else code.get("code", "")
            if len(code) == 8:
                return code
    raise RuntimeError(f"{persona} has no village: {me}")


# --- 2. informants and compartments through the people registry ------------------------------

PROTECTED_ROLES = ("informant", "witness", "victim")


def attack_informant_area(ctx: Ctx) -> Finding:
    http = ctx.http
    case = _editable_case(http, "police2")
    response = http.api(
        "police2",
        "POST",
        f"/api/v1/cases/{case['uuid']}/parties",
        json={
            "role": "informant",
            "new_person": {
                "given_name_th": "ผู้ให้ข่าว",
                "family_name_th": "กรุงเทพ",
                "area_code": "10",
            },
        },
    )
    if response.status == 201:
        ctx.note("informant (Bangkok)", response.json()["person_uuid"])
    return Finding(
        "2",
        "A new person's area_code is not checked against the caller's scope (Bangkok)",
        response.status == 201,
        f"police2 adds an informant with area_code 10 (Bangkok): {response.status}",
    )


def protected_people(http: Http) -> dict[str, str]:
    """person uuid → role, for every informant, witness and victim of the leads' cases, plus one
    informant added now in the case's own area."""
    out: dict[str, str] = {}
    for lead in ("police", "police2", "immigration"):
        for case in api_all(http, lead, "/api/v1/cases"):
            detail = http.api(lead, "GET", f"/api/v1/cases/{case['uuid']}", scope="read").json()
            for party in (detail or {}).get("parties", []) if isinstance(detail, dict) else []:
                if party.get("role") in PROTECTED_ROLES:
                    out[party["person_uuid"]] = party["role"]
    return out


def attack_informant_registry(ctx: Ctx) -> Finding:
    http = ctx.http
    case = _editable_case(http, "police2")
    response = http.api(
        "police2",
        "POST",
        f"/api/v1/cases/{case['uuid']}/parties",
        json={
            "role": "informant",
            "new_person": {"given_name_th": "สายลับ", "family_name_th": "ทดสอบ"},
        },
    )
    if response.status == 201:
        ctx.note("informant", response.json()["person_uuid"])
    protected = protected_people(http)
    seen: list[str] = []
    for viewer in ("province", "district", "district2", "analyst", "kamnan", "headman", "headman2"):
        visible = people_uuids(http, viewer) & set(protected)
        seen += [f"{viewer} sees {protected[u]} {u[:8]}" for u in sorted(visible)]
    return Finding(
        "2",
        "Informants, witnesses and victims of cases are listed in the people registry",
        bool(seen),
        f"{len(seen)} sightings through /api/v1/people: " + "; ".join(seen[:6]),
    )


# --- 3. the accused of a misconduct matter ---------------------------------------------------


def attack_matter_accused(ctx: Ctx) -> Finding:
    http = ctx.http
    received = (dt.date.today() - dt.timedelta(days=3)).isoformat()
    response = http.api(
        "province",
        "POST",
        "/api/v1/misconduct/matters",
        json={
            "official": {
                "given_name_th": "ผู้ถูกกล่าวหา",
                "family_name_th": "ทดสอบลับ",
                "position": "ปลัดอำเภอ",
                "agency_uuid": ctx.district_agency,
                "service": "civil",
            },
            "allegation": "neglect",
            "particulars": "ละเว้นการตรวจคนต่างด้าว",
            "source": "complaint",
            "received_on": received,
            "legal_bases": ["penal_157"],
            "authority": "disciplinary",
            "investigator_uuids": [_me(http, "investigator2")["uuid"]],
        },
    )
    if response.status not in (200, 201):
        return Finding(
            "3",
            "Matter accused visible to his chain",
            False,
            f"could not record: {response.status} {response.text[:200]}",
        )
    found = [
        viewer
        for viewer in ("district", "analyst", "kamnan", "headman")
        if any(
            p.get("family_name_th") == "ทดสอบลับ"
            for p in api_all(http, viewer, "/api/v1/people?q=ทดสอบลับ")
        )
    ]
    created = response.json()
    matter = created if isinstance(created, dict) else {}
    if "official" not in matter and matter.get("uuid"):
        # The recorder (in the accused's chain) may not read it: the designated investigator may.
        matter = http.api(
            "investigator2", "GET", f"/api/v1/misconduct/matters/{matter['uuid']}", scope="read"
        ).json()
    person = (matter.get("official") or {}).get("person_uuid") if isinstance(matter, dict) else None
    if person:
        ctx.note("misconduct accused", person)
    return Finding(
        "3",
        "The accused of a misconduct matter is visible through /api/v1/people to his chain",
        bool(found),
        f"province records a matter against an official of the district office; "
        f"/api/v1/people shows him to: {', '.join(found) or 'nobody'}",
    )


# --- H1. the headman's watch-report form -----------------------------------------------------


def attack_watch_form(ctx: Ctx) -> Finding:
    http = ctx.http
    page = http.get("headman", "/tips/report/new/")
    select = re.search(r'<select[^>]*name="people".*?</select>', page.text, re.S)
    offered = set(UUID_RE.findall(select.group(0))) if select else set()
    own = people_uuids(http, "headman")
    outside = offered - own
    return Finding(
        "H1",
        "The headman's watch-report form lists people outside his villages",
        bool(outside),
        f"/tips/report/new/ offers {len(offered)} people to headman, {len(outside)} of them "
        f"outside what /api/v1/people shows him",
    )


# --- 7 and H2. imports: the dry run, and the jobs of the whole deployment --------------------


IMPORTED_FAMILY_NAME = "PROBE"


def _import_csv(village: str, doc: dict) -> bytes:
    """Two rows: one with the passport of a person outside the importer's scope (the attack) and
    one with a new passport, which the commit creates (a person the matrix then covers)."""
    from sodsong.survey.importing.template import KEYS

    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(KEYS))
    writer.writeheader()
    for given, number in (("IMPORT", doc["number"]), ("IMPORTED", "PRB" + doc["number"][-6:])):
        row = dict.fromkeys(KEYS, "")
        row.update(
            village_code=village,
            house_no="9/9",
            given_name_latin=given,
            family_name_latin=IMPORTED_FAMILY_NAME,
            sex="M",
            birth_date="1990",
            nationality=doc["issuing_state"],
            doc_type="passport",
            doc_state=doc["issuing_state"],
            doc_number=number,
            occupation="labourer",
            status="living",
        )
        writer.writerow(row)
    return out.getvalue().encode("utf-8-sig")


def attack_import_dry_run(ctx: Ctx) -> Finding:
    http = ctx.http
    village = _own_village(http, "headman2")
    target, doc = _passport_outside(http, "4702")
    response = http.api(
        "headman2",
        "POST",
        "/api/v1/survey/imports",
        files={"file": ("residents.csv", _import_csv(village, doc), "text/csv")},
        data={"mode": "good_rows"},
    )
    leaked = target["uuid"] in response.text or _name_in(response.text, target)
    body = response.json() if response.status == 201 else None
    if isinstance(body, dict):
        ctx.created.setdefault("import jobs", []).append(body["uuid"])
    return Finding(
        "7",
        "Import dry run compares rows with people nationwide and returns their uuid",
        leaked,
        f"headman2 uploads a row with the passport of a person in {target['area_code']}: "
        f"{response.status}, the report names or gives the owner's uuid: {leaked}",
    )


def attack_jobs_other_province(ctx: Ctx) -> Finding:
    http = ctx.http
    for job in ctx.created.get("import jobs", []):
        http.api("headman2", "POST", f"/api/v1/survey/imports/{job}/commit", json={})
    for person in api_all(http, "headman2", f"/api/v1/people?q={IMPORTED_FAMILY_NAME}"):
        if person.get("family_name_latin") == IMPORTED_FAMILY_NAME:
            ctx.note("imported resident", person["uuid"])
    page = http.get(ctx.other_admin, "/jobs/")
    runs = set(UUID_RE.findall(page.text))
    return Finding(
        "H2",
        "Jobs of the whole deployment are visible to any provincial admin",
        page.status == 200 and bool(runs),
        f"an admin of another province opens /jobs/: {page.status}, {len(runs)} jobs of "
        f"province 47 listed",
    )


# --- 4. account takeover ---------------------------------------------------------------------


def _user_uuid(http: Http, admin: str, username: str) -> str:
    page = http.get(admin, "/accounts/users/")
    for row in re.findall(r"<tr.*?</tr>", page.text, re.S):
        if re.search(rf"\b{re.escape(username)}\b", row):
            found = UUID_RE.search(row)
            if found:
                return found.group(0)
    raise RuntimeError(f"{admin} does not list {username}")


def attack_account_takeover(ctx: Ctx) -> Finding:
    http = ctx.http
    try:
        target = _user_uuid(http, "province", "investigator2")
    except RuntimeError:
        return Finding(
            "4",
            "Account takeover by a provincial admin",
            False,
            "investigator2 not listed to province",
        )
    reset = http.post("province", f"/accounts/users/{target}/reset/")
    link = "/accounts/reset/" in reset.text
    totp = http.post("province", f"/accounts/users/{target}/two-factor-reset/")
    return Finding(
        "4",
        "A provincial admin resets the password and two-factor of the NACC investigator",
        link or totp.status in (200, 302) and not totp.to_login,
        f"province POST reset/ for investigator2: {reset.status}, link shown to the admin: {link}; "
        f"two-factor-reset/: {totp.status}",
    )


# --- 6. the audit log ------------------------------------------------------------------------


def attack_audit_reporter(ctx: Ctx) -> Finding:
    http = ctx.http
    village = _own_village(http, "headman")
    report = http.api(
        "headman",
        "POST",
        "/api/v1/tips/reports",
        json={"area_code": village, "description": "มีคนแปลกหน้าเข้าออกบ้านร้างทุกคืน ใช้โทรศัพท์หลายเครื่อง"},
    )
    tip = (report.json() or {}).get("uuid", "") if report.status == 201 else ""
    page = http.get("province", f"/audit/?object_id={tip}&action=create")
    names_reporter = bool(tip) and tip in page.text and "headman" in page.text
    other = http.get(ctx.other_admin, "/audit/?actor=headman")
    other_sees = other.status == 200 and ">headman<" in other.text.replace(" ", "")
    return Finding(
        "6",
        "The audit log names who filed a watch report, and shows province 47 to another province",
        names_reporter or other_sees,
        f"province finds the create event of headman's watch report with its actor: "
        f"{names_reporter}; an admin of another province sees headman's events: {other_sees}",
    )


ATTACKS: tuple[Callable[[Ctx], Finding], ...] = (
    attack_party_by_passport,
    attack_resident_by_document,
    attack_informant_area,
    attack_informant_registry,
    attack_matter_accused,
    attack_watch_form,
    attack_import_dry_run,
    attack_jobs_other_province,
    attack_account_takeover,
    attack_audit_reporter,
)


# The attacks that record people (case parties by passport, informants, a matter's accused, a
# resident with a document held elsewhere, an import): run before the access matrix, so that it
# probes those people too, persona by persona (tests/hard/test_access_matrix.py).
PEOPLE_CREATING: tuple[Callable[[Ctx], Finding], ...] = (
    attack_party_by_passport,
    attack_resident_by_document,
    attack_informant_area,
    attack_informant_registry,
    attack_matter_accused,
    attack_import_dry_run,
    attack_jobs_other_province,
)


def run_all(ctx: Ctx, chosen: list[Callable[[Ctx], Finding]] | None = None) -> list[Finding]:
    findings = []
    for attack in chosen or ATTACKS:
        try:
            findings.append(attack(ctx))
        except Exception as exc:  # noqa: BLE001  (one broken scenario must not hide the others)
            findings.append(Finding("?", attack.__name__, False, f"scenario failed: {exc!r}"[:300]))
    return findings
