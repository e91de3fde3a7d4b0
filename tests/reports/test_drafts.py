"""The report writes its own first draft (issue 12 item 5): each domain declares its paragraphs, the
draft quotes every number as a figure, and a number typed by hand is flagged."""

import re

import pytest

from fazhi.core.audit.models import AuditEvent
from fazhi.reports import drafts, placeholders, services
from fazhi.reports.parts import PARTS

pytestmark = pytest.mark.django_db

SEED_000 = (
    "2022年共收到行政复议申请46件，受理40件，审结33件（其中维持11件、驳回6件、撤销2件、确认违法1件、"
    "终止13件），纠错率"
)


@pytest.fixture
def empty_report(seed000, tree, supervisor):
    return services.report_create(actor=supervisor, region=tree["east"], year=2022)


def test_seed_000s_sentence_on_reconsideration_comes_out_whole_from_records(empty_report, supervisor):
    written = services.fill_draft(report=empty_report, actor=supervisor)
    assert written == ["主要举措和成效", "存在的不足和原因"]
    empty_report.refresh_from_db()
    measures = empty_report.measures
    assert measures.startswith("（一）行政复议和行政应诉\n")
    assert "{{reconsideration.received}}" in measures  # a placeholder, not the number typed in
    figures = services.report_figures(empty_report)
    rendered = placeholders.render(measures, figures)
    assert SEED_000 in rendered
    assert "行政复议纠错3件" in placeholders.render(empty_report.shortcomings, figures)
    assert not empty_report.leaders_duty and not empty_report.next_year_plan  # nothing to draft from
    assert AuditEvent.objects.filter(action="reports.edit", detail__part="draft").count() == 1
    # Every number of the draft is a figure: the check finds none typed by hand.
    assert services.unbacked_numbers(empty_report) == []


def test_the_draft_never_overwrites_a_part_someone_wrote(empty_report, supervisor):
    services.part_update(report=empty_report, key="measures", text="我们自己写的。", actor=supervisor)
    assert services.fill_draft(report=empty_report, actor=supervisor) == ["存在的不足和原因"]
    empty_report.refresh_from_db()
    assert empty_report.measures == "我们自己写的。"
    assert services.fill_draft(report=empty_report, actor=supervisor) == []


def test_outcomes_with_nothing_in_them_are_left_out_of_the_sentence(empty_report):
    text = drafts.draft(services.report_figures(empty_report), 2022)["measures"]
    assert "{{reconsideration.concluded.mediation}}" not in text  # no 调解书 in seed 000
    assert "{{reconsideration.concluded.uphold}}" in text


def test_numbers_typed_by_hand_are_flagged_sentence_by_sentence(empty_report, supervisor):
    report = services.part_update(
        report=empty_report,
        key="leaders_duty",
        text=(
            "2022年3月5日，区委常委会第2次会议听取汇报。区政府召开4次专题会议。"
            "（一）加强领导：共有{{reconsideration.received}}件申请。依据东政〔2022〕3号文件执行。"
        ),
        actor=supervisor,
    )
    warnings = [w.message for w in services.unbacked_numbers(report)]
    assert len(warnings) == 1 and "区政府召开4次专题会议。" in warnings[0]
    assert "党政主要负责人" in warnings[0]


def test_the_supervisor_writes_the_draft_from_the_report_page(client, empty_report, supervisor):
    client.force_login(supervisor)
    page = client.get(f"/staff/annual-reports/{empty_report.pk}/").content.decode()
    assert "按统计数据生成初稿" in page
    response = client.post(f"/staff/annual-reports/{empty_report.pk}/draft/", follow=True)
    html = response.content.decode()
    assert "已按统计数据写出初稿：主要举措和成效、存在的不足和原因" in html
    assert SEED_000 in re.sub(r"<[^>]+>", "", html)  # shown rendered (figures linked) on the report page
    assert 'id="unbacked"' not in html  # every number of the draft is a figure
    services.part_update(report=empty_report, key="other", text="全年培训300人次。", actor=supervisor)
    html = client.get(f"/staff/annual-reports/{empty_report.pk}/").content.decode()
    assert 'id="unbacked"' in html and "全年培训300人次。" in html


def test_every_declared_paragraph_names_a_real_part():
    assert {p.part for p in drafts.PARAGRAPHS.values()} <= {part.key for part in PARTS}
    with pytest.raises(ValueError, match="unknown part"):
        drafts.Paragraph(name="x", part="summary", build=lambda f: None)
