"""Benchmark: indicators at national scale on PostgreSQL.

    scripts/bench national                # full scale: 77 provinces, ~75,000 villages,
                                          # 3,000,000 foreign residents, 500,000 tips, 50,000 cases
    scripts/bench national --scale 0.1    # a tenth of the records (the geography stays whole)
    scripts/bench national --keep         # keep the database afterwards

It creates a dedicated database on postgres://postgres@127.0.0.1:5432/ (SODSONG_BENCH_PG to
change), migrates it, loads the real geography (77 provinces, 928 districts, 7,436 sub-districts)
plus synthetic villages (10 per sub-district), and generates with bulk SQL (INSERT … SELECT
generate_series):

- people + survey residents (the real tables; registration days spread over a year), tips and
  watch reports (the real table; statuses received / verified), which the indicator job then
  aggregates with `recompute()` (timed: that is the periodic job's cost);
- cases and what follows from them (operations, arrests, charges by law and section, victims,
  seizures), misconduct and awareness directly into the pre-aggregated table the indicators read
  (`indicators_indicatorfact`), with volumes derived from 50,000 cases.

Then it times, in the same process and against the same database, each beside a plain Django
page (the signed-in home page) rendered in the same run:

- the province dashboard (`/indicators/?area=47`, 30 days) — goal ≤ 3× the plain page;
- a district report for 30 days (figures, tables, DOCX letter and Excel);
- the national consolidation: every indicator for the nation and each of the 77 provinces over a
  year (every fact generated), and the ministry's dashboard — goal < 10 s.

One JSON line per figure (benchmarks/common.py). The database is dropped at the end.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import statistics
import sys
import time
from pathlib import Path

from benchmarks.common import emit, peak_rss_mb

BENCH = "national"
ROOT = Path(__file__).resolve().parents[1]
SERVER = os.environ.get("SODSONG_BENCH_PG", "postgres://postgres@127.0.0.1:5432/")
VILLAGES_PER_SUBDISTRICT = 10
RESIDENTS = 3_000_000
TIPS = 500_000
CASES = 50_000
DAYS = 365


def _admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(SERVER + "postgres", autocommit=True) as conn:
        conn.execute(sql)


def _setup(db: str) -> None:
    os.environ.update(
        DATABASE_URL=SERVER + db,
        SODSONG_DEMO="1",
        SODSONG_TESTING="0",
        SODSONG_DEBUG="0",
        SODSONG_JOBS="immediate",
        SODSONG_LOG_LEVEL="WARNING",
        SODSONG_VAR_DIR="/tmp/sodsong-bench-national/var",  # noqa: S108
        SODSONG_MEDIA_DIR="/tmp/sodsong-bench-national/media",  # noqa: S108
        DJANGO_SETTINGS_MODULE="sodsong.settings",
    )
    import django

    django.setup()


def _timed(label: str, fn, repeat: int = 1):  # type: ignore[no-untyped-def]
    times = []
    result = None
    for _ in range(repeat):
        began = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - began)
    return statistics.median(times), result


def _columns(table: str) -> list[tuple[str, str, bool, bool]]:
    """(name, data type, nullable, has default) of a table's columns."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT column_name, data_type, is_nullable = 'YES', "
            "column_default IS NOT NULL OR is_identity = 'YES' "
            "FROM information_schema.columns WHERE table_name = %s ORDER BY ordinal_position",
            [table],
        )
        return list(cursor.fetchall())


def _filler(data_type: str) -> str:
    if data_type in ("character varying", "text"):
        return "''"
    if data_type == "boolean":
        return "false"
    if data_type in ("integer", "bigint", "smallint", "numeric", "double precision"):
        return "0"
    if data_type in ("jsonb", "json"):
        return "'[]'::jsonb"
    if data_type == "uuid":
        return "gen_random_uuid()"
    if data_type.startswith("timestamp"):
        return "now()"
    if data_type == "date":
        return "current_date"
    raise ValueError(f"no filler for {data_type}")


