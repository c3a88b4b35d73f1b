"""Benchmark: importing foreign residents from an XLSX file.

    scripts/bench residents-import                 # 10,000 and 100,000 rows
    scripts/bench residents-import --sizes 10000   # one size
    scripts/bench residents-import --full          # adds 1,000,000 rows (slow: file generation)

    scripts/bench residents-import --database postgresql   # on PostgreSQL (SODSONG_BENCH_PG)

For each size it generates an XLSX in the import template's layout (cached under
$SODSONG_BENCH_DIR, default /tmp/sodsong-bench), then measures, one after the other, each in a
fresh process on a fresh copy of the same prepared database (a SQLite file, or a PostgreSQL
database created from a template database on the server at $SODSONG_BENCH_PG, default
postgres://postgres@127.0.0.1:5432/, named after $SODSONG_BENCH_PG_PREFIX):

- `floor`, the same-schema floor (benchmarks/residents_import_floor.py): python-calamine reads
  the rows and exactly the rows the import writes go raw into the same tables, with the same
  constraints and indexes, without validation (`executemany` on SQLite, `COPY` on PostgreSQL);
- `sodsong`: the real import commit (`sodsong.survey.importing.jobs.import_commit`): the sheet
  read by an isolated child process, validation with Thai messages, matching on the document key,
  people, documents, residents, residences, TM.30 notifications and phones written by
  `sodsong.survey.bulk`, one audit event;
- `import_export` (benchmarks/residents_import_export.py): django-import-export importing the same
  file into the same models, at most at --import-export-rows rows (default 10,000): a larger size
  is extrapolated linearly from that run, in the same invocation, and says so.

After each run the rows left in each of the six tables are counted: the floor and the import
must have written the same numbers, or the benchmark fails. One JSON line per size, metric
`time_vs_same_schema_floor`: seconds of each (wall, CPU beside), the ratio to the floor and
django-import-export's to the import, peak RSS in MiB (the import's with its reader child's
peak added), and the load average before and after (the machine may be shared).
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
PG_SERVER = os.environ.get("SODSONG_BENCH_PG", "postgres://postgres@127.0.0.1:5432/")
# Databases on the server are named after this prefix (a helper running the benchmark beside
# others sets its own: SODSONG_BENCH_PG_PREFIX=sodsong_<name>).
PG_PREFIX = os.environ.get("SODSONG_BENCH_PG_PREFIX", "sodsong_bench_import")
PG_TEMPLATE = PG_PREFIX + "_template"
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
        SODSONG_BENCH_PG_PREFIX=PG_PREFIX,
        SODSONG_BENCH_DIR=str(WORK),
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


def child_spec(file: Path, db: Path) -> dict[str, object]:
    """The floor's spec (`residents_import_floor.build_spec`), pickled to `file`."""
    _django_setup(db)
    import pickle

    from benchmarks.residents_import_floor import build_spec
    from sodsong.accounts.models import User

    user = User.objects.get(username="bench")
    spec = build_spec(user_id=user.pk, area_codes=(PROVINCE,))
    file.write_bytes(pickle.dumps(spec))
    return {"tables": {k: v["table"] for k, v in spec["tables"].items()}}


def child_floor(file: Path, db: Path) -> dict[str, object]:
    import pickle

    from benchmarks.residents_import_floor import run_floor

    spec = pickle.loads(_spec_path().read_bytes())  # noqa: S301  (written by child_spec)
    database = PG_SERVER + db.name if DATABASE == "postgresql" else str(db)
    start_rss = _rss_now_mb()
    cpu_started = time.process_time()
    started = time.perf_counter()
    written = run_floor(str(file), spec, database)
    elapsed = time.perf_counter() - started
    return _figures(written["person"], elapsed, start_rss, cpu_started)


def child_import_export(file: Path, db: Path) -> dict[str, object]:
    from benchmarks.residents_import_export import configure, run_import_export

    os.environ.update(_django_env(db))
    configure()
    import django

    django.setup()
    from sodsong.accounts.models import User

    user = User.objects.get(username="bench")
    data = file.read_bytes()
    start_rss = _rss_now_mb()
    cpu_started = time.process_time()
    started = time.perf_counter()
    count = run_import_export(data, user)
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
    # The import reads the sheet in a child process (sodsong.core.sheet_reader): its peak counts
    # too. Added to this process's peak, an upper bound of what both held at once.
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {
        "rows": count,
        "seconds": seconds,
        # CPU time of the process (all threads): steadier than wall time on a shared machine.
        "cpu_seconds": time.process_time() - cpu_started,
        "rows_per_s": count / seconds if seconds else 0.0,
        "peak_rss_mb": peak,
        "children_peak_rss_mb": usage.ru_maxrss / 1024,
        "children_cpu_seconds": usage.ru_utime + usage.ru_stime,
        "rss_growth_mb": peak - start_rss,
    }


def _fresh_copy(kind: str, template: Path) -> Path:
    if DATABASE == "postgresql":
        db = Path(f"{PG_PREFIX}_{kind}")
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


def _spec_path() -> Path:
    return WORK / f"floor-spec-{DATABASE}.pickle"


