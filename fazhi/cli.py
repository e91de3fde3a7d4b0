"""The ``fazhi`` console script: Django's management commands under one name.

fazhi demo [--no-serve] [--scale county|city|province]
fazhi serve [--host 127.0.0.1 --port 8000]
fazhi calendar due --from 2026-09-30 --days 5 --unit workday
fazhi procedures graph <name>
fazhi audit verify
fazhi import <kind> FILE | fazhi import --template <kind>
fazhi migrate, fazhi createsuperuser … (any Django command)
"""

from __future__ import annotations

import os
import sys


def _errors_in_plain_chinese() -> None:
    """A command's refusal is printed as "错误：…" instead of Django's "CommandError: …" (the
    message itself is already Chinese); ``--traceback`` still raises for maintainers."""
    from django.core.management.base import BaseCommand, CommandError, SystemCheckError

    if getattr(BaseCommand.execute, "_fazhi_plain", False):
        return
    execute = BaseCommand.execute

    def plain_execute(self, *args, **options):
        try:
            return execute(self, *args, **options)
        except CommandError as exc:
            if (
                not self._called_from_command_line
                or options.get("traceback")
                or isinstance(exc, SystemCheckError)
            ):
                raise
            self.stderr.write(f"错误：{exc}")
            sys.exit(exc.returncode)

    plain_execute._fazhi_plain = True
    BaseCommand.execute = plain_execute


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhi.settings")
    from django.core.management import execute_from_command_line

    from fazhi.conf import restrict_umask

    restrict_umask()
    _errors_in_plain_chinese()

    execute_from_command_line(["fazhi", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
