"""Benchmark: importing foreign residents from an XLSX file.

    scripts/bench residents-import                 # 10,000 and 100,000 rows
    scripts/bench residents-import --sizes 10000   # one size
    scripts/bench residents-import --full          # adds 1,000,000 rows (slow: file generation)

    scripts/bench residents-import --database postgresql   # on PostgreSQL (SODSONG_BENCH_PG)

For each size it generates an XLSX in the import template's layout (cached under
$SODSONG_BENCH_DIR, default /tmp/sodsong-bench), then measures, each in a fresh process on a
copy of the same prepared database (a SQLite file, or a PostgreSQL database created from a
template database on the server at $SODSONG_BENCH_PG, default postgres://postgres@127.0.0.1:5432/):

- baseline `calamine`: python-calamine reads the rows, a bare `executemany` inserts them into a
  flat 25-column table (no validation);
- baseline `openpyxl`: the same with openpyxl in read-only mode;
- `sodsong`: the real import commit (`sodsong.survey.importing.jobs.import_commit`): validation with
  Thai messages, matching on the document key, people, documents, residents, residences, TM.30
  notifications and phones written by `sodsong.survey.bulk` (multi-row INSERTs on SQLite, COPY
  on PostgreSQL, on a writer thread beside the validation), one audit event.

It prints one JSON line per figure: rows per second, seconds (wall, with the process's CPU
seconds beside them, steadier on a shared machine), peak RSS (MiB) and the RSS growth
during the import (peak minus the RSS after imports, which discounts Django's own footprint);
the `sodsong` and `openpyxl` lines carry the calamine baseline and the ratio to it.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.common import emit, peak_rss_mb

BENCH = "residents-import"
ROOT = Path(__file__).resolve().parents[1]
WORK = Path(os.environ.get("SODSONG_BENCH_DIR", "/tmp/sodsong-bench"))  # noqa: S108
PROVINCE = "47"
BATCH = 5000
PG_SERVER = os.environ.get("SODSONG_BENCH_PG", "postgres://postgres@127.0.0.1:5432/")
PG_TEMPLATE = "sodsong_bench_import_template"
# "sqlite" or "postgresql": set by --database, passed to the children in SODSONG_BENCH_DATABASE.
DATABASE = os.environ.get("SODSONG_BENCH_DATABASE", "sqlite")


def _rss_now_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def _django_env(db: Path) -> dict[str, str]:
    """The environment of a child on `db`: a SQLite file, or (PostgreSQL) a database name."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SODSONG_")}
    env.pop("DATABASE_URL", None)
    if DATABASE == "postgresql":
        env["DATABASE_URL"] = PG_SERVER + db.name
    else:
        env["SODSONG_SQLITE_PATH"] = str(db)
    env.update(
        SODSONG_BENCH_DATABASE=DATABASE,
        SODSONG_BENCH_PG=PG_SERVER,
        SODSONG_DEMO="1",
        SODSONG_TESTING="0",
        SODSONG_DEBUG="0",
        SODSONG_VAR_DIR=str(WORK / "var"),
        SODSONG_MEDIA_DIR=str(WORK / "media"),
        SODSONG_JOBS="immediate",
        SODSONG_LOG_LEVEL="WARNING",
        DJANGO_SETTINGS_MODULE="sodsong.settings",
    )
    return env


def _django_setup(db: Path) -> None:
    os.environ.update(_django_env(db))
    import django

    django.setup()


# --- preparing the database and the files ----------------------------------------------------


def _pg_admin(sql: str) -> list[tuple]:
    import psycopg

    with psycopg.connect(PG_SERVER + "postgres", autocommit=True) as conn:
        cursor = conn.execute(sql)
        return cursor.fetchall() if cursor.description else []


