"""Runs reconsideration migration 0006 (the case's act_record pair → kit MatterLink) forward and back
on a real database (a SQLite file in the test; PostgreSQL too with FAZHI_DATABASE_URL), as
``python -m tests.reconsideration.act_record_migration_run``; prints one JSON line for
tests/reconsideration/test_act_record_migration.py."""

from __future__ import annotations

import datetime as dt
import json


def main() -> None:
    import django

    django.setup()
    from django.contrib.contenttypes.models import ContentType
    from django.core.management import call_command
    from django.db import connection

    # The records are made with today's model (every column), then the schema is taken back to 0005,
    # the one with the pair: later migrations add columns the model of 0005 did not have.
    call_command("migrate", verbosity=0)

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
    from fazhi.litigation.models import Lawsuit
    from fazhi.reconsideration.models import Party, ReconsiderationCase

    county = Region.objects.create(code="450206", name="东区", level=RegionLevel.COUNTY)
    org = Organisation.objects.create(name="东区司法局", kind=OrganisationKind.DEPARTMENT, region=county)
    OrganisationFunction.objects.create(organisation=org, function=OrgFunction.RECONSIDERATION_BODY)
    officer = User(username="mig", organisation=org, roles=["officer"])
    officer.set_unusable_password()
    officer.save()
    # Any record in the system stands for the act's record (no 执法 domain exists yet).
    act_record = engine.create(
        Lawsuit,
        actor=officer,
        organisation=org,
        court="东区人民法院",
        case_number="（2026）测0206行初1号",
        act_type="penalty",
    )
    cases = []
    for n in (1, 2, 3):
        case = engine.create(
            ReconsiderationCase,
            actor=officer,
            organisation=org,
            case_year=2026,
            case_serial=n,
            case_number=f"东区司法复〔2026〕{n}号",
            channel="in_person",
            received_on=dt.date(2026, 3, n),
            respondent_name="东区市场监督管理局",
            act_type="penalty",
            act_description=f"罚款{n}千元",
            requests="撤销",
        )
        Party.objects.create(case=case, role="applicant", kind="person", name=f"张{n}", phone="13800138000")
        cases.append(case)
    # The records are made with today's model, then the schema goes back to the one with the pair
    # (columns added since 0005 are dropped with their migrations; the rows stay).
    call_command("migrate", "reconsideration", "0005", verbosity=0)
    lawsuit_ct = ContentType.objects.get_for_model(Lawsuit)
    call_command("migrate", "reconsideration", "0005", verbosity=0)  # the schema with the pair
    with connection.cursor() as cursor:
        # case 1 points at an existing record, case 2 at one that is gone, case 3 at nothing.
        for case, record_id in ((cases[0], act_record.pk), (cases[1], 999999)):
            cursor.execute(
                "UPDATE reconsideration_reconsiderationcase SET act_record_type_id = %s, act_record_id = %s"
                " WHERE id = %s",
                [lawsuit_ct.pk, record_id, case.pk],
            )

    def rows():
        # only the columns every schema from 0005 on has
        cases = ReconsiderationCase.objects.only("case_number", "status", "law_version", "act_description")
        cases = cases.order_by("id")
        return [
            [
                c.case_number,
                c.status,
                c.law_version,
                c.act_description,
                [p.phone for p in c.parties.only("id", "case_id", "phone")],
            ]
            for c in cases
        ]

    before = rows()
    call_command("migrate", "reconsideration", verbosity=0)
    after = rows()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT s.model, l.source_id, t.model, l.target_id, l.kind FROM kit_matterlink l"
            " JOIN django_content_type s ON s.id = l.source_type_id"
            " JOIN django_content_type t ON t.id = l.target_type_id"
        )
        links = cursor.fetchall()
        table = ReconsiderationCase._meta.db_table
        columns = [c.name for c in connection.introspection.get_table_description(cursor, table)]
    call_command("migrate", "reconsideration", "0005", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT act_record_type_id, act_record_id FROM reconsideration_reconsiderationcase ORDER BY id"
        )
        reversed_pairs = cursor.fetchall()
    print(
        json.dumps(
            {
                "cases": [c.pk for c in cases],
                "record": act_record.pk,
                "lawsuit_ct": lawsuit_ct.pk,
                "before": before,
                "after": after,
                "links": links,
                "columns": columns,
                "reversed": reversed_pairs,
            },
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
