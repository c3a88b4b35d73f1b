"""The residuals of the outside probe (issue #17) that docs/security.md listed after the first
fixes, replayed from the outside like benchmarks/hard/attacks.py (same `Ctx`, same `Finding`):

- C1: a spreadsheet row whose passport is held out of the importer's reach was refused as
  "already recorded elsewhere", telling that the number exists;
- C2: a registry person who is also an informant or a victim of a case: the registry must not
  show the role;
- H3: the indicators counted from misconduct matters counted, for the accused's own chain of
  command, matters that its misconduct totals leave out.

They run in CI (tests/hard/test_probe_attacks.py) and can be added to `run_all`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable

from benchmarks.hard.attacks import (
    Ctx,
    Finding,
    _me,
    _name_in,
    _own_village,
    _passport_outside,
    api_all,
)
from benchmarks.hard.http import Http

RESIDUAL_FAMILY_NAME = "RESIDUAL"


def _rows_csv(village: str, rows: list[tuple[str, str, str]]) -> bytes:
    """Import rows `(given name, issuing state, passport number)` in `village`."""
    from sodsong.survey.importing.template import KEYS

    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(KEYS))
    writer.writeheader()
    for given, state, number in rows:
        row = dict.fromkeys(KEYS, "")
        row.update(
            village_code=village,
            house_no="3/1",
            given_name_latin=given,
            family_name_latin=RESIDUAL_FAMILY_NAME,
            sex="M",
            birth_date="1991",
            nationality=state,
            doc_type="passport",
            doc_state=state,
            doc_number=number,
            occupation="labourer",
            status="living",
        )
        writer.writerow(row)
    return out.getvalue().encode("utf-8-sig")


def _upload(http: Http, persona: str, body: bytes) -> dict:
    response = http.api(
        persona,
        "POST",
        "/api/v1/survey/imports",
        files={"file": ("residents.csv", body, "text/csv")},
        data={"mode": "good_rows"},
    )
    return response.json() if response.status == 201 else {"status": response.status}


def _shape(job: dict) -> tuple:
    return tuple(
        job.get(k) for k in ("total_rows", "new_rows", "unchanged_rows", "conflict_rows")
    ) + (job.get("error_rows"), len((job.get("report") or {}).get("errors", [])))


# --- C1: a sheet row with a document held elsewhere --------------------------------------------


def attack_import_held_document(ctx: Ctx) -> Finding:
    """headman2 uploads one row with the passport of a person outside his reach, and the same
    row with a number nobody holds: the two answers must be the same (no error row saying the
    number is recorded elsewhere), and neither may name the holder."""
    http = ctx.http
    village = _own_village(http, "headman2")
    target, doc = _passport_outside(http, "4702")
    state = doc["issuing_state"]
    held = _upload(http, "headman2", _rows_csv(village, [("HELDROW", state, doc["number"])]))
    nobody = _upload(
        http, "headman2", _rows_csv(village, [("FREEROW", state, "RSD" + doc["number"][-6:])])
    )
    text = str(held)
    named = target["uuid"] in text or _name_in(text, target)
    differs = _shape(held) != _shape(nobody)
    return Finding(
        "C1",
        "A spreadsheet row with a document held out of reach tells that the number exists",
        named or differs,
        f"held: {_shape(held)}, unknown number: {_shape(nobody)}; names the holder: {named}",
    )


# --- C2: a registry person's case role -----------------------------------------------------------

ROLE_WORDS = ("informant", "victim", "witness", "ผู้แจ้งเบาะแส", "ผู้เสียหาย", "สายลับ")
AREA_VIEWERS = ("province", "district", "kamnan", "headman", "analyst")


def _case_with_registry_suspect(http: Http, lead: str) -> tuple[dict, str] | None:
    """A case the lead may edit and a suspect of it whom a viewer of the area sees in the
    registry."""
    for case in api_all(http, lead, "/api/v1/cases"):
        detail = http.api(lead, "GET", f"/api/v1/cases/{case['uuid']}", scope="read").json()
        if not isinstance(detail, dict) or not detail.get("can_edit"):
            continue
        for party in detail.get("parties", []):
            if party.get("role") != "suspect":
                continue
            uuid = party["person_uuid"]
            if http.api("province", "GET", f"/api/v1/people/{uuid}", scope="read").status == 200:
                return detail, uuid
    return None


def attack_registry_case_role(ctx: Ctx) -> Finding:
    """The lead of a case adds a registry person of the case (its suspect) as an informant (or a
    victim) too; the
    registry (list, search, one record, the person's page) must show no role to anyone."""
    http = ctx.http
    added: list[str] = []
    person = ""
    for lead in ("police", "police2", "immigration"):
        found = _case_with_registry_suspect(http, lead)
        if found is None:
            continue
        case, person = found
        for role in ("informant", "victim"):
            response = http.api(
                lead,
                "POST",
                f"/api/v1/cases/{case['uuid']}/parties",
                json={"role": role, "person_uuid": person},
            )
            added.append(f"{lead} {role} {response.status}")
        if any(a.endswith("201") for a in added):
            break
    if not any(a.endswith("201") for a in added):
        return Finding("C2", "Registry shows a case role", False, f"not added: {added}")
    sightings: list[str] = []
    for viewer in AREA_VIEWERS:
        one = http.api(viewer, "GET", f"/api/v1/people/{person}", scope="read")
        if one.status != 200:
            continue
        record = one.json() or {}
        listed = [
            p
            for p in api_all(
                http,
                viewer,
                "/api/v1/people?q="
                + (record.get("given_name_latin") or record.get("given_name_th") or ""),
            )
            if p.get("uuid") == person
        ]
        page = http.get(viewer, f"/people/{person}/")
        for where, text in (("record", one.text), ("list", str(listed)), ("page", page.text)):
            words = [w for w in ROLE_WORDS if w in text.lower()]
            if words:
                sightings.append(f"{viewer} {where}: {words}")
    return Finding(
        "C2",
        "The registry shows a resident's case role (informant, victim)",
        bool(sightings),
        f"a lead adds a registry suspect: {', '.join(added)}; "
        + (("; ".join(sightings[:6])) or "no role word in the registry"),
    )


# --- H3: indicators counted from misconduct matters ----------------------------------------------


def _district_code(http: Http, persona: str) -> str:
    for role in _me(http, persona).get("roles", []):
        for code in role.get("areas", []):
            code = code if isinstance(code, str) else code.get("code", "")
            if len(code) == 4:
                return code
    raise RuntimeError(f"{persona} has no district")


def attack_indicator_chain(ctx: Ctx) -> Finding:
    """The district office reads the officials-penalised indicator of its district over three
    years and its own misconduct totals for the same period: the indicator must not count
    matters the totals leave out (those against the district office's own chain)."""
    http = ctx.http
    code = _district_code(http, "district")
    today = dt.date.today()
    period = {"date_from": (today - dt.timedelta(days=3 * 365)).isoformat(), "date_to": today}
    query = f"area={code}&date_from={period['date_from']}&date_to={today.isoformat()}"
    values = http.api("district", "GET", f"/api/v1/indicators/values?{query}", scope="read")
    totals = http.api("district", "GET", f"/api/v1/misconduct/totals?{query}", scope="read")
    counted = (values.json() or {}).get("values") or {}
    allowed = totals.json() or {}
    # A matter whose first step lies in the period has a step in the period: with the same rule
    # the indicator never exceeds the totals' "investigated"; "penalised" is the same count.
    pairs = (("officials_investigated", "investigated"), ("officials_penalised", "penalised"))
    over = [
        f"{ind} {counted.get(ind) or 0} > {tot} {allowed.get(tot) or 0}"
        for ind, tot in pairs
        if (counted.get(ind) or 0) > (allowed.get(tot) or 0)
    ]
    return Finding(
        "H3",
        "Misconduct indicators count matters the viewer's chain of command hides from him",
        bool(over),
        f"district {code} ({values.status}, {totals.status}): "
        + ("; ".join(over) or "indicators within the totals"),
    )


RESIDUAL_ATTACKS: tuple[Callable[[Ctx], Finding], ...] = (
    attack_import_held_document,
    attack_registry_case_role,
    attack_indicator_chain,
)