def _pg_prepare() -> Path:
    template = Path(PG_TEMPLATE)
    if _pg_admin(f"SELECT 1 FROM pg_database WHERE datname = '{PG_TEMPLATE}'"):  # noqa: S608
        return template
    building = Path(PG_TEMPLATE + "_building")
    _pg_admin(f'DROP DATABASE IF EXISTS "{building.name}"')
    _pg_admin(f'CREATE DATABASE "{building.name}"')
    env = _django_env(building)
    sodsong = str(Path(sys.executable).parent / "sodsong")
    subprocess.run([sodsong, "migrate", "--no-input", "-v0"], env=env, check=True)  # noqa: S603
    subprocess.run(  # noqa: S603
        [
            sys.executable,
            "-m",
            "benchmarks.residents_import",
            "--child",
            "seed",
            "--db",
            building.name,
        ],
        env=env,
        check=True,
        cwd=ROOT,
    )
    _pg_admin(f'ALTER DATABASE "{building.name}" RENAME TO "{PG_TEMPLATE}"')
    return template


def prepare_database() -> Path:
    """A migrated database with the province's geography, villages and one district officer."""
    if DATABASE == "postgresql":
        return _pg_prepare()
    template = WORK / "template.sqlite3"
    if template.exists():
        return template
    WORK.mkdir(parents=True, exist_ok=True)
    (WORK / "var").mkdir(exist_ok=True)
    tmp = WORK / "template-building.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{tmp}{suffix}").unlink(missing_ok=True)
    env = _django_env(tmp)
    sodsong = str(Path(sys.executable).parent / "sodsong")
    subprocess.run([sodsong, "migrate", "--no-input", "-v0"], env=env, check=True)  # noqa: S603
    subprocess.run(  # noqa: S603
        [sys.executable, "-m", "benchmarks.residents_import", "--child", "seed", "--db", str(tmp)],
        env=env,
        check=True,
        cwd=ROOT,
    )
    _checkpoint(tmp)
    tmp.rename(template)
    return template


