"""Benchmark: lost updates when two officers save the same record at the same moment (issue 18).

    scripts/bench concurrency                          # SQLite and PostgreSQL, 100 pairs each
    scripts/bench concurrency --database sqlite        # one database
    scripts/bench concurrency --pairs 20 --parallel 5
    scripts/bench concurrency --naive                  # adds the old way, for comparison

For each database it makes a fresh one (a SQLite file under $SODSONG_BENCH_DIR, default
/tmp/sodsong-bench, in WAL mode like the embedded default; or the database
$SODSONG_BENCH_PG_DB, default sodsong_concurrency_bench, on the server $SODSONG_BENCH_PG), migrates
it in a child process, adds one district with a police officer and a district officer, then runs
`--pairs` edit pairs on cases and as many on residents. In a pair, two threads (each with its own
database connection, closed when the thread ends) read the same record, wait for each other at a
barrier, then save at once through the services:

- cases: A saves the summary while B saves the police case number, or moves the case from "open"
  to "investigating" (`from_status`), or both change the police case number from the version
  they read (`expected_version`);
- residents: A saves the occupation while B saves the status, or both change the occupation from
  the version they read.

A pair loses an update when a save that reported success is not in the record afterwards (or a
status change is on the timeline but not on the case); of two saves of the same field from the
same version exactly one must succeed and the other be refused (a conflict, not a loss). Errors
are exceptions other than that refusal. `--parallel` pairs run at a time (2 × that many
connections: PostgreSQL's max_connections is shared with everything else on the server).

With `--naive` the same pairs also run the way the code saved before issue 18 (the record read
earlier saved whole, no version): the baseline, which shows that the pairs do race.

One JSON line per database, domain and way: lost updates (goal 0), errors, conflicts, the save
latency (p50/p95/max ms), the wall time, and the machine's load average.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import subprocess
import sys
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks.common import emit

BENCH = "concurrency"
ROOT = Path(__file__).resolve().parents[1]
WORK = Path(os.environ.get("SODSONG_BENCH_DIR", "/tmp/sodsong-bench"))  # noqa: S108
PG_SERVER = os.environ.get("SODSONG_BENCH_PG", "postgres://postgres@127.0.0.1:5432/")
PG_DB = os.environ.get("SODSONG_BENCH_PG_DB", "sodsong_concurrency_bench")


@dataclass
class Result:
    domain: str
    pairs: int = 0
    lost: int = 0
    conflicts: int = 0
    errors: list[str] = field(default_factory=list)
    lost_detail: list[str] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)
    wall: float = 0.0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def timing(self) -> dict[str, float]:
        ordered = sorted(self.latencies) or [0.0]

        def pick(q: float) -> float:
            return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000, 1)

        return {"p50_ms": pick(0.5), "p95_ms": pick(0.95), "max_ms": pick(1.0)}


@dataclass
class Side:
    """One officer's save: `read` loads the record as their page did, `save` writes it."""

    read: Callable[[], Any]
    save: Callable[[Any], Any]
    outcome: str = ""  # "ok", "conflict" or "error"


def _side(side: Side, barrier: threading.Barrier, result: Result) -> None:
    from django.db import connections

    from sodsong.cases.services import CaseStatusConflict
    from sodsong.core.concurrency import VersionConflict
    from sodsong.core.context import Actor, acting_as

    try:
        with acting_as(Actor(user_id=None, via="command")):
            record = side.read()
            barrier.wait()
            started = time.perf_counter()
            try:
                side.save(record)
                side.outcome = "ok"
            except (VersionConflict, CaseStatusConflict):
                side.outcome = "conflict"
            with result._lock:
                result.latencies.append(time.perf_counter() - started)
    except Exception as exc:
        side.outcome = "error"
        with result._lock:
            result.errors.append(f"{type(exc).__name__}: {exc}"[:300])
        if os.environ.get("SODSONG_BENCH_TRACE"):
            traceback.print_exc()
    finally:
        connections.close_all()  # this thread's connections only


