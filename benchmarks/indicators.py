"""Indicator benchmark: the registry/compute path against a hand-written single-pass SQL aggregate.

Usage (from the repository root)::

    uv run python benchmarks/indicators.py --rows 1000000
    uv run python benchmarks/indicators.py --rows 1000000 --database-url postgres://postgres@127.0.0.1:5432/postgres

It creates a throwaway data directory (SQLite) or a fresh PostgreSQL database (``fazhi_bench_<random>``,
dropped at the end), migrates, creates one city with 8 counties (one organisation each), bulk-loads
``--rows`` 行政复议 case rows (and ``--rows // 10`` 行政应诉 lawsuits) spread over the counties and the
years 2020–2024 with raw ``executemany`` (SQLite) / ``COPY`` (PostgreSQL), then times, best of
``--repeat``, for the city and each county for one year:

- ``baseline``: one hand-written single-pass ``GROUP BY region_code`` aggregate per table with
  conditional counts (the city figure is the sum of its counties);
- ``evaluate``: every computed indicator for the 9 regions through ``registry.evaluate`` — what the
  platform does (one pass per table, counts and drill-down record ids together);
- ``one region at a time``: the same called once per region (the city's rows are read 9 times);
- ``compute_runs, new``: ``fazhi.indicators.services.compute_runs`` writing new runs (fingerprint,
  run and snapshot rows with the ids; the previous runs are deleted before each call, untimed);
- ``compute_runs, unchanged``: the same when the figures have not changed (the current runs are
  confirmed, nothing new written).

It checks that every figure of the platform equals the baseline's and prints the ratios.
Nothing in the application is changed; the benchmark only reads the app's models and registry.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import secrets
import shutil
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CITY = ("450200", "柳州市")
COUNTIES = [
    ("450202", "城中区"),
    ("450203", "鱼峰区"),
    ("450204", "柳南区"),
    ("450205", "柳北区"),
    ("450206", "柳江区"),
    ("450222", "柳城县"),
    ("450223", "鹿寨县"),
    ("450224", "融安县"),
]
# Uneven county sizes, as in a real city (urban districts receive more cases).
COUNTY_WEIGHTS = [22, 18, 16, 14, 10, 8, 7, 5]
YEARS = range(2020, 2025)

# Decision mix of concluded 行政复议 cases (per mille), roughly as published annual statistics.
DECISION_MIX = [
    ("uphold", 400),
    ("reject_claim", 110),
    ("reject_2017_or_application", 50),
    ("revoke", 80),
    ("partial_revoke", 20),
    ("change", 20),
    ("confirm_illegal", 50),
    ("order_performance", 30),
    ("confirm_void", 5),
    ("mediation", 60),
    ("terminated", 175),
]
WITHDRAWAL_MIX = [("corrected", 35), ("settled", 15), ("other", 50)]
LAWSUIT_OUTCOMES = [
    ("reject_claims", 35),
    ("revoke", 8),
    ("partial_revoke", 2),
    ("perform", 3),
    ("pay", 1),
    ("confirm_illegal", 6),
    ("confirm_void", 1),
    ("modify", 1),
    ("dismiss", 18),
    ("withdrawn", 20),
    ("mediated", 5),
]


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--rows", type=int, default=1_000_000, help="行政复议 case rows to load")
    p.add_argument("--lawsuits", type=int, default=None, help="lawsuit rows (default rows // 10)")
    p.add_argument("--database-url", default=None, help="PostgreSQL server URL; a fresh database is used")
    p.add_argument("--year", type=int, default=2022)
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--keep", action="store_true", help="keep the data dir / database afterwards")
    p.add_argument("--seed", type=int, default=20221231)
    return p.parse_args()


def weighted(rng: random.Random, mix):
    total = sum(w for _, w in mix)
    cum, acc = [], 0
    for code, w in mix:
        acc += w
        cum.append((acc / total, code))

    def pick():
        r = rng.random()
        for edge, code in cum:
            if r < edge:
                return code
        return cum[-1][1]

    return pick


# --- environment -----------------------------------------------------------------------------------


def _with_db(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/" + name, parts.query, parts.fragment))


@contextmanager
def throwaway_environment(args):
    data_dir = Path(tempfile.mkdtemp(prefix="fazhi-bench-"))
    os.environ["FAZHI_DATA_DIR"] = str(data_dir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhi.settings")
    os.environ.pop("FAZHI_DATABASE_URL", None)
    db_name = None
    admin_url = None
    if args.database_url:
        import psycopg

        admin_url = args.database_url
        db_name = f"fazhi_bench_{secrets.token_hex(4)}"
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{db_name}"')
        os.environ["FAZHI_DATABASE_URL"] = _with_db(admin_url, db_name)
    try:
        yield data_dir, db_name
    finally:
        from django.db import connections

        connections.close_all()
        if args.keep:
            print(f"kept: data dir {data_dir}" + (f", database {db_name}" if db_name else ""))
        else:
            if db_name:
                import psycopg

                with psycopg.connect(admin_url, autocommit=True) as conn:
                    conn.execute(f'DROP DATABASE IF EXISTS "{db_name}" WITH (FORCE)')
            shutil.rmtree(data_dir, ignore_errors=True)


# --- data ------------------------------------------------------------------------------------------


def create_regions():
    from fazhi.core.models import Organisation, Region

    city = Region.objects.create(code=CITY[0], name=CITY[1], level="prefecture")
    counties, orgs = [], []
    for code, name in COUNTIES:
        county = Region.objects.create(code=code, name=name, level="county", parent=city)
        counties.append(county)
        orgs.append(Organisation.objects.create(name=f"{name}人民政府", kind="government", region=county))
    return city, counties, orgs


def column_plan(model, provided: dict[str, object]):
    """The columns to insert: ``provided`` plus every NOT NULL column without a value (ORM meta).

    Returns (columns, fillers) where each filler is a constant or a callable ``f(i, row)``."""
    from django.db import models as m
    from django.utils import timezone

    now = timezone.now()
    columns, fillers = [], []
    for f in model._meta.concrete_fields:
        if f.primary_key:
            continue
        if f.attname in provided:
            columns.append(f.column)
            fillers.append(provided[f.attname])
            continue
        if f.null:
            continue
        if f.unique:
            fill = (lambda name: lambda i, row: f"B{name[:2]}{i:012d}")(f.attname)
        elif f.has_default() and not callable(f.default):
            fill = f.get_default()
        elif isinstance(f, m.DateTimeField):
            fill = now
        elif isinstance(f, m.DateField):
            fill = dt.date(2022, 1, 1)
        elif isinstance(f, m.BooleanField):
            fill = False
        elif isinstance(f, (m.IntegerField, m.DecimalField, m.FloatField)):
            fill = 0
        elif isinstance(f, (m.CharField, m.TextField)):
            fill = "基准测试" if not f.blank else ""
        else:
            raise SystemExit(f"benchmark: no filler for NOT NULL column {model.__name__}.{f.attname}")
        columns.append(f.column)
        fillers.append(fill)
    return columns, fillers


def bulk_insert(model, columns, rows_iter, batch=50_000):
    """Raw executemany (SQLite) / COPY (PostgreSQL) in one transaction."""
    from django.db import connection, transaction

    table = model._meta.db_table
    qn = connection.ops.quote_name
    cols = ", ".join(qn(c) for c in columns)
    with transaction.atomic():
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                raw = cursor.cursor  # psycopg cursor
                with raw.copy(f"COPY {qn(table)} ({cols}) FROM STDIN") as copy:
                    for row in rows_iter:
                        copy.write_row(row)
            else:
                sql = f"INSERT INTO {qn(table)} ({cols}) VALUES ({', '.join('?' * len(columns))})"
                raw = cursor.cursor
                buf = []
                for row in rows_iter:
                    buf.append(row)
                    if len(buf) >= batch:
                        raw.executemany(sql, buf)
                        buf.clear()
                if buf:
                    raw.executemany(sql, buf)


def _from_row(name):
    return lambda i, row: row[name]


def _materialise(fillers, i, row):
    return tuple(f(i, row) if callable(f) else f for f in fillers)


def load_cases(n, orgs, rng):
    from fazhi.reconsideration.models import ReconsiderationCase, law_version_for

    pick_decision = weighted(rng, DECISION_MIX)
    pick_withdrawal = weighted(rng, WITHDRAWAL_MIX)
    first, span = dt.date(YEARS[0], 1, 1), (dt.date(YEARS[-1], 12, 31) - dt.date(YEARS[0], 1, 1)).days + 1
    county_idx = [i for i, w in enumerate(COUNTY_WEIGHTS) for _ in range(w)]

    def gen(i):
        k = rng.choice(county_idx)
        org = orgs[k]
        received = first + dt.timedelta(days=rng.randrange(span))
        version = law_version_for(received)
        r = rng.random()
        accepted = decided = None
        decision = termination = withdrawal = ""
        if r < 0.10:
            status = "rejected"
        elif r < 0.12:
            status = "received"
        else:
            accepted = received + dt.timedelta(days=rng.randint(1, 7))
            if rng.random() < 0.92:
                decided = accepted + dt.timedelta(days=rng.randint(15, 90))
                decision = pick_decision()
                if decision == "reject_2017_or_application":
                    decision = "reject" if version == "2017" else "reject_application"
                if decision == "terminated":
                    status = "terminated"
                    if rng.random() < 0.85:
                        termination, withdrawal = "withdrawn", pick_withdrawal()
                    elif version == "2017":
                        termination = "settled"
                    else:
                        termination = "no_heir"
                else:
                    status = "archived"
            else:
                status = "reviewing"
        return {
            "organisation_id": org.pk,
            "region_code": org.region_id,
            "status": status,
            "case_year": received.year,
            "case_serial": i + 1,
            "case_number": f"柳复字〔{received.year}〕{i + 1}号",
            "channel": "online",
            "received_on": received,
            "law_version": version,
            "act_type": "penalty",
            "accepted_on": accepted,
            "decision_type": decision,
            "termination_ground": termination,
            "withdrawal_reason": withdrawal,
            "decided_on": decided,
        }

    sample = gen(0)
    provided = {name: _from_row(name) for name in sample}
    columns, fillers = column_plan(ReconsiderationCase, provided)

    def rows():
        yield _materialise(fillers, 0, sample)
        for i in range(1, n):
            yield _materialise(fillers, i, gen(i))

    bulk_insert(ReconsiderationCase, columns, rows())
    return columns


def load_lawsuits(n, orgs, rng):
    from fazhi.litigation.models import Lawsuit

    pick_outcome = weighted(rng, LAWSUIT_OUTCOMES)
    first, span = dt.date(YEARS[0], 1, 1), (dt.date(YEARS[-1], 12, 31) - dt.date(YEARS[0], 1, 1)).days + 1
    county_idx = [i for i, w in enumerate(COUNTY_WEIGHTS) for _ in range(w)]

    def gen(i):
        org = orgs[rng.choice(county_idx)]
        received = first + dt.timedelta(days=rng.randrange(span))
        r = rng.random()
        instance = "first" if r < 0.8 else ("second" if r < 0.97 else "retrial")
        judged, outcome, status = None, "", "answering"
        if rng.random() < 0.85:
            judged = received + dt.timedelta(days=rng.randint(30, 200))
            outcome, status = pick_outcome(), "judged"
        return {
            "organisation_id": org.pk,
            "region_code": org.region_id,
            "status": status,
            "court": "柳州市中级人民法院",
            "case_number": f"（{received.year}）桂02行初{i + 1}号",
            "instance": instance,
            "act_type": "行政处罚",
            "complaint_received_on": received,
            "judged_on": judged,
            "outcome": outcome,
        }

    sample = gen(0)
    provided = {name: _from_row(name) for name in sample}
    columns, fillers = column_plan(Lawsuit, provided)

    def rows():
        yield _materialise(fillers, 0, sample)
        for i in range(1, n):
            yield _materialise(fillers, i, gen(i))

    bulk_insert(Lawsuit, columns, rows())
    return columns


# --- the baseline ----------------------------------------------------------------------------------


def baseline(city_prefix: str, start: dt.date, end: dt.date) -> dict[str, dict[str, tuple]]:
    """Single pass per table: GROUP BY region_code with conditional counts. Returns
    {region_code: {indicator code: (numerator, denominator)}} for every county and the city."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection

    from fazhi.core.calendar.models import Clock
    from fazhi.core.models import subtree_bounds
    from fazhi.litigation.models import HEAD_CAPACITIES, LOST_OUTCOMES, Appearance, Hearing, Lawsuit
    from fazhi.reconsideration.models import (
        CORRECTED_WITHDRAWALS,
        CORRECTIVE,
        DecisionType,
        ReconsiderationCase,
    )

    lo, hi = subtree_bounds(city_prefix)
    corrective = ", ".join(f"'{c}'" for c in CORRECTIVE)
    withdrawals = ", ".join(f"'{c}'" for c in CORRECTED_WITHDRAWALS)
    lost = ", ".join(f"'{c}'" for c in sorted(LOST_OUTCOMES))
    heads = ", ".join(f"'{c}'" for c in HEAD_CAPACITIES)
    ct = ContentType.objects.get_for_model(ReconsiderationCase).pk
    concluded = "(c.decided_on >= %s AND c.decided_on <= %s AND c.decision_type <> '')"
    types = list(DecisionType.values)  # 审结 by outcome: reconsideration.concluded.<type>
    by_type = "".join(
        f",\n          SUM(CASE WHEN {concluded} AND c.decision_type = '{t}' THEN 1 ELSE 0 END)"
        for t in types
    )
    case_sql = f"""
        SELECT c.region_code,
          SUM(CASE WHEN c.received_on >= %s AND c.received_on <= %s THEN 1 ELSE 0 END),
          SUM(CASE WHEN c.accepted_on >= %s AND c.accepted_on <= %s THEN 1 ELSE 0 END),
          SUM(CASE WHEN {concluded} THEN 1 ELSE 0 END),
          SUM(CASE WHEN {concluded} AND c.decision_type IN ({corrective}) THEN 1 ELSE 0 END),
          SUM(CASE WHEN {concluded} AND (c.decision_type IN ({corrective}) OR (c.decision_type = 'terminated'
                AND (c.withdrawal_reason IN ({withdrawals}) OR c.termination_ground = 'settled')))
              THEN 1 ELSE 0 END),
          SUM(CASE WHEN {concluded} AND EXISTS (SELECT 1 FROM {Clock._meta.db_table} k
                WHERE k.subject_type_id = {ct} AND k.subject_id = c.id AND k.code = 'decision'
                  AND k.state = 'stopped' AND k.met) THEN 1 ELSE 0 END){by_type}
        FROM {ReconsiderationCase._meta.db_table} c
        WHERE c.region_code >= %s AND c.region_code < %s
        GROUP BY c.region_code"""
    first_concluded = "(l.instance = 'first' AND l.judged_on >= %s AND l.judged_on <= %s AND l.outcome <> '')"
    held = (
        f"EXISTS (SELECT 1 FROM {Hearing._meta.db_table} h WHERE h.lawsuit_id = l.id AND h.held"
        " AND h.hearing_on >= %s AND h.hearing_on <= %s)"
    )
    head = (
        f"EXISTS (SELECT 1 FROM {Appearance._meta.db_table} a JOIN {Hearing._meta.db_table} h"
        f" ON a.hearing_id = h.id WHERE h.lawsuit_id = l.id AND h.held AND h.hearing_on >= %s"
        f" AND h.hearing_on <= %s AND a.capacity IN ({heads}))"
    )
    lawsuit_sql = f"""
        SELECT l.region_code,
          SUM(CASE WHEN l.complaint_received_on >= %s AND l.complaint_received_on <= %s THEN 1 ELSE 0 END),
          SUM(CASE WHEN {first_concluded} THEN 1 ELSE 0 END),
          SUM(CASE WHEN {first_concluded} AND l.outcome IN ({lost}) THEN 1 ELSE 0 END),
          SUM(CASE WHEN {held} THEN 1 ELSE 0 END),
          SUM(CASE WHEN {held} AND {head} THEN 1 ELSE 0 END)
        FROM {Lawsuit._meta.db_table} l
        WHERE l.region_code >= %s AND l.region_code < %s
        GROUP BY l.region_code"""
    out: dict[str, dict[str, tuple]] = {}

    def put(region, code, num, den=None):
        for key in (region, CITY[0]):
            cur = out.setdefault(key, {}).get(code)
            if cur is None:
                out[key][code] = (num, den)
            else:
                out[key][code] = (cur[0] + num, None if den is None else cur[1] + den)

    with connection.cursor() as cursor:
        cursor.execute(case_sql, [start, end] * (6 + len(types)) + [lo, hi])
        for region, rec, acc, con, cor, comp, on_time, *per_type in cursor.fetchall():
            for t, n in zip(types, per_type, strict=True):
                put(region, f"reconsideration.concluded.{t}", int(n))
            put(region, "reconsideration.received", int(rec))
            put(region, "reconsideration.accepted", int(acc))
            put(region, "reconsideration.concluded", int(con))
            put(region, "reconsideration.correction_rate", int(cor), int(con))
            put(region, "reconsideration.comprehensive_correction_rate", int(comp), int(con))
            put(region, "reconsideration.on_time_rate", int(on_time), int(con))
        cursor.execute(lawsuit_sql, [start, end] * 6 + [lo, hi])
        for region, rec, con, lost_n, held_n, head_n in cursor.fetchall():
            put(region, "litigation.received", int(rec))
            put(region, "litigation.concluded", int(con))
            put(region, "litigation.lost", int(lost_n))
            put(region, "litigation.loss_rate", int(lost_n), int(con))
            put(region, "litigation.head_appearance_rate", int(head_n), int(held_n))
    return out


