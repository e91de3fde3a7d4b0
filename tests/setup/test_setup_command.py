"""``fazhi setup`` from an empty database: a real county code (柳州市柳江区 450206, seed 000) gives the
province/city/county chain from the shipped national list, its towns, the government, and the three
administrators with one-time passwords printed once; organisations and staff come from the templates.
"""

from __future__ import annotations

import io
import re

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from fazhi.core import excel, regions
from fazhi.core.audit.models import AuditEvent
from fazhi.core.models import Organisation, Region, User
from tests.security.identity_helpers import login

pytestmark = pytest.mark.django_db

CHANGE = "/staff/security/password/"


def _setup(*args, **options) -> str:
    out = io.StringIO()
    call_command("setup", *args, skip_migrate=True, stdout=out, stderr=io.StringIO(), **options)
    return out.getvalue()


def _passwords(text: str) -> dict[str, str]:
    return dict(re.findall(r"^\s+(sysadmin|secadmin|auditadmin)\s+(\S+)\s+\S+管理员$", text, re.M))


def _xlsx(kind: str, rows: list[list]) -> io.BytesIO:
    wb = openpyxl.load_workbook(io.BytesIO(excel.template_bytes(kind)))
    ws = wb.worksheets[0]
    for number, row in enumerate(rows, start=2):
        for column, value in enumerate(row, start=1):
            ws.cell(row=number, column=column, value=value)
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    return out


def test_a_real_county_code_creates_the_chain_its_towns_and_the_three_administrators(client):
    assert not Region.objects.exists() and not User.objects.exists()
    text = _setup(region="450206")

    chain = list(Region.objects.filter(code__in=["450000", "450200", "450206"]).order_by("code"))
    assert [(r.code, r.name, r.level, r.parent_id) for r in chain] == [
        ("450000", "广西壮族自治区", "province", None),
        ("450200", "柳州市", "prefecture", "450000"),
        ("450206", "柳江区", "county", "450200"),
    ]
    towns = Region.objects.filter(parent_id="450206")
    assert towns.count() == 8 and towns.get(code="450206100").name == "拉堡镇"
    assert all(t.level == "township" for t in towns)
    assert Region.objects.count() == 3 + 8  # nothing of other counties
    gov = Organisation.objects.get(region_id="450206")
    assert (gov.name, gov.kind) == ("柳江区人民政府", "government")
    assert "已设置本级政府：广西壮族自治区柳州市柳江区（450206）" in text
    assert "国家统计局《2022年统计用区划代码和城乡划分代码》" in text

    passwords = _passwords(text)
    assert set(passwords) == {"sysadmin", "secadmin", "auditadmin"}
    for username, role in [("sysadmin", "sysadmin"), ("secadmin", "secadmin"), ("auditadmin", "auditadmin")]:
        user = User.objects.get(username=username)
        assert user.roles == [role] and user.is_staff and not user.is_superuser
        assert user.password_changed_at is None  # one-time: changed at the first login
        assert passwords[username] not in user.password  # only the hash is stored
    # The printed password logs in, straight to the forced password change.
    response = login(client, "sysadmin", passwords["sysadmin"])
    assert response.status_code == 302
    page = client.get("/staff/")
    assert page.status_code == 302 and page["Location"].startswith(CHANGE)

    event = AuditEvent.objects.get(action="core.setup")
    assert event.detail["region"] == "450206" and event.detail["towns"] == 8
    assert not any(p in str(event.detail) for p in passwords.values())


def test_setup_runs_once_then_refers_to_the_administrators(client):
    _setup(region="450206")
    with pytest.raises(CommandError, match="系统已有管理员，不能再次设置"):
        _setup(region="450205")
    assert not Region.objects.filter(code="450205").exists()


def test_an_unknown_or_malformed_code_says_what_is_known():
    with pytest.raises(CommandError, match=r"没有“450299”；该市下的区县有：450202 城中区"):
        _setup(region="450299")
    with pytest.raises(CommandError, match="应为6位数字"):
        _setup(region="4502")
    assert not Region.objects.exists() and not User.objects.exists()


def test_find_looks_a_government_up_by_name():
    text = _setup(find="柳江")
    assert "450206\t广西壮族自治区柳州市柳江区" in text
    assert "110101\t北京市东城区" in _setup(find="东城区")


def test_organisations_and_staff_are_imported_from_the_templates(tmp_path):
    orgs = tmp_path / "单位.xlsx"
    orgs.write_bytes(
        _xlsx(
            "organisations",
            [
                ["柳江区人民政府", "人民政府", "450206", None, None, None, None],
                [
                    "柳江区司法局",
                    "工作部门",
                    "450206",
                    "柳江区人民政府",
                    None,
                    "是",
                    "司法行政机关、行政复议机构",
                ],
                ["拉堡镇人民政府", "乡镇", "450206100", "柳江区人民政府", None, None, None],
            ],
        ).getvalue()
    )
    staff = tmp_path / "工作人员.xlsx"
    staff.write_bytes(_xlsx("staff", [["liwei", "李伟", "柳江区司法局", "承办人", None]]).getvalue())
    text = _setup(region="450206", organisations=str(orgs), staff=str(staff))
    assert "单位：导入成功：共 2 条。已存在，跳过 1 条（第2行）" in text
    assert Organisation.objects.get(name="柳江区司法局").parent.name == "柳江区人民政府"
    assert Organisation.objects.get(name="拉堡镇人民政府").region_id == "450206100"
    liwei = User.objects.get(username="liwei")
    assert liwei.roles == ["officer"] and re.search(r"liwei\t李伟\t\S{10,}", text)


def test_a_failing_import_undoes_the_whole_setup(tmp_path):
    orgs = tmp_path / "单位.xlsx"
    orgs.write_bytes(
        _xlsx("organisations", [["柳城县司法局", "工作部门", "450222", None, None, None, None]]).getvalue()
    )
    err = io.StringIO()
    with pytest.raises(CommandError, match="单位导入未通过，设置未生效"):
        call_command(
            "setup",
            region="450206",
            organisations=str(orgs),
            skip_migrate=True,
            stdout=io.StringIO(),
            stderr=err,
        )
    # The organisation import names the codes it knows and what to run for the others.
    assert "区划代码“450222”在系统中不存在" in err.getvalue()
    assert "450206 柳江区" in err.getvalue() and "fazhi setup --region" in err.getvalue()
    assert not Region.objects.exists() and not User.objects.exists()


def test_an_organisation_import_before_setup_says_to_run_it():
    result = excel.run_import(
        "organisations",
        _xlsx("organisations", [["柳江区司法局", "工作部门", "450206", None, None, None, None]]),
    )
    assert not result.ok
    assert any("请先运行 `fazhi setup --region 本级区划代码`" in m for m in result.messages), result.messages


def test_the_shipped_list_names_its_source_and_date():
    header = regions.source()
    assert "国家统计局" in header and "2022-10-31" in header and "GB/T 2260" in header
    assert regions.get("450206").name == "柳江区" and len(regions.divisions()) > 40_000