def _checkpoint(db: Path) -> None:
    import sqlite3

    conn = sqlite3.connect(db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.execute("PRAGMA journal_mode=DELETE")
    conn.close()


def _seed() -> None:
    import random as rnd

    from sodsong.accounts.models import Agency, AgencyKind, Role, User
    from sodsong.accounts.services import role_assign
    from sodsong.core.context import Actor, acting_as
    from sodsong.geo.models import Area, Level
    from sodsong.geo.services import geography_load, village_create

    with acting_as(Actor(user_id=None, via="command")):
        geography_load()
        rng = rnd.Random(1)
        for sub in Area.objects.filter(
            level=Level.SUBDISTRICT, code__startswith=PROVINCE, abolished_on__isnull=True
        ):
            for moo in range(1, rng.randint(6, 14) + 1):
                village_create(subdistrict=sub, moo=moo, name_th=f"บ้านทดสอบ {moo}")
        agency = Agency.objects.create(kind=AgencyKind.PROVINCIAL_ADMIN, name_th="bench")
        user = User.objects.create(username="bench", agency=agency, is_demo=True)
        role_assign(user=user, role=Role.PROVINCE, areas=[Area.objects.get(code=PROVINCE)])


def _village_codes(db: Path) -> list[str]:
    if DATABASE == "postgresql":
        import psycopg

        with psycopg.connect(PG_SERVER + db.name) as conn:
            return [
                r[0]
                for r in conn.execute(
                    "SELECT code FROM geo_area WHERE level = 'village' AND code LIKE %s "
                    "ORDER BY code",
                    (PROVINCE + "%",),
                )
            ]
    import sqlite3

    conn = sqlite3.connect(db)
    codes = [
        r[0]
        for r in conn.execute(
            "SELECT code FROM geo_area WHERE level = 'village' AND code LIKE ? ORDER BY code",
            (PROVINCE + "%",),
        )
    ]
    conn.close()
    return codes


def generate_file(rows: int, villages: list[str]) -> Path:
    """An XLSX in the template's layout with `rows` distinct people (cached)."""
    path = WORK / f"residents-{rows}.xlsx"
    if path.exists():
        return path
    from openpyxl import Workbook

    from benchmarks.residents_import_columns import HEADERS, row_values

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("residents")
    ws.append(HEADERS)
    rng = random.Random(rows)
    for index in range(rows):
        ws.append(row_values(index, rng, villages))
    tmp = path.with_suffix(".tmp")
    wb.save(tmp)
    tmp.rename(path)
    return path


# --- the measured runs (each in its own process) ---------------------------------------------


BASELINE_COLUMNS = 25


def _bare_insert(db: Path, rows) -> int:  # type: ignore[no-untyped-def]
    """The rows as they come, into one flat table with a bare `executemany` per batch, in one
    transaction (psycopg 3's `executemany` pipelines the statements on PostgreSQL)."""
    cols = ", ".join(f"c{i} TEXT" for i in range(BASELINE_COLUMNS))
    if DATABASE == "postgresql":
        import psycopg

        conn = psycopg.connect(PG_SERVER + db.name, autocommit=True)
        marker = "%s"
        convert = True  # text columns take text: psycopg sends numbers as numbers
    else:
        import sqlite3

        conn = sqlite3.connect(db, isolation_level=None)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        marker = "?"
        convert = False
    conn.execute(f"CREATE TABLE IF NOT EXISTS bench_rows ({cols})")
    sql = f"INSERT INTO bench_rows VALUES ({', '.join([marker] * BASELINE_COLUMNS)})"  # noqa: S608
    conn.execute("BEGIN")
    iterator = iter(rows)
    next(iterator)  # header
    count = 0
    batch: list[tuple] = []
    executemany = conn.cursor().executemany
    for row in iterator:
        values = list(row[:BASELINE_COLUMNS])
        if convert:
            values = [None if v is None else str(v) for v in values]
        values += [None] * (BASELINE_COLUMNS - len(values))
        batch.append(tuple(values))
        if len(batch) >= BATCH:
            executemany(sql, batch)
            count += len(batch)
            batch = []
    if batch:
        executemany(sql, batch)
        count += len(batch)
    conn.execute("COMMIT")
    conn.close()
    return count


def child_calamine(file: Path, db: Path) -> dict[str, float]:
    from python_calamine import CalamineWorkbook

    start_rss = _rss_now_mb()
    cpu_started = time.process_time()
    started = time.perf_counter()
    with open(file, "rb") as handle:
        sheet = CalamineWorkbook.from_filelike(handle).get_sheet_by_index(0)
        count = _bare_insert(db, sheet.iter_rows())
    return _figures(count, time.perf_counter() - started, start_rss, cpu_started)


def child_openpyxl(file: Path, db: Path) -> dict[str, float]:
    from openpyxl import load_workbook

    start_rss = _rss_now_mb()
    cpu_started = time.process_time()
    started = time.perf_counter()
    wb = load_workbook(file, read_only=True, data_only=True)
    count = _bare_insert(db, wb.worksheets[0].iter_rows(values_only=True))
    wb.close()
    return _figures(count, time.perf_counter() - started, start_rss, cpu_started)


def child_sodsong(file: Path, db: Path) -> dict[str, float]:
    _django_setup(db)
    from django.core.files.base import ContentFile

    from sodsong.accounts.models import User
    from sodsong.core.context import Actor, acting_as
    from sodsong.survey.importing.jobs import import_commit
    from sodsong.survey.models import ImportJob

    user = User.objects.get(username="bench")
    job = ImportJob(uploaded_by=user, area_code=PROVINCE, original_name=file.name, mode="good_rows")
    job.file.save("upload.xlsx", ContentFile(file.read_bytes()), save=False)
    job.save()
    start_rss = _rss_now_mb()
    cpu_started = time.process_time()
    started = time.perf_counter()
    with acting_as(Actor(user_id=user.pk, via="command")):
        job = import_commit(job=job, user=user)
    elapsed = time.perf_counter() - started
    if job.status != ImportJob.Status.COMMITTED or job.error_rows:
        raise SystemExit(f"import did not commit cleanly: {job.status} {job.report}")
    return _figures(job.created_count, elapsed, start_rss, cpu_started)


def _figures(count: int, seconds: float, start_rss: float, cpu_started: float) -> dict[str, float]:
    peak = peak_rss_mb()
    return {
        "rows": count,
        "seconds": seconds,
        # CPU time of the process (all threads): steadier than wall time on a shared machine.
        "cpu_seconds": time.process_time() - cpu_started,
        "rows_per_s": count / seconds if seconds else 0.0,
        "peak_rss_mb": peak,
        "rss_growth_mb": peak - start_rss,
    }


def _fresh_copy(kind: str, template: Path) -> Path:
    if DATABASE == "postgresql":
        db = Path(f"sodsong_bench_import_{kind}")
        _pg_admin(f'DROP DATABASE IF EXISTS "{db.name}"')
        _pg_admin(f'CREATE DATABASE "{db.name}" TEMPLATE "{template.name}"')
        return db
    db = WORK / f"run-{kind}.sqlite3"
    _drop_copy(db)
    shutil.copyfile(template, db)
    return db


def _drop_copy(db: Path) -> None:
    if DATABASE == "postgresql":
        _pg_admin(f'DROP DATABASE IF EXISTS "{db.name}"')
        return
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)


