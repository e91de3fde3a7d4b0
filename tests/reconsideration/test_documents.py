"""行政复议文书: every document opens with python-docx and carries the case's parties, dates and
article citations of the law version that governs the case; 文号 per 复议机关 and year."""

import datetime as dt
import io

import pytest
from django.test import Client
from docx import Document
from docx.oxml.ns import qn

from fazhi.core.documents import services
from fazhi.core.documents.models import DocumentNumber
from fazhi.core.workflow import engine
from fazhi.core.workflow.models import Attachment
from fazhi.core.workflow.testing import confirm_pending
from tests import factories
from tests.reconsideration import factories as rf

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 12, 31)
LAW = "《中华人民共和国行政复议法》"
LAW_2017 = "《中华人民共和国行政复议法》（2017年修正）"


@pytest.fixture
def people(tree):
    return {
        "reviewer": factories.user(tree["east_justice"], roles=("officer", "reviewer"), full_name="王林"),
        "leader": factories.user(tree["east_justice"], roles=("leader",), full_name="赵强"),
        "west": factories.user(tree["west_justice"], roles=("officer", "reviewer")),
    }


def step(case, name, actor, today=TODAY, **data):
    # An extension is asked, then confirmed by the approver it names (docs/security.md 34).
    return confirm_pending(engine.perform(case, name, actor=actor, data=data, today=today), today)


def generate(case, code, actor):
    attachment = services.document_generate(record=case, kind=f"reconsideration.{code}", actor=actor)
    doc = Document(io.BytesIO(attachment.file.open("rb").read()))
    return attachment, doc


def text_of(doc) -> str:
    return "\n".join(p.text for p in doc.paragraphs)


def assert_layout(doc):
    s = doc.sections[0]
    assert (round(s.page_width.mm), round(s.page_height.mm)) == (210, 297)
    assert [round(x.mm) for x in (s.top_margin, s.bottom_margin, s.left_margin, s.right_margin)] == [
        37,
        35,
        28,
        26,
    ]
    for p in doc.paragraphs:
        for run in p.runs:
            fonts = run._element.rPr.find(qn("w:rFonts"))
            assert fonts is not None and fonts.get(qn("w:eastAsia")), p.text


def new_case(tree, people, received_on, **kw):
    parties = kw.pop(
        "parties",
        [
            rf.applicant("张三"),
            {"role": "agent", "kind": "person", "name": "李律师", "represents_index": 0},
            {"role": "third_party", "kind": "organisation", "name": "示范市某某建材有限公司"},
        ],
    )
    return rf.registered(
        tree["east_justice"],
        people["reviewer"],
        received_on,
        today=TODAY,
        parties=parties,
        act_document_number="东市监罚〔2026〕12号",
        act_date=received_on - dt.timedelta(days=20),
        **kw,
    )