def table_counts(db: Path, tables: dict[str, str]) -> dict[str, int]:
    """Rows in each of the import's tables of `db`."""
    if DATABASE == "postgresql":
        import psycopg

        with psycopg.connect(PG_SERVER + db.name) as conn:
            return {
                k: conn.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0]  # noqa: S608
                for k, t in tables.items()
            }
    import sqlite3

    conn = sqlite3.connect(db)
    counts = {
        k: conn.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0]  # noqa: S608
        for k, t in tables.items()
    }
    conn.close()
    return counts


def run_child(
    kind: str, file: Path, template: Path, tables: dict[str, str] | None = None
) -> dict[str, object]:
    """`kind` in a fresh process on a fresh copy of the template; with `tables`, the rows it
    left in each of them (less the template's) come back under "written"."""
    db = _fresh_copy(kind, template)
    before = table_counts(db, tables) if tables else {}
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
            "--database",
            DATABASE,
        ],
        env=_django_env(db),
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    figures = json.loads(result.stdout.strip().splitlines()[-1]) if result.returncode == 0 else {}
    if tables and result.returncode == 0:
        after = table_counts(db, tables)
        figures["written"] = {k: after[k] - before[k] for k in tables}
    _drop_copy(db)
    if result.returncode != 0:
        raise SystemExit(f"{kind} failed:\n{result.stderr[-3000:]}")
    return figures


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


def _measure(size: int, file: Path, template: Path, tables: dict[str, str], args, cache) -> None:  # type: ignore[no-untyped-def]
    """The floor, the import and django-import-export at `size` rows, one after the other; one
    JSON line."""
    load_start = [round(x, 2) for x in os.getloadavg()]
    floor = run_child("floor", file, template, tables)
    cache.setdefault("floor", {})[size] = floor
    ours = run_child("sodsong", file, template, tables)
    ie_rows = min(size, args.import_export_rows)
    ie = None
    if ie_rows:
        if ie_rows not in cache.setdefault("import_export", {}):
            ie_file = file if ie_rows == size else generate_file(ie_rows, _village_codes(template))
            cache["import_export"][ie_rows] = run_child("import_export", ie_file, template, tables)
        ie = cache["import_export"][ie_rows]
    load_end = [round(x, 2) for x in os.getloadavg()]
    same = floor["written"] == ours["written"] and floor["rows"] == ours["rows"] == size
    ours_rss = ours["peak_rss_mb"] + ours["children_peak_rss_mb"]
    line: dict[str, object] = {
        "database": DATABASE,
        "rows": size,
        "sodsong_s": round(ours["seconds"], 2),
        "floor_s": round(floor["seconds"], 2),
        "cpu_s": {
            "sodsong": round(ours["cpu_seconds"], 2),
            "sodsong_reader": round(ours["children_cpu_seconds"], 2),
            "floor": round(floor["cpu_seconds"], 2),
        },
        "rows_written": floor["written"],
        "same_rows_written": same,
        "peak_rss_mib": {
            "floor": round(floor["peak_rss_mb"], 1),
            "sodsong": round(ours_rss, 1),
            "sodsong_process": round(ours["peak_rss_mb"], 1),
            "sodsong_reader": round(ours["children_peak_rss_mb"], 1),
        },
        "memory_ratio": round(ours_rss / floor["peak_rss_mb"], 2),
        "load_avg": {"start": load_start, "end": load_end},
    }
    if ie is not None:
        ie_s = ie["seconds"] * size / ie_rows  # linear: kinder to it than its growing indexes
        floor_at = cache["floor"].get(ie_rows)
        line.update(
            import_export_s=round(ie_s, 2),
            import_export_measured={
                "rows": ie_rows,
                "seconds": round(ie["seconds"], 2),
                "cpu_s": round(ie["cpu_seconds"], 2),
                "peak_rss_mib": round(ie["peak_rss_mb"], 1),
                "same_rows_written": floor_at is not None and ie["written"] == floor_at["written"],
            },
            import_export_extrapolated=ie_rows != size,
            vs_import_export=round(ie_s / ours["seconds"], 2),
        )
    emit(BENCH, "time_vs_same_schema_floor", ours["seconds"], floor["seconds"], **line)
    if not same:
        raise SystemExit(f"the floor and the import wrote different rows: {floor} {ours}")


def main() -> None:
    global DATABASE
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--full", action="store_true", help="also 1,000,000 rows")
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default=DATABASE)
    parser.add_argument(
        "--import-export-rows",
        type=int,
        default=10000,
        help="django-import-export runs at most this many rows; larger sizes are extrapolated "
        "linearly from it (0: not run)",
    )
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
            "spec": child_spec,
            "floor": child_floor,
            "import_export": child_import_export,
            "sodsong": child_sodsong,
        }[args.child]
        print(json.dumps(runner(Path(args.file), Path(args.db)), default=str))
        return
    sizes = [int(s) for s in args.sizes.split(",") if s]
    if args.full and 1_000_000 not in sizes:
        sizes.append(1_000_000)
    emit(BENCH, "machine", 0, **machine())
    template = prepare_database()
    tables = run_child("spec", _spec_path(), template)["tables"]
    villages = _village_codes(template)
    cache: dict[str, dict] = {}
    for size in sorted(sizes):
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
        _measure(size, file, template, tables, args, cache)


if __name__ == "__main__":
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    main()