def run_child(kind: str, file: Path, template: Path) -> dict[str, float]:
    db = _fresh_copy(kind, template)
    result = subprocess.run(  # noqa: S603
        [
            sys.executable,
            "-m",
            "benchmarks.residents_import",
            "--child",
            kind,
            "--file",
            str(file),
            "--db",
            str(db),
        ],
        env=_django_env(db),
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    _drop_copy(db)
    if result.returncode != 0:
        raise SystemExit(f"{kind} failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def machine() -> dict[str, object]:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import sqlite3

    if DATABASE == "postgresql":
        version = _pg_admin("SHOW server_version")[0][0]
        database = f"PostgreSQL {version} (same machine, default settings)"
    else:
        database = "SQLite (WAL, synchronous=NORMAL)"
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "load_avg_1m": round(os.getloadavg()[0], 2),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "database": database,
    }


def main() -> None:
    global DATABASE
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--full", action="store_true", help="also 1,000,000 rows")
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default=DATABASE)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--file", help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    args = parser.parse_args()
    DATABASE = args.database
    if args.child == "seed":
        _django_setup(Path(args.db))
        _seed()
        return
    if args.child:
        runner = {
            "calamine": child_calamine,
            "openpyxl": child_openpyxl,
            "sodsong": child_sodsong,
        }[args.child]
        print(json.dumps(runner(Path(args.file), Path(args.db))))
        return
    sizes = [int(s) for s in args.sizes.split(",") if s]
    if args.full and 1_000_000 not in sizes:
        sizes.append(1_000_000)
    emit(BENCH, "machine", 0, **machine())
    template = prepare_database()
    villages = _village_codes(template)
    for size in sizes:
        generated = time.perf_counter()
        file = generate_file(size, villages)
        emit(
            BENCH,
            "file",
            file.stat().st_size / 2**20,
            rows=size,
            unit="MiB",
            generated_s=round(time.perf_counter() - generated, 1),
        )
        base = run_child("calamine", file, template)
        emit(
            BENCH,
            "calamine_rows_per_s",
            base["rows_per_s"],
            rows=size,
            seconds=round(base["seconds"], 2),
            cpu_s=round(base["cpu_seconds"], 2),
        )
        emit(
            BENCH,
            "calamine_peak_rss_mb",
            base["peak_rss_mb"],
            rows=size,
            growth_mb=round(base["rss_growth_mb"], 1),
        )
        for kind in ("openpyxl", "sodsong"):
            result = run_child(kind, file, template)
            emit(
                BENCH,
                f"{kind}_seconds",
                result["seconds"],
                round(base["seconds"], 3),
                rows=size,
                rows_per_s=round(result["rows_per_s"]),
                cpu_s=round(result["cpu_seconds"], 2),
                baseline_cpu_s=round(base["cpu_seconds"], 2),
                cpu_ratio=round(result["cpu_seconds"] / base["cpu_seconds"], 2)
                if base["cpu_seconds"]
                else None,
            )
            emit(
                BENCH,
                f"{kind}_peak_rss_mb",
                result["peak_rss_mb"],
                round(base["peak_rss_mb"], 1),
                rows=size,
                growth_mb=round(result["rss_growth_mb"], 1),
                baseline_growth_mb=round(base["rss_growth_mb"], 1),
            )


if __name__ == "__main__":
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    main()
