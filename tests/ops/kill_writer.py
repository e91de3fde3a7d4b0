"""The writer for the kill test (tests/ops/test_kill.py), run as ``python -m tests.ops.kill_writer``.

A small fork server: it sets Django up once (with the production settings of the data directory /
database in its environment), makes sure an organisation and an officer exist, prints ``READY``,
then obeys commands on stdin:

``fork``      fork a child that registers 行政复议 cases through the real service
              (``reconsideration_case_register``: case, parties, clock, transition log, audit rows in
              one transaction) in a loop, printing ``ACK <pid> <marker> <case id>`` after each commit;
              the parent prints ``CHILD <pid>``;
``reap PID``  wait for that (killed) child and print ``REAPED <pid>``.

Forking keeps each kill cheap (no interpreter start-up), so the test can kill many times quickly.
Lines are shorter than PIPE_BUF, so the parent's and children's writes to the shared pipe never mix.
"""

from __future__ import annotations

import datetime as dt
import os
import sys


def _setup():
    import django

    django.setup()
    from fazhi.core.models import (
        DataScope,
        Organisation,
        OrganisationFunction,
        OrganisationKind,
        OrgFunction,
        Region,
        RegionLevel,
        User,
    )

    city, _ = Region.objects.get_or_create(
        code="450200", defaults={"name": "示范市", "level": RegionLevel.PREFECTURE}
    )
    county, _ = Region.objects.get_or_create(
        code="450206", defaults={"name": "东区", "level": RegionLevel.COUNTY, "parent": city}
    )
    gov = Organisation.objects.filter(name="东区人民政府").first() or Organisation.objects.create(
        name="东区人民政府", kind=OrganisationKind.GOVERNMENT, region=county
    )
    # The writer registers 行政复议 cases: the organisation must be a 行政复议机构.
    OrganisationFunction.objects.get_or_create(organisation=gov, function=OrgFunction.RECONSIDERATION_BODY)
    officer = User.objects.filter(username="kill_officer").first()
    if officer is None:
        officer = User(
            username="kill_officer",
            full_name="王林",
            organisation=gov,
            roles=["officer", "reviewer"],
            data_scope=DataScope.OWN,
        )
        officer.set_unusable_password()
        officer.save()
    return gov.pk, officer.pk


def _say(line: str) -> None:
    os.write(1, (line + "\n").encode())


def _child(org_id: int, officer_id: int, tag: str) -> None:
    from fazhi.core.audit import context
    from fazhi.core.models import Organisation, User
    from fazhi.reconsideration import services

    org = Organisation.objects.get(pk=org_id)
    officer = User.objects.get(pk=officer_id)
    context.activate(context.RequestContext(user_id=officer.pk, username=officer.username, roles="officer"))
    _say(f"START {os.getpid()}")
    for n in range(100000):
        _register(services, org, officer, f"KILL-{tag}-{n}")
    os._exit(0)


def _register(services, org, officer, marker: str):
    received = dt.date(2026, 9, 1)
    case = services.reconsideration_case_register(
        actor=officer,
        organisation=org,
        received_on=received,
        channel="in_person",
        respondent_name="东区市场监督管理局",
        act_type="penalty",
        act_description="罚款五千元的行政处罚决定",
        act_document_number=marker,
        requests="请求撤销该行政处罚决定。",
        parties=[
            {
                "role": "applicant",
                "kind": "person",
                "name": "张三",
                "id_number": "11010519491231002X",
                "phone": "13800138000",
                "address": "示范市东区幸福路1号",
            },
            {"role": "applicant", "kind": "person", "name": "李四"},
        ],
        today=received,
    )
    _say(f"ACK {os.getpid()} {marker} {case.pk}")


def main() -> None:
    org_id, officer_id = _setup()
    from django.db import connections

    # Warm up (imports, procedure registry, calendar) with one real write, so each child's first write
    # starts at once; its ACK is a line like the children's.
    from fazhi.core.models import Organisation, User
    from fazhi.reconsideration import services

    _register(
        services,
        Organisation.objects.get(pk=org_id),
        User.objects.get(pk=officer_id),
        f"KILL-warm-{os.getpid()}",
    )

    connections.close_all()
    _say("READY")
    count = 0
    for raw in sys.stdin:
        words = raw.split()
        if not words:
            continue
        if words[0] == "fork":
            count += 1
            pid = os.fork()
            if pid == 0:
                try:
                    _child(org_id, officer_id, f"{os.getppid()}x{count}")
                except BaseException as exc:  # noqa: BLE001
                    _say(f"ERROR {os.getpid()} {type(exc).__name__}: {exc}".replace("\n", " ")[:400])
                    os._exit(1)
            _say(f"CHILD {pid}")
        elif words[0] == "reap":
            os.waitpid(int(words[1]), 0)
            _say(f"REAPED {words[1]}")
        elif words[0] == "quit":
            break


if __name__ == "__main__":
    main()