def _race(pairs: list[tuple[Side, Side]], parallel: int, result: Result) -> None:
    """Runs the pairs, `parallel` at a time, each pair's two sides released together."""
    started = time.perf_counter()
    for start in range(0, len(pairs), parallel):
        threads = []
        for a, b in pairs[start : start + parallel]:
            barrier = threading.Barrier(2, timeout=120)
            threads += [threading.Thread(target=_side, args=(s, barrier, result)) for s in (a, b)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    result.wall += time.perf_counter() - started
    result.pairs += len(pairs)


def _lost(result: Result, what: str) -> None:
    result.lost += 1
    if len(result.lost_detail) < 20:
        result.lost_detail.append(what)


def _same_field(result: Result, a: Side, b: Side, final: str, label: str) -> None:
    """Two saves of one field from one version: one wins, the other is told."""
    outcomes = sorted((a.outcome, b.outcome))
    if outcomes == ["conflict", "ok"]:
        result.conflicts += 1
        winner = a if a.outcome == "ok" else b
        if final != winner.value:  # type: ignore[attr-defined]
            _lost(result, f"{label}: the accepted value is not the one kept")
    elif outcomes == ["ok", "ok"]:
        _lost(result, f"{label}: both saves of the same field accepted, one silently overwritten")


# --- cases ------------------------------------------------------------------------------------


def run_case_pairs(officer: Any, *, pairs: int, parallel: int, naive: bool = False) -> Result:
    """`pairs` pairs on new cases of `officer`'s district (kinds in turn: details, status, same
    field). `naive`: the saves as they were before issue 18."""
    from django.db import transaction

    from sodsong.accounts.models import RoleAssignment
    from sodsong.cases import services
    from sodsong.cases.models import Case, CaseEvent, CaseStatus

    district = RoleAssignment.objects.filter(user=officer, revoked_at__isnull=True)[0].areas.get()
    result = Result(domain="cases")
    cases = [
        services.case_create(
            by=officer,
            title=f"Concurrency pair {i}",
            case_type="call_centre",
            area=district,
            summary="before",
            template_tasks=False,
        )
        for i in range(pairs)
    ]

    def read(case: Case) -> Callable[[], Case]:
        return lambda: Case.objects.get(pk=case.pk)

    def details(**values: str) -> Callable[[Case], Any]:
        if naive:  # the old case_update_details: the case read earlier, saved whole

            @transaction.atomic  # as the service was
            def save_whole(case: Case) -> None:
                for name, value in values.items():
                    setattr(case, name, value)
                case.save()

            return save_whole
        return lambda case: services.case_update_details(by=officer, case=case, **values)

    def versioned(value: str) -> Callable[[Case], Any]:
        if naive:
            return details(police_case_number=value)
        return lambda case: services.case_update_details(
            by=officer, case=case, expected_version=case.version, police_case_number=value
        )

    def status(case: Case) -> Any:
        if naive:  # the old transition: the row locked, but no expected status
            return services.case_change_status(by=officer, case=case, to=CaseStatus.INVESTIGATING)
        return services.case_change_status(
            by=officer, case=case, to=CaseStatus.INVESTIGATING, from_status=case.status
        )

    plan: list[tuple[str, Side, Side]] = []
    for i, case in enumerate(cases):
        kind = ("details", "status", "same_field")[i % 3]
        a = Side(read(case), details(summary=f"A{i}"))
        if kind == "details":
            b = Side(read(case), details(police_case_number=f"B{i}"))
        elif kind == "status":
            b = Side(read(case), status)
        else:
            a = Side(read(case), versioned(f"A{i}"))
            b = Side(read(case), versioned(f"B{i}"))
            a.value, b.value = f"A{i}", f"B{i}"  # type: ignore[attr-defined]
        plan.append((kind, a, b))
    _race([(a, b) for _kind, a, b in plan], parallel, result)

    for i, (case, (kind, a, b)) in enumerate(zip(cases, plan, strict=True)):
        case.refresh_from_db()
        label = f"case pair {i} ({kind})"
        if kind == "same_field":
            _same_field(result, a, b, case.police_case_number, label)
            continue
        if a.outcome == "ok" and case.summary != f"A{i}":
            _lost(result, f"{label}: A's summary lost")
        if kind == "details" and b.outcome == "ok" and case.police_case_number != f"B{i}":
            _lost(result, f"{label}: B's police case number lost")
        if kind == "status":
            moved = CaseEvent.objects.filter(case=case, kind="status").exists()
            if (b.outcome == "ok" or moved) and case.status != CaseStatus.INVESTIGATING:
                _lost(result, f"{label}: the status went back while the timeline has the change")
    return result


# --- residents --------------------------------------------------------------------------------


def run_resident_pairs(
    officer: Any, village: Any, *, pairs: int, parallel: int, naive: bool = False
) -> Result:
    """`pairs` pairs on new residents of `village` (kinds in turn: two fields, same field)."""
    from django.db import transaction
    from django.utils import timezone

    from sodsong.people.models import DocumentType
    from sodsong.people.services import DocumentInput
    from sodsong.survey import services
    from sodsong.survey.models import Resident

    result = Result(domain="residents")
    stamp = int(time.time() * 1000) % 10**7
    residents = [
        services.resident_register(
            user=officer,
            area=village,
            given_name_latin="Aung",
            family_name_latin=f"Min{i}",
            birth_year=1990,
            nationality="MMR",
            documents=[DocumentInput(DocumentType.PASSPORT, "MMR", f"BC{stamp:07d}{i:04d}")],
            occupation="before",
            moved_in_on=timezone.localdate() - dt.timedelta(days=10),
        )
        for i in range(pairs)
    ]

    def read(resident: Resident) -> Callable[[], Resident]:
        return lambda: Resident.objects.get(pk=resident.pk)

    def update(versioned: bool = False, **values: str) -> Callable[[Resident], Any]:
        if naive:

            @transaction.atomic  # as the service was
            def save_whole(resident: Resident) -> None:
                for name, value in values.items():
                    setattr(resident, name, value)
                resident.save()

            return save_whole
        return lambda resident: services.resident_update(
            user=officer,
            resident=resident,
            expected_version=resident.version if versioned else None,
            **values,
        )

    plan: list[tuple[str, Side, Side]] = []
    for i, resident in enumerate(residents):
        kind = ("fields", "same_field")[i % 2]
        if kind == "fields":
            a = Side(read(resident), update(occupation=f"A{i}"))
            b = Side(read(resident), update(status="unknown"))
        else:
            a = Side(read(resident), update(True, occupation=f"A{i}"))
            b = Side(read(resident), update(True, occupation=f"B{i}"))
            a.value, b.value = f"A{i}", f"B{i}"  # type: ignore[attr-defined]
        plan.append((kind, a, b))
    _race([(a, b) for _kind, a, b in plan], parallel, result)

    for i, (resident, (kind, a, b)) in enumerate(zip(residents, plan, strict=True)):
        resident.refresh_from_db()
        label = f"resident pair {i} ({kind})"
        if kind == "same_field":
            _same_field(result, a, b, resident.occupation, label)
            continue
        if a.outcome == "ok" and resident.occupation != f"A{i}":
            _lost(result, f"{label}: A's occupation lost")
        if b.outcome == "ok" and resident.status != "unknown":
            _lost(result, f"{label}: B's status lost")
    return result


# --- the child: one database ------------------------------------------------------------------


def _seed() -> tuple[Any, Any, Any]:
    """One district with a village, its police station and two officers."""
    from sodsong.accounts.models import Agency, AgencyKind, Role, User
    from sodsong.accounts.services import role_assign
    from sodsong.geo.models import Area, Level

    province, _ = Area.objects.get_or_create(
        code="47", defaults={"level": Level.PROVINCE, "name_th": "สกลนคร"}
    )
    district, _ = Area.objects.get_or_create(
        code="4701", defaults={"level": Level.DISTRICT, "name_th": "เมือง", "parent": province}
    )
    subdistrict, _ = Area.objects.get_or_create(
        code="470101",
        defaults={"level": Level.SUBDISTRICT, "name_th": "ธาตุเชิงชุม", "parent": district},
    )
    village, _ = Area.objects.get_or_create(
        code="47010101",
        defaults={"level": Level.VILLAGE, "name_th": "บ้านทดสอบ", "parent": subdistrict, "moo": 1},
    )
    station = Agency.objects.create(kind=AgencyKind.POLICE, name_th="สถานีตำรวจทดสอบ")
    station.areas.add(district)
    police = User.objects.create(username="bench-police", agency=station)
    role_assign(user=police, role=Role.AGENCY_OFFICER, areas=[district])
    clerk = User.objects.create(username="bench-district")
    role_assign(user=clerk, role=Role.DISTRICT, areas=[district])
    return police, clerk, village


def _loadavg() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def _child(database: str, pairs: int, parallel: int, naive: bool) -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from sodsong.core.context import Actor, acting_as

    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    migrated = time.perf_counter() - started
    with acting_as(Actor(user_id=None, via="command")):
        police, clerk, village = _seed()
    connection.close()  # the threads open their own
    ways = [("naive", True), ("sodsong", False)] if naive else [("sodsong", False)]
    for way, is_naive in ways:
        for domain in ("residents", "cases"):
            load_before = _loadavg()
            with acting_as(Actor(user_id=None, via="command")):
                if domain == "cases":
                    result = run_case_pairs(police, pairs=pairs, parallel=parallel, naive=is_naive)
                else:
                    result = run_resident_pairs(
                        clerk, village, pairs=pairs, parallel=parallel, naive=is_naive
                    )
            errors: dict[str, int] = {}
            for error in result.errors:
                key = error.split(":")[0] + ": " + error.split("\n")[0][:120].split(": ", 1)[-1]
                errors[key] = errors.get(key, 0) + 1
            emit(
                BENCH,
                f"{domain}_lost_updates",
                result.lost,
                None,
                database=database,
                way=way,
                pairs=result.pairs,
                parallel=parallel,
                errors=len(result.errors),
                error_kinds=errors,
                conflicts=result.conflicts,
                wall_s=round(result.wall, 2),
                **result.timing(),
                lost_examples=result.lost_detail[:3],
                loadavg_before=load_before,
                loadavg_after=_loadavg(),
                migrate_s=round(migrated, 1),
            )


# --- the parent: one child per database -------------------------------------------------------


def _pg_admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(PG_SERVER + "postgres", autocommit=True) as conn:
        conn.execute(sql)


def _env(database: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SODSONG_")}
    env.pop("DATABASE_URL", None)
    WORK.mkdir(parents=True, exist_ok=True)
    if database == "postgresql":
        _pg_admin(f'DROP DATABASE IF EXISTS "{PG_DB}" WITH (FORCE)')
        _pg_admin(f'CREATE DATABASE "{PG_DB}"')
        env["DATABASE_URL"] = PG_SERVER + PG_DB
    else:
        db = WORK / "concurrency.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(str(db) + suffix).unlink(missing_ok=True)
        env["SODSONG_SQLITE_PATH"] = str(db)
    env.update(
        SODSONG_DEMO="1",
        SODSONG_TESTING="0",
        SODSONG_DEBUG="0",
        SODSONG_VAR_DIR=str(WORK / "var"),
        SODSONG_MEDIA_DIR=str(WORK / "media"),
        SODSONG_JOBS="immediate",
        SODSONG_LOG_LEVEL="WARNING",
        DJANGO_SETTINGS_MODULE="sodsong.settings",
    )
    if os.environ.get("SODSONG_BENCH_TRACE"):
        env["SODSONG_BENCH_TRACE"] = "1"
    return env


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--pairs", type=int, default=100)
    parser.add_argument("--parallel", type=int, default=10, help="pairs at a time")
    parser.add_argument("--naive", action="store_true", help="also run the pre-issue-18 saves")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(args.database, args.pairs, args.parallel, args.naive)
        return
    databases = ("sqlite", "postgresql") if args.database == "both" else (args.database,)
    failed = False
    for database in databases:
        command = [sys.executable, "-m", "benchmarks.concurrency", "--child"]
        command += ["--database", database, "--pairs", str(args.pairs)]
        command += ["--parallel", str(args.parallel)] + (["--naive"] if args.naive else [])
        done = subprocess.run(command, cwd=ROOT, env=_env(database), check=False)  # noqa: S603
        failed = failed or done.returncode != 0
    if failed:
        sys.exit(1)


if __name__ == "__main__":
    main()