# --- the platform ----------------------------------------------------------------------------------


def computed_indicators():
    from fazhi.indicators import registry

    return [i for i in registry.all_indicators() if not i.reported_only]


def platform_compute(regions, period) -> dict[str, dict[str, tuple]]:
    """What the platform does to compute every indicator for several regions: the registry's
    ``evaluate`` (one pass per table, counts and drill-down record ids together)."""
    from fazhi.indicators import registry

    results = registry.evaluate(computed_indicators(), [r.prefix for r in regions], period.start, period.end)
    return {
        region.code: {code: (r.numerator, r.denominator) for code, r in results[region.prefix].items()}
        for region in regions
    }


def platform_compute_per_region(regions, period) -> dict[str, dict[str, tuple]]:
    """The same, one region at a time (the city's rows are read again for each county)."""
    out = {}
    for region in regions:
        out.update(platform_compute([region], period))
    return out


def platform_compute_run(regions, period):
    from fazhi.indicators.services import compute_runs

    return {o.run.region_code: o.run.pk for o in compute_runs(regions, period)}


def platform_compute_run_new(n, regions, period):
    """compute_runs when the figures changed (every run new: snapshots written); the previous runs
    are deleted before each timed call, outside the timing."""
    from fazhi.indicators.models import IndicatorRun

    times = []
    for _ in range(n):
        IndicatorRun.objects.filter(region_code__in=[r.code for r in regions]).delete()
        t0 = time.perf_counter()
        outcomes = platform_compute_run(regions, period)
        times.append(time.perf_counter() - t0)
    return min(times), times, outcomes