def test_a_2026_case_produces_each_notice_and_the_decision(tree, people):
    reviewer = people["reviewer"]
    case = new_case(tree, people, dt.date(2026, 8, 3))

    step(
        case,
        "request_completion",
        reviewer,
        items="1. 申请人身份证明复印件\n2、被申请行为的证据",
        notified_on="2026-08-04",
    )
    attachment, doc = generate(case, "completion_notice", reviewer)
    text = text_of(doc)
    assert_layout(doc)
    assert attachment.kind == "补正通知书"
    assert "东区政复补字〔2026〕1号" in text and "张三：" in text
    assert "一、申请人身份证明复印件。" in text and "二、被申请行为的证据。" in text
    assert f"{LAW}第三十一条" in text and "十个工作日" in text and "视为放弃行政复议申请" in text
    assert "2026年8月3日" in text and "二〇二六年八月四日" in text
    assert rf.VALID_ID not in text and "13800138000" not in text and "幸福路" not in text

    step(case, "complete", reviewer, completed_on="2026-08-06")
    step(case, "accept", reviewer, accepted_on="2026-08-07")
    _, doc = generate(case, "acceptance_notice", reviewer)
    text = text_of(doc)
    assert "东区政复受字〔2026〕1号" in text and "张三：" in text and "东区市场监督管理局" in text
    assert f"{LAW}第三十条" in text and "2026年8月7日起予以受理" in text and "六十日" in text
    assert "二〇二六年八月七日" in text

    _, doc = generate(case, "answer_notice", reviewer)
    text = text_of(doc)
    assert "东区市场监督管理局：" in text and "张三不服你单位" in text
    assert f"{LAW}第四十八条" in text and "十个工作日" in text and f"{LAW}第七十条" in text
    assert "东市监罚〔2026〕12号" in text and "附件：行政复议申请书副本" in text

    step(case, "send_copy", reviewer, sent_on="2026-08-10")
    step(case, "receive_answer", reviewer, answered_on="2026-08-20")
    step(
        case,
        "suspend",
        reviewer,
        ground="depends",
        reason="需以（2026）示01行初5号案件结果为依据",
        suspended_on="2026-08-24",
    )
    _, doc = generate(case, "suspension_notice", reviewer)
    text = text_of(doc)
    assert "张三、东区市场监督管理局：" in text
    assert f"{LAW}第三十九条第一款第（八）项" in text and "2026年8月24日起中止" in text
    assert "其他案件尚未审结" in text and "（2026）示01行初5号" in text

    step(case, "resume", reviewer, resumed_on="2026-09-01")
    _, doc = generate(case, "resumption_notice", reviewer)
    text = text_of(doc)
    assert f"{LAW}第三十九条第二款" in text and "2026年9月1日起恢复" in text and "2026年8月24日中止" in text

    step(
        case,
        "extend",
        reviewer,
        today=dt.date(2026, 9, 21),
        days=20,
        reason="案情重大复杂",
        approver=people["leader"].pk,
    )
    _, doc = generate(case, "extension_notice", reviewer)
    text = text_of(doc)
    assert f"{LAW}第六十二条第一款" in text and "延长二十日" in text and "案情重大复杂" in text
    assert "最多不超过三十日" in text and "二〇二六年九月二十一日" in text

    step(case, "hear_views", reviewer, heard_on="2026-09-25", manner="phone", summary="双方坚持各自意见")
    step(case, "decide", reviewer, decision_type="revoke", decided_on="2026-10-08", **rf.DECISION_CONTENT)
    _, doc = generate(case, "decision", reviewer)
    text = text_of(doc)
    assert_layout(doc)
    assert "东区政复决字〔2026〕1号" in text
    assert "申请人：张三。" in text and "委托代理人：李律师。" in text
    assert "被申请人：东区市场监督管理局。" in text and "第三人：示范市某某建材有限公司。" in text
    assert "罚款五千元的行政处罚决定（东市监罚〔2026〕12号）" in text
    assert "申请人请求：请求撤销该行政处罚决定。" in text
    assert "2026年8月3日" in text and "2026年8月7日" in text and "2026年8月20日提出书面答复" in text
    assert f"根据{LAW}第六十四条的规定，本机关决定：" in text
    assert "撤销被申请人2026年7月14日作出的罚款五千元的行政处罚决定（东市监罚〔2026〕12号）。" in text
    assert "十五日内" in text and "《中华人民共和国行政诉讼法》第四十五条" in text
    assert f"{LAW}第七十五条" in text and "二〇二六年十月八日" in text
    assert rf.VALID_ID not in text and "13800138000" not in text

    # Served: the decision can still be (re)generated and keeps its 文号.
    step(case, "serve", reviewer, served_on="2026-10-10")
    _, doc = generate(case, "decision", reviewer)
    assert "东区政复决字〔2026〕1号" in text_of(doc)
    numbers = DocumentNumber.objects.filter(subject_id=case.pk)
    assert numbers.count() == 7 and numbers.get(kind="reconsideration.decision").generated_count == 2