def insert_select(table: str, source: str, given: dict[str, str]) -> int:
    """INSERT INTO table (...) SELECT <given or filler> FROM <source>: every NOT NULL column
    without a database default gets a neutral value unless `given` names it."""
    from django.db import connection

    names, values = [], []
    for name, data_type, nullable, has_default in _columns(table):
        if name in given:
            names.append(name)
            values.append(given[name])
        elif name == "id" and has_default:
            continue
        elif not nullable and not has_default:
            names.append(name)
            values.append(_filler(data_type))
    columns, selected = ", ".join(names), ", ".join(values)
    sql = f"INSERT INTO {table} ({columns}) SELECT {selected} FROM {source}"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.rowcount


def _sql(sql: str) -> int:
    """Runs SQL without parameters (so `%` is the modulo operator, not a placeholder)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.rowcount


# --- generating ------------------------------------------------------------------------------


def generate(scale: float, start: dt.date) -> dict[str, float]:
    from sodsong.geo.services import geography_load

    timings: dict[str, float] = {}
    seconds, _ = _timed("geography", geography_load)
    timings["geography"] = seconds
    began = time.perf_counter()
    villages = insert_select(
        "geo_area",
        f"geo_area s CROSS JOIN generate_series(1, {VILLAGES_PER_SUBDISTRICT}) AS m "
        "WHERE s.level = 'subdistrict' AND s.code NOT LIKE '10%' AND s.abolished_on IS NULL",
        {
            "uuid": "gen_random_uuid()",
            "created_at": "now()",
            "updated_at": "now()",
            "code": "s.code || lpad(m::text, 2, '0')",
            "level": "'village'",
            "parent_id": "s.id",
            "name_th": "'บ้านทดสอบ ' || m",
            "moo": "m",
        },
    )
    _sql("ANALYZE geo_area")
    timings["villages"] = time.perf_counter() - began
    # A numbered list of villages to pick from at random.
    _sql(
        "CREATE TEMP TABLE v AS SELECT row_number() OVER (ORDER BY code) AS n, id, code "
        "FROM geo_area WHERE level = 'village'"
    )
    _sql("CREATE INDEX ON v (n)")
    _sql("ANALYZE v")

    residents = int(RESIDENTS * scale)
    began = time.perf_counter()
    pick = f"(1 + floor(random() * {villages}))::bigint"
    day = f"('{start.isoformat()}'::date + floor(random() * {DAYS})::int)"
    _sql(
        f"CREATE TEMP TABLE r AS SELECT g AS n, {pick} AS vn, "  # noqa: S608
        f"({day})::timestamp + interval '10 hours' AS at FROM generate_series(1, {residents}) g"
    )
    insert_select(
        "people_person",
        "r JOIN v ON v.n = r.vn",
        {
            "uuid": "gen_random_uuid()",
            "created_at": "r.at",
            "updated_at": "r.at",
            "area_id": "v.id",
            "given_name_latin": "'Bench'",
            "family_name_latin": "'Resident ' || r.n",
            "nationality": "'MMR'",
            "source": "'benchmark (synthetic)'",
            "search_key": "'bench resident ' || r.n",
        },
    )
    insert_select(
        "survey_resident",
        "people_person p JOIN geo_area a ON a.id = p.area_id "
        "WHERE p.source = 'benchmark (synthetic)'",
        {
            "uuid": "gen_random_uuid()",
            "created_at": "p.created_at",
            "updated_at": "p.created_at",
            "person_id": "p.id",
            "area_id": "p.area_id",
            "status": "'living'",
        },
    )
    _sql("ANALYZE people_person; ANALYZE survey_resident")
    timings["residents"] = time.perf_counter() - began

    tips = int(TIPS * scale)
    began = time.perf_counter()
    insert_select(
        "tips_tip",
        f"generate_series(1::bigint, {tips}) g JOIN v ON v.n = (1 + (g * 7919) % {villages})",
        {
            "uuid": "gen_random_uuid()",
            "created_at": f"('{start.isoformat()}'::date + (g % {DAYS})::int)::timestamp + interval '9 hours'",
            "updated_at": "now()",
            "kind": "CASE WHEN g % 3 = 0 THEN 'report' ELSE 'tip' END",
            "tracking_code": "'B' || lpad(g::text, 9, '0')",
            "area_id": "v.id",
            "description": "'benchmark'",
            "status": "CASE WHEN g % 4 = 0 THEN 'verified' ELSE 'new' END",
            "status_changed_at": f"('{start.isoformat()}'::date + (g % {DAYS})::int + 3)::timestamp",
        },
    )
    _sql("ANALYZE tips_tip")
    timings["tips"] = time.perf_counter() - began

    # The indicator job aggregates residents and tips from the real tables.
    from sodsong.indicators.aggregates import recompute

    began = time.perf_counter()
    recompute(
        codes=["residents_registered", "tips_received", "watch_reports_received", "tips_verified"]
    )
    timings["recompute_residents_tips"] = time.perf_counter() - began

    # Cases and what follows, misconduct, awareness, surveys and visits: straight into the facts.
    cases = int(CASES * scale)
    began = time.perf_counter()
    per_case = {
        # indicator: (events per case, value expression, breakdown key expression)
        "operations_held": (0.6, "1", "''"),
        "persons_arrested": (1.4, "1", "''"),
        "charges": (
            2.2,
            "1",
            "(ARRAY['immigration-act|s.81','penal-code|s.341','techcrime-decree|s.9','computer-crime-act|s.14(1)'])[1 + (g % 4)]",
        ),
        "victims_identified": (0.3, "1", "''"),
        "victims_referred": (0.1, "1", "''"),
        "seized_sims": (0.5, "1 + (g % 40)", "''"),
        "seized_phones": (0.5, "1 + (g % 12)", "''"),
        "seized_bank_books": (0.3, "1 + (g % 6)", "''"),
        "officials_investigated": (0.02, "1", "''"),
        "officials_penalised": (0.01, "1", "''"),
        "awareness_activities": (1.5, "1", "''"),
        "people_reached": (1.5, "20 + (g % 200)", "''"),
        "villages_surveyed": (1.2, "1", "''"),
        "visits": (4.0, "1", "''"),
        "tm30_gaps": (2.0, "1", "''"),
    }
    for code, (ratio, value, dim) in per_case.items():
        n = max(1, int(cases * ratio))
        _sql(
            "INSERT INTO indicators_indicatorfact (indicator, area_code, province_code, "  # noqa: S608
            "district_code, subdistrict_code, day, dim, value) "
            f"SELECT '{code}', code, substr(code, 1, 2), substr(code, 1, 4), substr(code, 1, 6), "
            "day, dim, "
            "sum(val) FROM ("
            f"  SELECT v.code, ('{start.isoformat()}'::date + ((g * 31) % {DAYS})::int) AS day, "
            f"  {dim} AS dim, {value} AS val "
            f"  FROM generate_series(1::bigint, {n}) g JOIN v ON v.n = (1 + (g * 104729) % {villages})"
            ") e GROUP BY code, day, dim"
        )
    _sql("ANALYZE indicators_indicatorfact")
    timings["facts_cases_and_others"] = time.perf_counter() - began
    return timings


# --- timing ----------------------------------------------------------------------------------


def _users():  # type: ignore[no-untyped-def]
    from sodsong.accounts.models import Agency, AgencyKind, Role, User
    from sodsong.accounts.services import role_assign
    from sodsong.geo.models import Area

    office = Agency.objects.create(
        kind=AgencyKind.DISTRICT_OFFICE, name_th="ที่ว่าการอำเภอเมืองสกลนคร", letter_code="สน 0318"
    )
    office.areas.set([Area.objects.get(code="4701")])

    province = User.objects.create(username="bench-province", is_demo=True)
    role_assign(user=province, role=Role.PROVINCE, areas=[Area.objects.get(code="47")])
    ministry = User.objects.create(username="bench-ministry", is_demo=True)
    role_assign(user=ministry, role=Role.MINISTRY, areas=[])
    return province, ministry


def _client(user):  # type: ignore[no-untyped-def]
    """A signed-in client, as after the login form (the session carries the role epoch)."""
    from django.test import Client

    from sodsong.accounts.middleware import SESSION_EPOCH_KEY

    user.refresh_from_db()
    client = Client()
    client.force_login(user)
    session = client.session
    session[SESSION_EPOCH_KEY] = user.session_epoch
    session.save()
    return client


def measure(repeat: int, end: dt.date) -> None:
    from sodsong.geo.models import Area
    from sodsong.indicators import letters, selectors

    province_user, ministry_user = _users()
    province = _client(province_user)
    ministry = _client(ministry_user)
    start30 = end - dt.timedelta(days=29)
    query30 = f"range=custom&date_from={start30:%d/%m/%Y}&date_to={end:%d/%m/%Y}"

    def get(client, url):  # type: ignore[no-untyped-def]
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        return response

    # Warm-up: template loading, the boundary file, the catalogue.
    get(province, "/")
    get(province, f"/indicators/?area=47&{query30}")

    plain, _ = _timed("plain", lambda: get(province, "/"), repeat)
    emit(BENCH, "plain_page_s", plain, page="/ (signed-in home)")
    dash, _ = _timed("dashboard", lambda: get(province, f"/indicators/?area=47&{query30}"), repeat)
    emit(BENCH, "province_dashboard_s", dash, baseline=plain, goal="<= 3x plain page")

    district = Area.objects.get(code="4701")
    figures, content = _timed(
        "district figures",
        lambda: letters.content_for_range(district, start30, end),
        repeat,
    )
    emit(BENCH, "district_report_figures_s", figures, baseline=plain)
    docx, _ = _timed("district docx", lambda: letters.render(content, "docx", demo=True), repeat)
    emit(BENCH, "district_report_docx_s", figures + docx, baseline=plain)
    xlsx, _ = _timed("district xlsx", lambda: letters.render(content, "xlsx", demo=True), repeat)
    emit(BENCH, "district_report_xlsx_s", figures + xlsx, baseline=plain)
    try:
        pdf, _ = _timed("district pdf", lambda: letters.render(content, "pdf", demo=True), 1)
        emit(BENCH, "district_report_pdf_s", figures + pdf, baseline=plain, note="LibreOffice")
    except Exception as exc:  # noqa: BLE001  (LibreOffice missing: report, do not fail)
        emit(BENCH, "district_report_pdf_s", -1, note=f"not measured: {exc}")

    # The whole generated year (every fact), not only the current fiscal year so far.
    year_start = end - dt.timedelta(days=DAYS - 1)

    def consolidate():  # type: ignore[no-untyped-def]
        nation = selectors.compute_values("", year_start, end)
        provinces = selectors.compute_children("", year_start, end)
        return nation, provinces

    national, (nation, provinces) = _timed("national", consolidate, repeat)
    emit(
        BENCH,
        "national_consolidation_s",
        national,
        baseline=plain,
        goal="< 10 s",
        days=DAYS,
        provinces=len(provinces),
        residents=nation.get("residents_registered"),
        tips=nation.get("tips_received"),
    )
    query_year = f"range=custom&date_from={year_start:%d/%m/%Y}&date_to={end:%d/%m/%Y}"
    ministry_dash, _ = _timed(
        "ministry", lambda: get(ministry, f"/indicators/?{query_year}"), repeat
    )
    emit(BENCH, "ministry_dashboard_year_s", ministry_dash, baseline=plain, days=DAYS)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of the records")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per figure (median)")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args()
    db = f"sodsong_bench_national_{os.getpid()}"
    _admin(f'CREATE DATABASE "{db}"')
    try:
        _setup(db)
        from django.core.management import call_command

        from sodsong.core.context import Actor, acting_as

        began = time.perf_counter()
        call_command("migrate", verbosity=0, interactive=False)
        emit(BENCH, "migrate_s", time.perf_counter() - began)
        end = dt.date.today()
        with acting_as(Actor(user_id=None, via="command")):
            timings = generate(args.scale, end - dt.timedelta(days=DAYS - 1))
            for name, seconds in timings.items():
                emit(BENCH, f"generate_{name}_s", seconds, scale=args.scale)
            from django.db import connection

            with connection.cursor() as cursor:
                cursor.execute("SELECT count(*) FROM indicators_indicatorfact")
                facts = cursor.fetchone()[0]
                cursor.execute("SELECT count(*) FROM geo_area WHERE level = 'village'")
                villages = cursor.fetchone()[0]
            emit(BENCH, "facts_rows", facts, villages=villages)
            measure(args.repeat, end)
        emit(
            BENCH,
            "peak_rss_mb",
            peak_rss_mb(),
            python=platform.python_version(),
            cpus=os.cpu_count(),
            machine=platform.machine(),
        )
    finally:
        from django.db import connections

        connections.close_all()
        if not args.keep:
            _admin(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
