"""HTTP load benchmark on loopback at city-scale demo data (issue #5, "Load").

    uv run python benchmarks/http_load.py --duration 15 --connections 50

What it does, in one run:

1. installs wrk with apt if it is missing;
2. builds a throwaway data directory with ``fazhi demo --scale city --no-serve``;
3. issues an API token (``fazhi apitoken create <user> --name bench``);
4. starts the platform (``fazhi serve``, waitress) and the minimal Django view of
   benchmarks/baseline_app.py (waitress, same thread count), both on 127.0.0.1 only;
5. signs in through the real login form (CSRF token + cookie) to get a session cookie;
6. runs wrk against: the baseline view, the 待办 dashboard, the 行政复议 list page, one case's
   detail page and the API list (Bearer token); each target is checked before and after its run
   (200, not a redirect to the login page), so a session that was ended mid-run is reported;
7. prints p50/p95/p99 latency, requests/s and the ratio to the baseline as a Markdown table
   (``--json`` also writes the raw numbers), then stops both servers and removes the data dir.

Only 127.0.0.1 is ever targeted. Durations are bounded (``--duration`` ≤ 120 s per target).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
HOST = "127.0.0.1"

# wrk's Lua `done` hook: one JSON line with the numbers we need (wrk's own --latency has no p95).
WRK_LUA = r"""
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRKJSON {"requests":%d,"duration_us":%d,"bytes":%d,"p50_us":%d,"p95_us":%d,"p99_us":%d,'
    .. '"max_us":%d,"mean_us":%.1f,"err_connect":%d,"err_read":%d,"err_write":%d,"err_status":%d,'
    .. '"err_timeout":%d}\n',
    summary.requests, summary.duration, summary.bytes,
    latency:percentile(50), latency:percentile(95), latency:percentile(99),
    latency.max, latency.mean, e.connect, e.read, e.write, e.status, e.timeout))
