"""Running the job queue's consumer: embedded in ``fazhi serve`` / ``fazhi demo`` (threads in the
server process, the default) or on its own as ``fazhi worker`` (ADR 0008).

Exactly one consumer should run per deployment. With ``fazhi serve --workers N`` (gunicorn) the
server starts one ``fazhi worker`` process beside the web processes instead of a consumer in each.
"""

from __future__ import annotations

import logging

from django.core.management.base import CommandError
from huey.consumer import Consumer

logger = logging.getLogger("fazhi.jobs")


class EmbeddedConsumer(Consumer):
    """A consumer that leaves the process's signals to its host (waitress handles Ctrl+C)."""

    def _set_signal_handlers(self) -> None:
        pass


def immediate() -> bool:
    """True under the test settings: every task runs inside the call that submits it."""
    from huey.contrib.djhuey import HUEY

    return HUEY.immediate


def queue():
    from huey.contrib.djhuey import HUEY

    if HUEY.immediate:
        raise CommandError(
            "当前配置为“立即执行”模式（仅用于测试），任务在提交时即已执行，不能启动后台任务处理。"
        )
    return HUEY


def create(*, workers: int = 2, periodic: bool = True, embedded: bool = False) -> Consumer:
    cls = EmbeddedConsumer if embedded else Consumer
    return cls(queue(), workers=workers, worker_type="thread", periodic=periodic, check_worker_health=True)


def start_embedded(*, workers: int = 2) -> Consumer:
    """Start the consumer's scheduler and worker threads in this process; returns it for stopping."""
    from fazhi.core.jobs import tasks

    consumer = create(workers=workers, embedded=True)
    consumer.start()
    tasks.on_consumer_start()
    return consumer


def stop_embedded(consumer: Consumer) -> None:
    consumer.shutdown_timeout = 10
    consumer.stop(graceful=True)
