"""Threads taking 案号 at once on a real SQLite file (production settings: WAL, IMMEDIATE),
run as ``python -m tests.core.number_writers`` by tests/core/test_kit_numbering.py.

Prints one JSON line: the serials committed by every thread, and those of rolled-back attempts.
"""

from __future__ import annotations

import json
import threading


class _Rollback(Exception):
    pass


def main() -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    call_command("migrate", verbosity=0)
    from fazhi.core.kit.numbering import next_number
    from fazhi.core.models import Organisation, OrganisationKind, Region, RegionLevel

    county = Region.objects.create(code="450206", name="东区", level=RegionLevel.COUNTY)
    org = Organisation.objects.create(name="东区司法局", kind=OrganisationKind.DEPARTMENT, region=county)
    connection.close()
    committed: list[int] = []
    rolled_back: list[int] = []
    errors: list[str] = []
    lock = threading.Lock()

    def writer(n: int) -> None:
        try:
            for i in range(12):
                if (n + i) % 5:
                    # The service's own transaction must be enough to keep writers apart.
                    serial = next_number(organisation=org, code="复", year=2026)
                    with lock:
                        committed.append(serial)
                    continue
                try:
                    with transaction.atomic():  # a registration that fails after taking its number
                        serial = next_number(organisation=org, code="复", year=2026)
                        with lock:
                            rolled_back.append(serial)
                        raise _Rollback
                except _Rollback:
                    pass
        except Exception as exc:  # noqa: BLE001
            errors.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(json.dumps({"committed": committed, "rolled_back": rolled_back, "errors": errors}))


if __name__ == "__main__":
    main()