end
"""


def log(msg: str) -> None:
    print(f"[http_load] {msg}", file=sys.stderr, flush=True)


def ensure_wrk() -> str:
    found = shutil.which("wrk")
    if found:
        return found
    log("wrk not found: installing it with apt-get")
    apt = ["apt-get", "install", "-y", "wrk"]
    if os.geteuid() != 0:
        apt = ["sudo", "-n", *apt]
    if subprocess.run(apt, check=False).returncode != 0:
        subprocess.run([*apt[:-3], "update"], check=False)
        subprocess.run(apt, check=True)
    found = shutil.which("wrk")
    if not found:
        sys.exit("wrk could not be installed; install it (apt-get install -y wrk) and run again")
    return found


def fazhi_cmd(*args: str) -> list[str]:
    return [sys.executable, "-m", "fazhi.cli", *args]


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def wait_for_port(port: int, proc: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server on port {port} exited early with code {proc.returncode}")
        try:
            with socket.create_connection((HOST, port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"server on port {port} did not start within {timeout:.0f} s")


def build_demo(env: dict[str, str]) -> dict[str, str]:
    """Run the demo generator; return {username: password} parsed from its one-time output."""
    started = time.monotonic()
    out = subprocess.run(
        fazhi_cmd("demo", "--scale", "city", "--no-serve"),
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    log(f"city-scale demo built in {time.monotonic() - started:.1f} s")
    logins = {}
    for line in out.splitlines():
        m = re.match(r"^\s{2}(\w+)\s+(\S+)\s{2}", line)
        if m:
            logins[m.group(1)] = m.group(2)
    if not logins:
        raise RuntimeError("could not read the demo logins from `fazhi demo` output:\n" + out)
    return logins


def issue_token(env: dict[str, str], username: str) -> str:
    out = subprocess.run(
        fazhi_cmd("apitoken", "create", username, "--name", "bench"),
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    for line in reversed(out.splitlines()):
        if line.strip().startswith("fzt_"):
            return line.strip()
    raise RuntimeError("no token in `fazhi apitoken create` output:\n" + out)


def login(base: str, username: str, password: str) -> requests.Session:
    """Sign in through the real form: GET for the CSRF cookie + hidden field, then POST."""
    s = requests.Session()
    page = s.get(f"{base}/staff/login/", timeout=30)
    page.raise_for_status()
    m = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    if not m:
        raise RuntimeError("no csrfmiddlewaretoken on the login page")
    r = s.post(
        f"{base}/staff/login/",
        data={"csrfmiddlewaretoken": m.group(1), "username": username, "password": password},
        headers={"Referer": f"{base}/staff/login/"},
        allow_redirects=False,
        timeout=30,
    )
    if r.status_code != 302 or "/login/" in r.headers.get("Location", ""):
        raise RuntimeError(f"login as {username} failed: HTTP {r.status_code} → {r.headers.get('Location')}")
    if "/security/" in r.headers.get("Location", ""):
        raise RuntimeError(f"login as {username} was sent to {r.headers['Location']} (password/2FA step)")
    return s


def check(url: str, headers: dict[str, str]) -> tuple[int, int]:
    """(status, body bytes) without following redirects: a 302 to /login/ is a failure, not a page."""
    try:
        r = requests.get(url, headers=headers, allow_redirects=False, timeout=60)
    except requests.RequestException as exc:
        return f"error: {type(exc).__name__}", 0
    return r.status_code, len(r.content)


def run_wrk(
    wrk: str, url: str, headers: dict[str, str], *, duration: int, connections: int, threads: int, lua: Path
) -> dict:
    cmd = [
        wrk,
        "-t",
        str(threads),
        "-c",
        str(connections),
        "-d",
        f"{duration}s",
        "--timeout",
        "10s",
        "-s",
        str(lua),
    ]
    for k, v in headers.items():
        cmd += ["-H", f"{k}: {v}"]
    cmd.append(url)
    out = subprocess.run(cmd, check=True, capture_output=True, text=True, timeout=duration + 60).stdout
    line = next((ln for ln in out.splitlines() if ln.startswith("WRKJSON ")), None)
    if line is None:
        raise RuntimeError("wrk produced no summary:\n" + out)
    data = json.loads(line[len("WRKJSON ") :])
    data["rps"] = data["requests"] / (data["duration_us"] / 1e6)
    data["errors"] = sum(
        data[k] for k in ("err_connect", "err_read", "err_write", "err_status", "err_timeout")
    )
    return data


def stop(proc: subprocess.Popen | None) -> None:
    """Stop a server this script started (its own process group), politely first."""
    if proc is None or proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=10)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait(timeout=10)


def wrk_version() -> str:
    out = subprocess.run(["wrk", "-v"], capture_output=True, text=True, check=False).stdout
    m = re.search(r"(\d+\.\d+\.\d+)", out)
    return m.group(1) if m else "?"


def unloaded_ms(url: str, headers: dict[str, str], n: int = 5) -> float:
    """Median latency of n sequential requests with no other load (what one user waits)."""
    times = []
    for _ in range(n):
        t = time.perf_counter()
        requests.get(url, headers=headers, allow_redirects=False, timeout=60)
        times.append((time.perf_counter() - t) * 1000)
    return sorted(times)[n // 2]


def machine() -> str:
    cpu = platform.processor() or platform.machine()
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
        mem = f", {kb / 1024 / 1024:.0f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    import sqlite3
    from importlib.metadata import version

    import django
    import waitress  # noqa: F401

    return (
        f"{os.cpu_count()} vCPU {cpu}{mem}; {platform.system()} {platform.release()}; "
        f"Python {platform.python_version()}, Django {django.get_version()}, "
        f"waitress {version('waitress')}, SQLite {sqlite3.sqlite_version}; wrk {wrk_version()}"
    )


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--duration", type=int, default=15, help="seconds of load per target (≤ 120)")
    p.add_argument("--warmup", type=int, default=2, help="seconds of unmeasured load per target first")
    p.add_argument("--connections", type=int, default=50, help="concurrent connections (users)")
    p.add_argument("--wrk-threads", type=int, default=2, help="wrk threads (default 2)")
    p.add_argument("--server-threads", type=int, default=8, help="threads per process, both servers")
    p.add_argument(
        "--server-workers",
        type=int,
        default=1,
        help="processes for both servers (1: waitress; more: gunicorn gthread workers)",
    )
    p.add_argument("--user", default="officer", help="demo login to sign in as (default officer)")
    p.add_argument("--data-dir", help="use/keep this data dir instead of a throwaway one")
    p.add_argument("--json", help="also write the raw results to this file")
    args = p.parse_args()
    if not 1 <= args.duration <= 120 or not 0 <= args.warmup <= 30:
        p.error("--duration must be 1..120 and --warmup 0..30")

    wrk = ensure_wrk()
    keep = bool(args.data_dir)
    data_dir = Path(args.data_dir or tempfile.mkdtemp(prefix="fazhi-bench-")).resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "FAZHI_DATA_DIR": str(data_dir), "DJANGO_SETTINGS_MODULE": "fazhi.settings"}
    env.pop("FAZHI_DEBUG", None)
    lua = data_dir / "wrk_report.lua"
    lua.write_text(WRK_LUA)

    app = base_proc = None
    server_log = open(data_dir / "server.log", "wb")  # noqa: SIM115 (closed in finally)
    try:
        log(f"data dir {data_dir}")
        logins = build_demo(env)
        if args.user not in logins:
            sys.exit(f"no demo login {args.user!r}; available: {', '.join(logins)}")
        token = issue_token(env, args.user)

        app_port, base_port = free_port(), free_port()
        app = subprocess.Popen(
            fazhi_cmd(
                "serve",
                "--host",
                HOST,
                "--port",
                str(app_port),
                "--threads",
                str(args.server_threads),
                "--workers",
                str(args.server_workers),
            ),
            env=env,
            cwd=ROOT,
            start_new_session=True,
            # Never a PIPE nobody reads: waitress logs "Task queue depth" under load, a full pipe
            # would block the server.
            stdout=server_log,
            stderr=subprocess.STDOUT,
        )
        base_proc = subprocess.Popen(
            [
                sys.executable,
                str(HERE / "baseline_app.py"),
                "--host",
                HOST,
                "--port",
                str(base_port),
                "--threads",
                str(args.server_threads),
                "--workers",
                str(args.server_workers),
            ],
            cwd=ROOT,
            start_new_session=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for_port(app_port, app)
        wait_for_port(base_port, base_proc)
        app_url, base_url = f"http://{HOST}:{app_port}", f"http://{HOST}:{base_port}"

        session = login(app_url, args.user, logins[args.user])
        cookie = "; ".join(f"{c.name}={c.value}" for c in session.cookies)
        bearer = {"Authorization": f"Bearer {token}"}
        browser = {"Cookie": cookie}

        api_list = requests.get(f"{app_url}/api/v1/reconsideration-cases/", headers=bearer, timeout=60)
        api_list.raise_for_status()
        body = api_list.json()
        items = body.get("results", body) if isinstance(body, dict) else body
        if not items:
            sys.exit(f"{args.user} sees no 行政复议 case; choose another --user")
        case_id = items[0]["id"]
        visible = body.get("count") if isinstance(body, dict) else len(items)

        targets = [
            ("baseline", "最小 Django 视图（基线）", f"{base_url}/baseline/", {}),
            ("dashboard", "待办 dashboard", f"{app_url}/staff/", browser),
            ("list", "行政复议 list page", f"{app_url}/staff/reconsideration/", browser),
            ("detail", "行政复议 detail page", f"{app_url}/staff/reconsideration/{case_id}/", browser),
            ("api_list", "API list", f"{app_url}/api/v1/reconsideration-cases/", bearer),
        ]
        results = []
        for key, label, url, headers in targets:
            status, size = check(url, headers)
            if status != 200:
                raise RuntimeError(f"{key}: {url} answered {status} before the run")
            alone = unloaded_ms(url, headers)
            if args.warmup:
                run_wrk(
                    wrk,
                    url,
                    headers,
                    duration=args.warmup,
                    connections=args.connections,
                    threads=args.wrk_threads,
                    lua=lua,
                )
            log(f"{key}: {args.duration} s at {args.connections} connections → {url}")
            r = run_wrk(
                wrk,
                url,
                headers,
                duration=args.duration,
                connections=args.connections,
                threads=args.wrk_threads,
                lua=lua,
            )
            after, _ = check(url, headers)
            r.update(
                key=key,
                label=label,
                path=url.split(str(app_port if key != "baseline" else base_port), 1)[1],
                bytes_per_response=size,
                status_after=after,
                unloaded_ms=alone,
            )
            results.append(r)
            log(
                f"{key}: {r['rps']:.0f} req/s, p50 {r['p50_us'] / 1000:.1f} ms, p95 {r['p95_us'] / 1000:.1f} ms,"
                f" errors {r['errors']}, status after run {after}"
            )

        base_rps = results[0]["rps"]
        cmd = "uv run python benchmarks/http_load.py " + " ".join(sys.argv[1:])
        print(f"\nCommand: `{cmd.strip()}`")
        print(f"Machine: {machine()}")
        print(
            f"Data: city-scale demo, signed in as `{args.user}` (sees {visible} 行政复议 cases); "
            f"{args.connections} connections, {args.wrk_threads} wrk threads, {args.duration} s per target "
            f"after {args.warmup} s warm-up; "
            + (
                f"gunicorn with {args.server_workers} gthread workers × {args.server_threads} threads"
                if args.server_workers > 1
                else f"waitress with {args.server_threads} threads"
            )
            + " for both servers.\n"
        )
        print(
            "| Target | Path | req/s | p50 ms | p95 ms | p99 ms | × baseline | 1 user ms | errors | bytes |"
        )
        print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
        for r in results:
            print(
                f"| {r['label']} | `{r['path']}` | {r['rps']:.0f} | {r['p50_us'] / 1000:.1f} | "
                f"{r['p95_us'] / 1000:.1f} | {r['p99_us'] / 1000:.1f} | {r['rps'] / base_rps:.3f} | "
                f"{r['unloaded_ms']:.1f} | "
                f"{r['errors']} | {r['bytes_per_response']} |"
            )
        if any(r["status_after"] != 200 for r in results):
            print(
                "\nWARNING: a target no longer answered 200 after its run (session ended?):",
                {r["key"]: r["status_after"] for r in results},
            )
        if args.json:
            Path(args.json).write_text(
                json.dumps(
                    {"command": cmd, "machine": machine(), "results": results}, ensure_ascii=False, indent=2
                )
            )
    finally:
        stop(app)
        stop(base_proc)
        server_log.close()
        if not keep:
            shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