def test_rejection_and_termination(tree, people):
    reviewer = people["reviewer"]
    rejected = new_case(tree, people, dt.date(2026, 9, 1))
    step(
        rejected,
        "reject",
        reviewer,
        reason="申请人不是被申请行为的相对人，与该行为没有利害关系",
        decided_on="2026-09-04",
    )
    _, doc = generate(rejected, "rejection", reviewer)
    text = text_of(doc)
    assert "不予受理决定书" in text and "东区政复不受字〔2026〕1号" in text
    assert "申请人：张三。" in text and "被申请人：东区市场监督管理局。" in text
    assert "与该行为没有利害关系" in text and f"{LAW}第三十条" in text
    assert "十五日内" in text and "《中华人民共和国行政诉讼法》第四十五条" in text
    assert "二〇二六年九月四日" in text

    ended = new_case(tree, people, dt.date(2026, 9, 2))
    step(ended, "accept", reviewer, accepted_on="2026-09-03")
    step(ended, "terminate", reviewer, ground="withdrawn", terminated_on="2026-09-20")
    _, doc = generate(ended, "termination_notice", reviewer)
    text = text_of(doc)
    assert f"{LAW}第四十一条第（一）项" in text and "申请人撤回行政复议申请" in text
    assert "2026年9月20日起终止" in text and ended.case_number in text
    # A terminated case has no 决定书.
    with pytest.raises(services.DocumentUnavailable):
        services.document_generate(record=ended, kind="reconsideration.decision", actor=reviewer)


def test_a_2023_case_cites_the_2017_law_and_is_numbered_in_its_year(tree, people):
    reviewer = people["reviewer"]
    case = new_case(tree, people, dt.date(2023, 5, 10))
    step(case, "accept", reviewer, accepted_on="2023-05-12")
    _, doc = generate(case, "answer_notice", reviewer)
    text = text_of(doc)
    assert f"{LAW_2017}第二十三条" in text and "十日内" in text and "工作日" not in text
    step(case, "send_copy", reviewer, sent_on="2023-05-15")
    step(case, "receive_answer", reviewer, answered_on="2023-05-25")
    step(case, "decide", reviewer, decision_type="uphold", decided_on="2023-07-03", **rf.DECISION_CONTENT)
    _, doc = generate(case, "decision", reviewer)
    text = text_of(doc)
    assert "东区政复决字〔2023〕1号" in text and "二〇二三年七月三日" in text
    assert (
        f"根据{LAW_2017}第二十八条第一款第（一）项的规定" in text
        and "维持被申请人2023年4月20日作出的" in text
    )
    assert f"{LAW_2017}第三十一条第三款" in text and "第六十八条" not in text
    assert "《中华人民共和国行政诉讼法》第四十五条" in text


def test_numbers_run_per_organisation_and_year(tree, people):
    reviewer = people["reviewer"]
    numbers = []
    for received in (dt.date(2026, 9, 1), dt.date(2026, 9, 2)):
        case = new_case(tree, people, received)
        step(case, "accept", reviewer, accepted_on=received.isoformat())
        generate(case, "acceptance_notice", reviewer)
        numbers.append(DocumentNumber.objects.get(subject_id=case.pk).number)
    old = new_case(tree, people, dt.date(2025, 12, 29))
    step(old, "accept", reviewer, accepted_on="2025-12-30")
    generate(old, "acceptance_notice", reviewer)
    numbers.append(DocumentNumber.objects.get(subject_id=old.pk).number)

    west_reviewer = people["west"]
    west = rf.registered(tree["west_justice"], west_reviewer, dt.date(2026, 9, 3), today=TODAY)
    step(west, "accept", west_reviewer, accepted_on="2026-09-04")
    generate(west, "acceptance_notice", west_reviewer)
    numbers.append(DocumentNumber.objects.get(subject_id=west.pk).number)
    assert numbers == [
        "东区政复受字〔2026〕1号",
        "东区政复受字〔2026〕2号",
        "东区政复受字〔2025〕1号",
        "西区政复受字〔2026〕1号",
    ]


