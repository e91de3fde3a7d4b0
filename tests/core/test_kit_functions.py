"""Organisation functions as data (issue 9 item 3): the selector, the migration's inference, the
tick box kept in step, the Excel column, and the portal asking for 行政复议机构 by function."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps

from fazhi.core import excel
from fazhi.core.kit.functions import organisations_with
from fazhi.core.models import Organisation, OrganisationFunction, OrgFunction
from fazhi.reconsideration.portal import receiving_organisations
from tests import factories
from tests.core.test_import_excel import xlsx


def test_selector_returns_holders_of_a_function_within_a_region(tree):
    assert set(organisations_with(OrgFunction.RECONSIDERATION_BODY)) == {
        tree["east_justice"],
        tree["west_justice"],
    }
    assert list(organisations_with(OrgFunction.RECONSIDERATION_BODY, region=tree["east"])) == [
        tree["east_justice"]
    ]
    assert list(organisations_with(OrgFunction.RECONSIDERATION_BODY, region="450206")) == [
        tree["east_justice"]
    ]
    assert list(organisations_with(OrgFunction.ENFORCEMENT_BODY)) == [tree["east_market"]]
    assert not organisations_with(OrgFunction.HOTLINE).exists()


def test_unknown_function_is_refused(tree):
    with pytest.raises(ValueError, match="未知的单位职能"):
        organisations_with("court")


def test_name_no_longer_decides_who_takes_reconsideration_applications(tree):
    # A 司法局 without the function is not offered; a body named otherwise but holding it is.
    nameless = factories.organisation("东区司法局第二分局", tree["east"], parent=tree["east_gov"])
    renamed = factories.organisation(
        "东区司法行政服务中心",
        tree["east"],
        parent=tree["east_gov"],
        functions=(OrgFunction.RECONSIDERATION_BODY,),
    )
    offered = set(receiving_organisations())
    assert renamed in offered and nameless not in offered


def test_enforcement_tick_box_and_function_row_stay_in_step(tree):
    market = tree["east_market"]
    assert market.has_function(OrgFunction.ENFORCEMENT_BODY)
    market.is_enforcement_body = False
    market.save()
    assert not organisations_with(OrgFunction.ENFORCEMENT_BODY).filter(pk=market.pk).exists()
    OrganisationFunction.objects.create(organisation=tree["east_gov"], function=OrgFunction.ENFORCEMENT_BODY)
    assert Organisation.objects.get(pk=tree["east_gov"].pk).is_enforcement_body is True
    OrganisationFunction.objects.get(
        organisation=tree["east_gov"], function=OrgFunction.ENFORCEMENT_BODY
    ).delete()
    assert Organisation.objects.get(pk=tree["east_gov"].pk).is_enforcement_body is False


def test_migration_derives_functions_from_what_the_code_inferred(tree):
    province_justice = factories.organisation("某某省司法厅", tree["city"])
    township_office = factories.organisation("东风镇司法局", tree["east"], kind="township")
    OrganisationFunction.objects.all().delete()
    migration = importlib.import_module("fazhi.core.migrations.0003_organisation_functions")
    migration.derive_functions(apps, None)
    held = {
        (org.name, f) for org, f in ((r.organisation, r.function) for r in OrganisationFunction.objects.all())
    }
    assert held == {
        ("东区司法局", OrgFunction.JUSTICE_ADMINISTRATION),
        ("东区司法局", OrgFunction.RECONSIDERATION_BODY),
        ("西区司法局", OrgFunction.JUSTICE_ADMINISTRATION),
        ("西区司法局", OrgFunction.RECONSIDERATION_BODY),
        ("某某省司法厅", OrgFunction.JUSTICE_ADMINISTRATION),
        ("某某省司法厅", OrgFunction.RECONSIDERATION_BODY),
        ("东区市场监督管理局", OrgFunction.ENFORCEMENT_BODY),
    }
    assert township_office.pk and province_justice.pk


def test_import_sets_functions_from_the_optional_column(db):
    city, east, _ = factories.county_tree()
    result = excel.run_import(
        "organisations",
        xlsx(
            "organisations",
            [
                ["东区人民政府", "人民政府", "450206", None, None, "否", None],
                [
                    "东区司法局",
                    "工作部门",
                    "450206",
                    "东区人民政府",
                    None,
                    "是",
                    "司法行政机关、行政复议机构",
                ],
                [
                    "东区人民政府办公室",
                    "工作部门",
                    "450206",
                    "东区人民政府",
                    None,
                    None,
                    "政务公开机构，行政执法主体",
                ],
            ],
        ),
        actor=None,
    )
    assert result.ok, result.messages
    justice = Organisation.objects.get(name="东区司法局")
    assert justice.function_codes == {
        OrgFunction.JUSTICE_ADMINISTRATION,
        OrgFunction.RECONSIDERATION_BODY,
        OrgFunction.ENFORCEMENT_BODY,
    }
    office = Organisation.objects.get(name="东区人民政府办公室")
    assert office.is_enforcement_body and office.has_function(OrgFunction.DISCLOSURE_BODY)
    assert Organisation.objects.get(name="东区人民政府").function_codes == frozenset()


def test_import_refuses_an_unknown_function_and_imports_nothing(db):
    factories.county_tree()
    result = excel.run_import(
        "organisations",
        xlsx("organisations", [["东区司法局", "工作部门", "450206", None, None, "否", "法院"]]),
        actor=None,
    )
    assert not result.ok
    assert "“法院”不是有效的选项" in "\n".join(result.messages)
    assert not Organisation.objects.exists() and not OrganisationFunction.objects.exists()


def test_the_demo_gives_each_county_its_functions_by_department_not_by_name():
    from fazhi.demo import generator

    plan = generator.build_plan("county")
    held = {spec.name: set(generator._functions(spec)) for spec in plan.orgs}
    county = next(r.name for r in plan.regions if r.code == generator.DEMO_COUNTY)
    assert {OrgFunction.JUSTICE_ADMINISTRATION, OrgFunction.RECONSIDERATION_BODY} <= held[f"{county}司法局"]
    assert OrgFunction.DISCLOSURE_BODY in held[f"{county}人民政府办公室"]
    assert OrgFunction.PETITION_BODY in held[f"{county}信访局"]
    # 司法所 are 派出机构 of the 司法局, not 复议机构; 执法主体 follows the enforcement flag.
    assert all(
        OrgFunction.RECONSIDERATION_BODY not in held[s.name] for s in plan.orgs if s.kind == "justice_office"
    )
    assert all((OrgFunction.ENFORCEMENT_BODY in held[s.name]) == s.enforcement for s in plan.orgs)


def test_the_organisation_page_shows_its_functions(client, tree):
    officer = factories.user(tree["east_justice"], username="officer")
    client.force_login(officer)
    body = client.get(f"/staff/organisations/{tree['east_justice'].pk}/").content.decode()
    assert "单位职能" in body and "司法行政机关、行政复议机构" in body
