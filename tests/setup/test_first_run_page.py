"""The first-run page /setup/: the same as ``fazhi setup`` on a screen, reachable only while no
administrator exists (then 404), and only with the setup code written on the server."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from fazhi.core import setup
from fazhi.core.models import Organisation, Region, User
from tests import factories
from tests.setup.test_setup_command import _xlsx

pytestmark = pytest.mark.django_db

URL = "/setup/"


@pytest.fixture(autouse=True)
def _data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path


def _form(**more):
    data = {"code": setup.setup_code(), "region": "450206", "towns": "on"}
    data.update({"sysadmin": "xitong", "secadmin": "anquan", "auditadmin": "shenji"})
    data.update(more)
    return data


def test_the_page_sets_up_the_county_and_shows_each_one_time_password_once(client, settings):
    page = client.get(URL, {"q": "柳江"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "首次设置" in html and "450206 广西壮族自治区柳州市柳江区" in html
    code_file = settings.DATA_DIR / "keys" / "setup-code"
    assert code_file.exists() and oct(code_file.stat().st_mode & 0o777) == "0o600"

    done = client.post(URL, _form())
    html = done.content.decode()
    assert done.status_code == 200 and "已设置本级政府：广西壮族自治区柳州市柳江区（450206）" in html
    passwords = dict(
        re.findall(r'data-username="(\w+)"><td>\w+</td><td class="password"><code>(\S+)</code>', html)
    )
    assert set(passwords) == {"xitong", "anquan", "shenji"}
    assert User.objects.get(username="xitong").check_password(passwords["xitong"])
    assert Region.objects.filter(parent_id="450206").count() == 8
    assert not code_file.exists()  # used up
    # From now on the page does not exist.
    assert client.get(URL).status_code == 404
    assert client.post(URL, _form(region="450205")).status_code == 404
    assert not Region.objects.filter(code="450205").exists()


def test_without_the_setup_code_nothing_is_created(client):
    client.get(URL)
    page = client.post(URL, _form(code="000000-000000-000000"))
    assert page.status_code == 200 and "设置码不正确" in page.content.decode()
    assert not User.objects.exists() and not Region.objects.exists()


def test_an_unknown_code_is_refused_with_the_counties_of_its_city(client):
    page = client.post(URL, _form(region="450299"))
    assert "该市下的区县有：450202 城中区" in page.content.decode()
    assert not User.objects.exists()


def test_import_errors_are_listed_and_undo_everything(client):
    bad = _xlsx("organisations", [["柳城县司法局", "工作部门", "450222", None, None, None, None]])
    upload = SimpleUploadedFile("单位.xlsx", bad.getvalue())
    html = client.post(URL, {**_form(), "organisations": upload}).content.decode()
    assert "单位导入未通过，设置未生效" in html and "区划代码“450222”在系统中不存在" in html
    assert not User.objects.exists() and not Organisation.objects.exists()


def test_once_an_administrator_exists_the_page_is_404(client):
    factories.user(None, roles=("sysadmin",), username="xitong")
    assert client.get(URL).status_code == 404