# --- the staff page ----------------------------------------------------------------------------


def login(user):
    client = Client()
    response = client.post("/staff/login/", {"username": user.username, "password": factories.PASSWORD})
    assert response.status_code == 302
    return client


def test_the_documents_panel_generates_and_the_file_downloads(tree, people):
    reviewer = people["reviewer"]
    case = new_case(tree, people, dt.date(2026, 9, 1))
    step(case, "accept", reviewer, accepted_on="2026-09-02")
    client = login(reviewer)
    url = f"/staff/reconsideration/{case.pk}/"

    page = client.get(url).content.decode()
    assert 'id="documents"' in page and "受理通知书" in page and "答复通知书" in page
    assert "documents/reconsideration.acceptance_notice/" in page
    assert "documents/reconsideration.decision/" not in page  # not in this state

    response = client.post(f"{url}documents/reconsideration.acceptance_notice/")
    assert response.status_code == 302 and response["Location"].endswith("#documents")
    page = client.get(url).content.decode()
    assert "东区政复受字〔2026〕1号" in page and "重新生成" in page

    attachment = Attachment.objects.get(kind="受理通知书", subject_id=case.pk)
    download = client.get(f"/staff/attachments/{attachment.pk}/download")
    assert download.status_code == 200
    assert "attachment" in download["Content-Disposition"]
    doc = Document(io.BytesIO(b"".join(download.streaming_content)))
    assert "东区政复受字〔2026〕1号" in text_of(doc) and "张三：" in text_of(doc)

    # A document the state does not allow: refused with a Chinese message, nothing stored.
    response = client.post(f"{url}documents/reconsideration.decision/")
    assert response.status_code == 400
    assert "不能生成“行政复议决定书”" in response.content.decode()
    assert not DocumentNumber.objects.filter(kind="reconsideration.decision").exists()

    # GET is not a way to generate; another county cannot reach the case; unknown kinds are 404.
    assert client.get(f"{url}documents/reconsideration.acceptance_notice/").status_code == 405
    assert client.post(f"{url}documents/nonexistent/").status_code == 404
    assert login(people["west"]).post(f"{url}documents/reconsideration.acceptance_notice/").status_code == 404
    assert DocumentNumber.objects.get(kind="reconsideration.acceptance_notice").generated_count == 1


def test_decision_document_and_publication_cite_one_table():
    """The 决定书 (tested above, 第六十四条 / 第二十八条第一款第（一）项) and the published decision read
    the article of a decision type from one table, ``models.DECISION_ARTICLES``, whose keys are the
    types each version allows; the publication names the 2017 law without “（2017年修正）”, as before."""
    from types import SimpleNamespace

    from fazhi.reconsideration import publication
    from fazhi.reconsideration.models import allowed_decisions

    def published(version, decision):
        case = SimpleNamespace(
            law_version=version,
            decision_type=decision,
            act_type="penalty",
            act_document_number="",
            act_date=None,
            respondent_name="东区市场监督管理局",
            act_description="罚款",
            received_on=dt.date(2023, 5, 4),
            accepted_on=None,
            simple_procedure=False,
            requests="撤销",
        )
        return publication.decision_text(case, "张某")

    assert f"根据{LAW}第六十四条的规定" in published("2023", "revoke")
    assert f"根据{LAW}第三十三条的规定" in published("2023", "reject_application")
    assert f"根据{LAW}第二十八条第一款第（一）项的规定" in published("2017", "uphold")
    assert "根据《中华人民共和国行政复议法实施条例》第四十八条的规定" in published("2017", "reject")
    assert allowed_decisions("2017")[0] == "uphold" and "confirm_void" not in allowed_decisions("2017")