def best_of(n, fn):
    times, result = [], None
    for _ in range(n):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return min(times), times, result


def machine() -> str:
    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f", {kb / 1024 / 1024:.0f} GB RAM"
    except (OSError, ValueError, IndexError):
        pass
    return f"{platform.system()} {platform.release()}, {os.cpu_count()} × {cpu}{mem}, Python {platform.python_version()}"


def main() -> int:
    args = parse_args()
    n_lawsuits = args.rows // 10 if args.lawsuits is None else args.lawsuits
    with throwaway_environment(args) as (data_dir, db_name):
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection

        from fazhi.indicators import periods

        print(f"machine: {machine()}")
        t0 = time.perf_counter()
        call_command("migrate", verbosity=0)
        engine = connection.vendor
        version = connection.cursor().connection.info.server_version if engine == "postgresql" else None
        if engine == "sqlite":
            import sqlite3

            version = sqlite3.sqlite_version
        print(f"database: {engine} {version}" + (f" (database {db_name})" if db_name else f" ({data_dir})"))
        print(f"migrate: {time.perf_counter() - t0:.1f} s")

        rng = random.Random(args.seed)
        city, counties, orgs = create_regions()
        t0 = time.perf_counter()
        load_cases(args.rows, orgs, rng)
        t_cases = time.perf_counter() - t0
        t0 = time.perf_counter()
        load_lawsuits(n_lawsuits, orgs, rng)
        t_law = time.perf_counter() - t0
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        print(
            f"loaded: {args.rows:,} 行政复议 cases in {t_cases:.1f} s, {n_lawsuits:,} lawsuits in {t_law:.1f} s "
            f"(generation + raw {'COPY' if engine == 'postgresql' else 'executemany'})"
        )

        period = periods.year(args.year)
        regions = [city, *counties]
        inds = computed_indicators()
        print(
            f"period: {period.key}; regions: city {city.code} + {len(counties)} counties; "
            f"computed indicators: {len(inds)} ({', '.join(i.code for i in inds)})"
        )

        # Warm-up (ContentType cache, registry discovery, page cache) — not timed.
        baseline(city.prefix, period.start, period.end)
        platform_compute(regions, period)

        t_base, runs_base, base = best_of(
            args.repeat, lambda: baseline(city.prefix, period.start, period.end)
        )
        t_full, runs_full, full = best_of(args.repeat, lambda: platform_compute(regions, period))
        t_counts, runs_counts, counted = best_of(
            args.repeat, lambda: platform_compute_per_region(regions, period)
        )
        t_new, runs_new, _ = platform_compute_run_new(args.repeat, regions, period)
        t_run, runs_run, _ = best_of(args.repeat, lambda: platform_compute_run(regions, period))

        # --- check the figures ---
        mismatches = []
        for region in regions:
            for ind in inds:
                want = base.get(region.code, {}).get(ind.code, (0, None if not ind.is_rate else 0))
                for label, got in (("per region", counted), ("compute", full)):
                    have = got[region.code][ind.code]
                    if tuple(have) != tuple(want):
                        mismatches.append(
                            f"{region.code} {ind.code} {label}: platform {have} ≠ baseline {want}"
                        )
        from fazhi.indicators.models import Snapshot

        for region in regions:
            from fazhi.indicators.services import current_run

            run = current_run(region.code, period)
            for snap in Snapshot.objects.filter(run=run, source="computed"):
                want = base.get(region.code, {}).get(snap.code)
                if want is not None and (snap.numerator, snap.denominator) != tuple(want):
                    mismatches.append(
                        f"{region.code} {snap.code} snapshot: {(snap.numerator, snap.denominator)} ≠ {want}"
                    )

        print()
        print(f"{'region':<10}{'indicator':<48}{'numerator':>11}{'denominator':>13}")
        for region in (city, counties[0]):
            for ind in inds:
                num, den = base[region.code].get(ind.code, (0, None))
                print(f"{region.code:<10}{ind.code:<48}{num:>11,}{'' if den is None else f'{den:,}':>13}")
        print("  … (every county is checked; shown: the city and its first county)")
        print()
        print(f"timings, best of {args.repeat} (all {len(regions)} regions × {len(inds)} indicators):")
        print(f"{'path':<58}{'best (s)':>10}{'÷ baseline':>12}   runs (s)")
        for label, t, rs in (
            ("baseline: 2 single-pass GROUP BY aggregates (SQL)", t_base, runs_base),
            ("platform: evaluate, 9 regions together (counts + ids)", t_full, runs_full),
            ("platform: evaluate, one region at a time", t_counts, runs_counts),
            ("platform: compute_runs, new runs (+ snapshots written)", t_new, runs_new),
            ("platform: compute_runs, unchanged (run confirmed)", t_run, runs_run),
        ):
            print(f"{label:<58}{t:>10.3f}{t / t_base:>11.1f}×   {', '.join(f'{x:.3f}' for x in rs)}")
        print()
        print(
            f"ratio platform ÷ baseline: evaluate {t_full / t_base:.1f}×, one region at a time "
            f"{t_counts / t_base:.1f}×, compute_runs new {t_new / t_base:.1f}× / unchanged "
            f"{t_run / t_base:.1f}× (goal ≤ 2×)"
        )
        if mismatches:
            print("COUNTS DISAGREE:")
            for m in mismatches[:30]:
                print("  " + m)
            return 1
        print(f"counts agree: {len(regions) * len(inds)} figures × 2 paths + snapshots equal the baseline.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
