"""Runs litigation migration 0005 (bare 复议 id → kit MatterLink) forward and back on a real SQLite
file, as ``python -m tests.litigation.link_migration_run``; prints one JSON line for
tests/litigation/test_link_migration.py."""

from __future__ import annotations

import datetime as dt
import json


def main() -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    call_command("migrate", "litigation", "0004", verbosity=0)  # the schema with the bare integer

    from fazhi.core.models import (
        Organisation,
        OrganisationFunction,
        OrganisationKind,
        OrgFunction,
        Region,
        RegionLevel,
        User,
    )
    from fazhi.core.workflow import engine
    from fazhi.reconsideration.models import ReconsiderationCase

    county = Region.objects.create(code="450206", name="东区", level=RegionLevel.COUNTY)
    org = Organisation.objects.create(name="东区司法局", kind=OrganisationKind.DEPARTMENT, region=county)
    OrganisationFunction.objects.create(organisation=org, function=OrgFunction.RECONSIDERATION_BODY)
    officer = User(username="mig", organisation=org, roles=["officer"])
    officer.set_unusable_password()
    officer.save()
    case = engine.create(
        ReconsiderationCase,
        actor=officer,
        organisation=org,
        case_year=2026,
        case_serial=1,
        case_number="东区司法复〔2026〕1号",
        channel="in_person",
        received_on=dt.date(2026, 3, 2),
        respondent_name="东区市场监督管理局",
        act_type="penalty",
        act_description="罚款",
        requests="撤销",
    )
    now = "2026-03-02 00:00:00"
    with connection.cursor() as cursor:
        for n, linked in ((1, case.pk), (2, 999999), (3, None)):
            cursor.execute(
                "INSERT INTO litigation_lawsuit (organisation_id, region_code, status, version, created_at,"
                " updated_at, court, case_number, instance, plaintiff_summary, act_type, act_number,"
                " act_description, outcome, reconsideration_case_id, reconsideration_case_number)"
                " VALUES (%s, '450206', 'registered', 0, %s, %s, '东区人民法院', %s, 'first', '张三',"
                " '行政处罚', '', '', '', %s, %s)",
                [
                    org.pk,
                    now,
                    now,
                    f"（2026）测0206行初{n}号",
                    linked,
                    "东区司法复〔2026〕1号" if linked else "",
                ],
            )
    call_command("migrate", "litigation", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT l.source_id, s.model, t.model, lw.case_number, l.kind FROM kit_matterlink l"
            " JOIN django_content_type s ON s.id = l.source_type_id"
            " JOIN django_content_type t ON t.id = l.target_type_id"
            " JOIN litigation_lawsuit lw ON lw.id = l.target_id"
        )
        links = cursor.fetchall()
        cursor.execute("SELECT case_number, reconsideration_case_number FROM litigation_lawsuit ORDER BY id")
        numbers = cursor.fetchall()
    call_command("migrate", "litigation", "0004", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("SELECT case_number, reconsideration_case_id FROM litigation_lawsuit ORDER BY id")
        reversed_ids = cursor.fetchall()
        cursor.execute("SELECT COUNT(*) FROM kit_matterlink")
        left = cursor.fetchone()[0]
    print(
        json.dumps(
            {"case": case.pk, "links": links, "numbers": numbers, "reversed": reversed_ids, "left": left},
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
