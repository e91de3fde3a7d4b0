import pytest

from tests import factories

pytestmark = pytest.mark.django_db

URL = "/staff/sample-matters/"


def test_list_shows_only_in_scope_rows_and_counts(login, people, make_matter, tree):
    for i in range(3):
        make_matter(tree["east_justice"], people["a"], title=f"甲部门事项{i}")
    for i in range(2):
        make_matter(tree["east_market"], people["b"], title=f"乙部门事项{i}")
    response = login(people["a"]).get(URL)
    assert response.status_code == 200
    body = response.content.decode()
    assert response.context["count"] == 3
    assert 'id="result-count">3<' in body
    assert body.count("甲部门事项") == 3
    assert "乙部门事项" not in body
    assert "已收件" in body and "badge-blue" in body  # status badge coloured from State.colour


def test_list_is_in_the_nav_with_its_chinese_title(login, people):
    body = login(people["a"]).get(URL).content.decode()
    assert 'href="/staff/sample-matters/"' in body and "示例事项" in body
    assert 'href="/staff/organisations/"' in body


def test_search_and_status_filter(login, people, make_matter, tree):
    make_matter(tree["east_justice"], people["a"], title="罚款复议")
    target = make_matter(tree["east_justice"], people["a"], title="许可复议")
    from fazhi.core.workflow import engine

    engine.perform(target, "request_completion", actor=people["a"], data={"items": "补充身份证明"})
    client = login(people["a"])
    assert client.get(URL, {"q": "许可"}).context["count"] == 1
    assert client.get(URL, {"status": "completing"}).context["count"] == 1
    assert client.get(URL, {"status": "received"}).context["count"] == 1
    # an unknown status value filters nothing rather than failing
    assert client.get(URL, {"status": "nonsense"}).context["count"] == 2


def test_org_filter_offers_only_visible_organisations(login, people, tree):
    response = login(people["a"]).get(URL)
    org_filter = next(f for f in response.context["listing"].filters if f.name == "organisation")
    assert [label for _, label in org_filter.options] == ["东区司法局"]
    # a hand-made id of another department is ignored, never widens the scope
    response = login(people["a"]).get(URL, {"organisation": tree["east_market"].pk})
    assert response.context["count"] == 0 or all(
        row["obj"].organisation_id == tree["east_justice"].pk for row in response.context["rows"]
    )


def test_date_range_filter_and_bad_date_message(login, people, make_matter, tree):
    make_matter(tree["east_justice"], people["a"])
    client = login(people["a"])
    assert client.get(URL, {"created_at_from": "2000-01-01"}).context["count"] == 1
    assert client.get(URL, {"created_at_to": "2000-01-01"}).context["count"] == 0
    body = client.get(URL, {"created_at_from": "01/02/2026"}).content.decode()
    assert "日期格式应为" in body


def test_sort_by_title_both_ways(login, people, make_matter, tree):
    for title in ("乙事项", "甲事项", "丙事项"):
        make_matter(tree["east_justice"], people["a"], title=title)
    client = login(people["a"])
    asc = [r["obj"].title for r in client.get(URL, {"sort": "title"}).context["rows"]]
    desc = [r["obj"].title for r in client.get(URL, {"sort": "-title"}).context["rows"]]
    assert asc == sorted(asc) and desc == list(reversed(asc))
    # an unsortable key falls back to the default ordering instead of erroring
    assert client.get(URL, {"sort": "organisation__path"}).status_code == 200


def test_paginates_fifty_a_page(login, people, make_matter, tree):
    for i in range(51):
        make_matter(tree["east_justice"], people["a"], title=f"事项{i:02d}")
    client = login(people["a"])
    first = client.get(URL)
    assert first.context["count"] == 51 and len(first.context["rows"]) == 50
    second = client.get(URL, {"page": 2})
    assert len(second.context["rows"]) == 1
    seen = {r["obj"].pk for r in first.context["rows"]} | {r["obj"].pk for r in second.context["rows"]}
    assert len(seen) == 51
    assert "第 1 / 2 页" in first.content.decode()


def test_htmx_request_gets_only_the_results_fragment(login, people, make_matter, tree):
    make_matter(tree["east_justice"], people["a"], title="片段事项")
    response = login(people["a"]).get(URL, {"q": "片段"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert body.lstrip().startswith('<section id="list-results"')
    assert "<html" not in body and "片段事项" in body


def test_list_query_count_is_pinned(login, people, make_matter, tree, django_assert_max_num_queries):
    for i in range(30):
        make_matter(tree["east_justice"], people["a"], title=f"事项{i}")
    client = login(people["a"])
    client.get(URL)  # warm caches (content types, sessions)
    with django_assert_max_num_queries(6):
        response = client.get(URL)
    assert len(response.context["rows"]) == 30


def test_unknown_section_is_404(login, people):
    assert login(people["a"]).get("/staff/no-such-thing/").status_code == 404


def test_administrator_sees_no_case_rows(login, make_matter, people, tree):
    make_matter(tree["east_justice"], people["a"])
    admin = factories.user(None, roles=("sysadmin",), username="sysadmin1")
    assert login(admin).get(URL).context["count"] == 0
