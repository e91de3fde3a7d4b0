import pytest

from fazhi.portal import registry
from fazhi.portal.registry import PublicSection, SearchHit
from tests import factories

pytestmark = pytest.mark.django_db


def _search(q, limit):
    docs = [
        SearchHit("关于印发行政执法公示办法的通知", "/docs/1/", "张某等三人……"),
        SearchHit("重大行政决策目录", "/docs/2/"),
    ]
    return [d for d in docs if q in d.title][:limit]


@pytest.fixture
def section():
    s = registry.register(
        PublicSection(
            key="test_docs", title="测试公开栏目", url="/docs/", description="测试说明", search=_search
        )
    )
    yield s
    registry.unregister("test_docs")


def test_home_is_public_and_lists_registered_sections(client, section):
    response = client.get("/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "法治政府建设信息公开" in body
    assert "测试公开栏目" in body and 'href="/docs/"' in body and "测试说明" in body


def test_home_without_sections_has_chinese_empty_state(client, monkeypatch):
    monkeypatch.setattr(registry.SECTIONS, "_items", {})
    assert "暂无公开栏目" in client.get("/").content.decode()


def test_search_asks_every_section_and_shows_hits(client, section):
    response = client.get("/search/", {"q": "执法公示"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "关于印发行政执法公示办法的通知" in body and 'href="/docs/1/"' in body
    assert "重大行政决策目录" not in body
    assert "找到 1 条" in body


def test_search_empty_state_in_chinese(client, section):
    body = client.get("/search/", {"q": "不存在的内容"}).content.decode()
    assert "未找到与“不存在的内容”相关的公开信息" in body
    assert "请输入关键词" in client.get("/search/").content.decode()


def test_search_escapes_the_query(client, section):
    body = client.get("/search/", {"q": "<script>x</script>"}).content.decode()
    assert "<script>x</script>" not in body and "&lt;script&gt;" in body


def test_portal_never_shows_signed_in_staff_details(client, tree):
    user = factories.user(tree["east_justice"], username="wanglin", full_name="王林")
    client.force_login(user)
    for url in ("/", "/search/?q=王林"):
        body = client.get(url).content.decode()
        assert "王林" not in body.replace('value="王林"', "").replace("“王林”", "")
        assert "东区司法局" not in body and "退出登录" not in body


def test_page_layout_for_later_domains(rf):
    from django.template import engines

    template = engines["django"].from_string(
        '{% extends "portal/page.html" %}{% block title %}执法公示{% endblock %}'
        "{% block heading %}执法公示{% endblock %}{% block page_content %}<p>内容</p>{% endblock %}"
    )
    html = template.render({}, rf.get("/x/"))
    assert "<title>执法公示 · 法治政府建设信息公开</title>" in html
    assert "<h1>执法公示</h1>" in html and "<p>内容</p>" in html and "首页" in html
