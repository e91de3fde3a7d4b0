"""Serving the site: waitress in one process (default; any OS), or gunicorn with several worker
processes (``--workers N``, Linux) — one Python process runs on about one core (the GIL), so a machine
with more cores serves more requests with more processes. Static files through WhiteNoise in both.

Scheduled and background work (ADR 0008) runs beside it unless ``jobs=False``: in the waitress
process as consumer threads, or — with gunicorn — as one ``fazhi worker`` process started and stopped
with the server, so exactly one consumer runs however many web processes there are."""

from __future__ import annotations

import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError


def pending_migrations() -> list:
    """Migrations not yet applied to the database (all of them for a database never migrated)."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    return executor.migration_plan(executor.loader.graph.leaf_nodes())


def require_migrated_database() -> None:
    from django.db import connection

    name = connection.settings_dict["NAME"]
    if connection.vendor == "sqlite" and not connection.is_in_memory_db() and not Path(name).exists():
        # Checked before connecting: connecting would create an empty file.
        raise CommandError(
            f"数据库文件 {name} 不存在。请先运行 `uv run fazhi migrate` 初始化数据库，"
            "或运行 `uv run fazhi demo` 生成演示数据。"
        )
    pending = pending_migrations()
    if pending:
        raise CommandError(
            f"数据库尚未完成初始化（还有 {len(pending)} 个迁移未执行）。"
            "请先运行 `uv run fazhi migrate`，或运行 `uv run fazhi demo` 生成演示数据。"
        )


def staff_url(host: str, port: int) -> str:
    shown = "127.0.0.1" if host in ("0.0.0.0", "") else ("[::1]" if host == "::" else host)
    if ":" in shown and not shown.startswith("["):
        shown = f"[{shown}]"
    return f"http://{shown}:{port}/staff/"


@contextmanager
def _jobs(enabled: bool, *, separate_process: bool, write):
    if not enabled:
        write(
            "后台任务处理未启动（--no-jobs）：定时任务（如期限届满视为受理）请用 `uv run fazhi worker` 运行。"
        )
        yield
        return
    from fazhi.core.jobs import consumer

    if consumer.immediate():
        write("后台任务为立即执行模式（测试配置）：任务在提交时执行，不启动定时任务。")
        yield
        return
    if separate_process:
        # Not threads in the gunicorn master: it forks its workers, and forking a process that runs
        # threads can deadlock the child.
        proc = subprocess.Popen([sys.executable, "-m", "fazhi", "worker"])
        write(f"后台任务处理已启动（进程 {proc.pid}）。")
        try:
            yield
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
        return
    running = consumer.start_embedded()
    write("后台任务处理已启动（定时任务：每10分钟办理届满期限，每晚计算指标、校验审计日志）。")
    try:
        yield
    finally:
        consumer.stop_embedded(running)


def serve(
    host: str, port: int, *, threads: int = 8, workers: int = 1, jobs: bool = True, stdout=None
) -> None:
    from django.core.wsgi import get_wsgi_application

    write = stdout.write if stdout is not None else print
    # WhiteNoise serves from the finders (no collectstatic needed) but warns if STATIC_ROOT is absent.
    Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)
    if host in ("0.0.0.0", "::") or (
        host not in ("127.0.0.1", "localhost", "::1") and host not in settings.ALLOWED_HOSTS
    ):
        write(
            f"提示：在 {host} 上监听时，请用环境变量 FAZHI_ALLOWED_HOSTS 列出访问本站所用的主机名或IP，"
            "否则请求会被拒绝（400）。"
        )
    if workers > 1:
        with _jobs(jobs, separate_process=True, write=write):
            write(
                f"服务已启动：{staff_url(host, port)}（{workers}个进程，每个{threads}个线程；按 Ctrl+C 停止）"
            )
            try:
                _gunicorn(host, port, workers=workers, threads=threads)
            except SystemExit as exc:
                if exc.code not in (0, None):
                    raise
        write("服务已停止。")
        return
    import waitress

    with _jobs(jobs, separate_process=False, write=write):
        write(f"服务已启动：{staff_url(host, port)}（按 Ctrl+C 停止）")
        try:
            waitress.serve(
                get_wsgi_application(),
                host=host,
                port=port,
                threads=threads,
                ident="fazhi",
                # waitress reads a whole body before the site sees it (default 1 GB): never more than
                # the largest route limit; each route's own limit is checked by BodyLimitMiddleware
                max_request_body_size=settings.BODY_LIMIT_MAX,
            )
        except KeyboardInterrupt:
            pass  # waitress itself returns on Ctrl+C; either way the jobs stop below
    write("服务已停止。")


def _gunicorn(host: str, port: int, *, workers: int, threads: int) -> None:
    """gunicorn with ``gthread`` workers, configured here rather than from a file or the command line.
    The application is loaded in each worker after the fork (no ``preload``), so no database
    connection is shared between processes."""
    from gunicorn.app.base import BaseApplication

    bind = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"

    class Application(BaseApplication):
        def load_config(self):
            for key, value in {
                "bind": bind,
                "workers": workers,
                "threads": threads,
                "worker_class": "gthread",
                "proc_name": "fazhi",
                "accesslog": None,
                "graceful_timeout": 10,
            }.items():
                self.cfg.set(key, value)

        def load(self):
            from django.core.wsgi import get_wsgi_application

            return get_wsgi_application()

    Application().run()
