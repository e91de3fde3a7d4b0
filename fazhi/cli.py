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


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhi.settings")
    from django.core.management import execute_from_command_line

    from fazhi.conf import restrict_umask

    restrict_umask()

    execute_from_command_line(["fazhi", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
