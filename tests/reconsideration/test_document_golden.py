"""Golden texts of every 行政复议文书 and the 行政答辩状 (issue 11 items 10, 12, 13).

Each kind is generated for several cases — both law versions (2023 法; 2017 法 and its 实施条例 for a
case received before 2024-01-01, 2023 法第九十条), a natural person and an organisation as applicant
— and its whole text (title, 文号, body, 署名, 成文日期) is compared with
``tests/reconsideration/golden/<case>.<kind>.txt``. A wording change is a reviewed change of those
files: run with ``FAZHI_UPDATE_GOLDEN=1`` to rewrite them, then read the diff.

Every text is also searched for the duplicated words issue 11 item 13 found (“作出的被申请人作出的”,
“其他行政行为行为”, “诉答辩人”, “因因”), and the generated .docx files are rendered through LibreOffice
and the same search run on their PDF text (skipped when ``soffice``/``pdftotext`` are missing, as in
tests/reports/test_pdf.py; CI sets FAZHI_REQUIRE_LIBREOFFICE=1).
"""

import datetime as dt
import hashlib
import io
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document

from fazhi.core.documents import services
from fazhi.core.kit.querycode import QUERY_ALPHABET
from fazhi.core.workflow import engine
from fazhi.core.workflow.testing import confirm_pending
from tests import factories
from tests.litigation import factories as lf
from tests.reconsideration import factories as rf

pytestmark = pytest.mark.django_db

GOLDEN = Path(__file__).parent / "golden"
D = dt.date
ORG_USCC = "91450200MA5K00001K"

# Issue 11 item 13: what generated text must never say; and a common word written twice.
GARBLED = ("作出的被申请人作出的", "行为行为", "诉答辩人", "因因", "原告不服被告")
DOUBLED = re.compile(r"(的|了|因|作出|申请人|本机关|行政行为|决定|复议|受理|审理)\1")


def garbled(text: str) -> list[str]:
    flat = re.sub(r"\s+", "", text)
    return [p for p in GARBLED if p in flat] + [m.group(0) for m in DOUBLED.finditer(flat)]


def text_of(data: bytes) -> str:
    return "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs).rstrip() + "\n"


@pytest.fixture
def people(tree):
    return {
        "officer": factories.user(tree["east_justice"], roles=("officer", "reviewer"), full_name="王林"),
        "leader": factories.user(tree["east_justice"], roles=("leader",), full_name="赵强"),
        "market": factories.user(tree["east_market"], roles=("officer",), full_name="李明"),
    }


def person():
    return [
        rf.applicant("张三"),
        {"role": "agent", "kind": "person", "name": "李律师", "represents_index": 0},
    ]


def organisation():
    return [
        {"role": "applicant", "kind": "organisation", "name": "示范市某某建材有限公司", "uscc": ORG_USCC},
        {"role": "agent", "kind": "person", "name": "周某", "represents_index": 0},
        {"role": "third_party", "kind": "person", "name": "王五"},
    ]


class Run:
    """One case taken through its steps, each document generated on the way and kept by kind."""

    def __init__(self, tree, people, received, parties, **fields):
        self.officer, self.leader = people["officer"], people["leader"]
        self.case = rf.registered(
            tree["east_justice"],
            self.officer,
            received,
            today=received,
            parties=parties,
            act_document_number=fields.pop("act_document_number", f"东市监罚〔{received.year}〕12号"),
            act_date=received - dt.timedelta(days=20),
            **fields,
        )
        # A fixed 查询码 per case (the 收件回执 prints it): random codes would change the golden texts.
        code = "".join(
            QUERY_ALPHABET[b % len(QUERY_ALPHABET)]
            for b in hashlib.sha256(self.case.case_number.encode()).digest()[:12]
        )
        type(self.case).objects.filter(pk=self.case.pk).update(query_code=code)
        self.case.query_code = code
        self.texts: dict[str, str] = {}
        self.files: dict[str, bytes] = {}

    def step(self, name, on, **data):
        pending = engine.perform(self.case, name, actor=self.officer, data=data, today=on)
        confirm_pending(pending, on)
        self.case.refresh_from_db()
        return self

    def attach(self, kind):
        from django.core.files.uploadedfile import SimpleUploadedFile

        from fazhi.core.workflow.attachments import attachment_upload

        upload = SimpleUploadedFile(f"{kind}.pdf", b"%PDF-1.4\n%%EOF\n")
        attachment_upload(record=self.case, upload=upload, kind=kind, actor=self.officer)
        return self

    def doc(self, kind, on=None):
        attachment = services.document_generate(
            record=self.case, kind=f"reconsideration.{kind}", actor=self.officer, today=on
        )
        data = attachment.file.open("rb").read()
        self.files[kind], self.texts[kind] = data, text_of(data)
        return self


DECIDED = {
    "applicant_says": "被申请人认定事实不清，罚款数额明显过重",
    "respondent_says": "申请人在经营场所销售过期食品，事实清楚，证据确凿，处罚适当。",
    "facts": "申请人于2026年6月在其经营场所销售超过保质期的食品，被申请人检查时当场查获",
    "reasoning": "被申请人未告知申请人陈述、申辩的权利，违反法定程序",
}


# No 被申请人称: it did not answer (第七十条; the 决定书 says so).
OVERDUE = {
    "applicant_says": "被申请人作出的处罚决定没有事实依据",
    "facts": "被申请人在法定期限内未提出书面答复，也未提交作出该行政行为的证据、依据和其他有关材料",
    "reasoning": "被申请人不提出书面答复、不提交证据和依据的，视为该行政行为没有证据、依据",
}


def person_2026(tree, people):
    """2023 法; a natural person with an agent, handed in (收件回执 with the 查询码, 第二十二条); 补正,
    受理, 中止 while the answer is awaited (第三十九条第三款), 恢复, 答复, 听证 at the applicant's request
    (第五十条、第五十一条), 延期, 撤销 approved by the 机关负责人."""
    run = Run(tree, people, D(2026, 8, 3), person()).doc("receipt", D(2026, 8, 3))
    run.step(
        "request_completion",
        D(2026, 8, 4),
        items="1. 申请人身份证明复印件\n2、被申请行为的证据",
        notified_on="2026-08-04",
    )
    run.doc("completion_notice")
    run.step("complete", D(2026, 8, 6), completed_on="2026-08-06")
    run.step("accept", D(2026, 8, 7), accepted_on="2026-08-07").doc("acceptance_notice").doc(
        "answer_notice", D(2026, 8, 7)
    )
    run.step("send_copy", D(2026, 8, 10), sent_on="2026-08-10")
    run.step(
        "suspend_answering",
        D(2026, 8, 12),
        ground="force_majeure",
        reason="申请人所在地发生洪灾",
        suspended_on="2026-08-12",
    )
    run.doc("suspension_notice")
    run.step("resume_answering", D(2026, 8, 20), resumed_on="2026-08-20").doc("resumption_notice")
    run.step("receive_answer", D(2026, 8, 25), answered_on="2026-08-25")
    run.step(
        "schedule_hearing",
        D(2026, 9, 1),
        basis="requested",
        hearing_date="2026-09-10",
        place="东区司法局第一会议室",
        matters="被申请人作出处罚前是否告知申请人陈述、申辩的权利",
        notified_on="2026-09-01",
    ).doc("hearing_notice").attach("听证笔录")
    run.step("hold_hearing", D(2026, 9, 10), held_on="2026-09-10", presided_by="王林", summary="双方陈述意见")
    run.step("extend", D(2026, 9, 21), days=20, reason="案情重大复杂", approver=people["leader"].pk).doc(
        "extension_notice"
    )
    run.step(
        "decide",
        D(2026, 10, 8),
        decision_type="revoke",
        decided_on="2026-10-08",
        approval="leader",
        approver=people["leader"].pk,
        **DECIDED,
    )
    return run.doc("decision")


def organisation_2026(tree, people):
    """2023 法, 简易程序; an organisation applicant, a third party; an act described as “被申请人作出的
    其他行政行为行为” (issue 11 item 13); 中止 before the copy is sent; 调解 (第七十三条)."""
    run = Run(
        tree,
        people,
        D(2026, 9, 1),
        organisation(),
        act_type="other",
        act_description="被申请人作出的其他行政行为行为",
        requests="请求撤销被申请人作出的责令停产停业通知。",
        simple_procedure=True,
        simple_procedure_ground="consent",
    )
    run.step("accept", D(2026, 9, 2), accepted_on="2026-09-02").doc("acceptance_notice").doc(
        "answer_notice", D(2026, 9, 2)
    )
    run.step("suspend_before_copy", D(2026, 9, 3), ground="mediation", suspended_on="2026-09-03").doc(
        "suspension_notice"
    )
    run.step("resume_before_copy", D(2026, 9, 10), resumed_on="2026-09-10").doc("resumption_notice")
    run.step("send_copy", D(2026, 9, 11), sent_on="2026-09-11")
    run.step("receive_answer", D(2026, 9, 15), answered_on="2026-09-15")
    run.step(
        "decide",
        D(2026, 9, 25),
        decision_type="mediation",
        decided_on="2026-09-25",
        approval="collective",
        agreement="一、被申请人撤销责令停产停业通知；二、申请人于2026年10月31日前完成整改",
        facts="申请人的生产线未经验收即投入使用",
    )
    with pytest.raises(services.DocumentUnavailable):  # a mediated case has a 调解书, not a 决定书
        run.doc("decision")
    return run.doc("mediation")


def person_2023(tree, people):
    """2017 法 and 实施条例; a natural person; 中止 in 审理中 (实施条例第四十一条), 延期 approved by the
    复议机关负责人 (2017 法第三十一条), 维持 after collective discussion."""
    run = Run(tree, people, D(2023, 5, 10), person(), act_document_number="东市监罚〔2023〕7号")
    run.step("accept", D(2023, 5, 12), accepted_on="2023-05-12").doc("acceptance_notice").doc(
        "answer_notice", D(2023, 5, 12)
    )
    run.step("send_copy", D(2023, 5, 15), sent_on="2023-05-15")
    run.step("receive_answer", D(2023, 5, 25), answered_on="2023-05-25")
    run.step(
        "suspend",
        D(2023, 6, 1),
        ground="depends",
        reason="需以（2023）示01行初5号案件结果为依据",
        suspended_on="2023-06-01",
    )
    run.doc("suspension_notice")
    run.step("resume", D(2023, 6, 15), resumed_on="2023-06-15").doc("resumption_notice")
    run.step("extend", D(2023, 7, 20), days=15, reason="因需要补充调查", approver=people["leader"].pk).doc(
        "extension_notice"
    )
    run.step(
        "decide",
        D(2023, 8, 10),
        decision_type="uphold",
        decided_on="2023-08-10",
        approval="collective",
        applicant_says="其销售的食品尚在保质期内，被申请人认定事实错误",
        respondent_says="申请人销售超过保质期的食品，有现场检查笔录和照片为证，处罚适当",
        facts="申请人于2023年4月3日在其经营场所销售超过保质期的食品，被申请人检查时当场查获",
        reasoning="被申请人作出的行政处罚认定事实清楚，证据确凿，适用依据正确，程序合法，内容适当",
    )
    return run.doc("decision")


def organisation_2023(tree, people):
    """2017 法 and 实施条例; an organisation applicant and a third party, handed in (收件回执 with the
    查询码); 补正 (实施条例第二十九条), 听证 (实施条例第三十三条; the notice names the 第三人), 延期,
    变更 approved by the 机关负责人."""
    run = Run(tree, people, D(2023, 3, 1), organisation(), act_document_number="东市监罚〔2023〕3号")
    run.doc("receipt", D(2023, 3, 1))
    run.step("request_completion", D(2023, 3, 2), items="营业执照复印件", notified_on="2023-03-02")
    run.doc("completion_notice")
    run.step("complete", D(2023, 3, 6), completed_on="2023-03-06")
    run.step("accept", D(2023, 3, 7), accepted_on="2023-03-07").doc("acceptance_notice")
    run.step("send_copy", D(2023, 3, 9), sent_on="2023-03-09")
    run.step("receive_answer", D(2023, 3, 17), answered_on="2023-03-17")
    run.step(
        "schedule_hearing",
        D(2023, 4, 3),
        basis="major",
        hearing_date="2023-04-12",
        place="东区司法局第一会议室",
        matters="申请人的生产线是否已经验收",
        notified_on="2023-04-03",
    ).doc("hearing_notice").attach("听证笔录")
    run.step("hold_hearing", D(2023, 4, 12), held_on="2023-04-12", presided_by="王林", summary="双方陈述意见")
    run.step("extend", D(2023, 4, 25), days=30, reason="需要现场勘验", approver=people["leader"].pk)
    run.doc("extension_notice")
    run.step(
        "decide",
        D(2023, 5, 20),
        decision_type="change",
        decided_on="2023-05-20",
        approval="leader",
        approver=people["leader"].pk,
        **DECIDED,
    )
    return run.doc("decision")


def mediated_person_2023(tree, people):
    """2017 法; a natural person; 调解 (实施条例第五十条: effective once both parties sign)."""
    run = Run(tree, people, D(2023, 10, 9), person(), act_document_number="东市监罚〔2023〕30号")
    run.step("accept", D(2023, 10, 10), accepted_on="2023-10-10")
    run.step("send_copy", D(2023, 10, 11), sent_on="2023-10-11")
    run.step("receive_answer", D(2023, 10, 20), answered_on="2023-10-20")
    run.step(
        "decide",
        D(2023, 11, 20),
        decision_type="mediation",
        decided_on="2023-11-20",
        approval="collective",
        agreement="被申请人将罚款数额变更为二千元，申请人于2023年12月31日前缴纳",
    )
    return run.doc("mediation")


def overdue_organisation_2026(tree, people):
    """2023 法; an organisation; the respondent does not answer: the act is taken to have no evidence
    and is revoked (第七十条, cited beside 第六十四条)."""
    run = Run(tree, people, D(2026, 3, 2), organisation())
    run.step("accept", D(2026, 3, 3), accepted_on="2026-03-03")
    run.step("send_copy", D(2026, 3, 4), sent_on="2026-03-04")
    run.step("answer_overdue", D(2026, 3, 30), noted_on="2026-03-30")
    run.step(
        "hear_views", D(2026, 4, 1), heard_on="2026-04-01", manner="online", summary="申请人坚持复议请求"
    )
    run.step(
        "decide",
        D(2026, 4, 20),
        decision_type="revoke",
        decided_on="2026-04-20",
        approval="collective",
        **OVERDUE,
    )
    return run.doc("decision")


def overdue_person_2023(tree, people):
    """2017 法; a natural person; no answer within 十日: 撤销 (第二十八条第一款第（三）项、第（四）项)."""
    run = Run(tree, people, D(2023, 3, 1), person())
    run.step("accept", D(2023, 3, 2), accepted_on="2023-03-02")
    run.step("send_copy", D(2023, 3, 3), sent_on="2023-03-03")
    run.step("answer_overdue", D(2023, 3, 30), noted_on="2023-03-30")
    run.step(
        "decide",
        D(2023, 4, 20),
        decision_type="revoke",
        decided_on="2023-04-20",
        approval="leader",
        approver=people["leader"].pk,
        **OVERDUE,
    )
    return run.doc("decision")


def rejected_organisation_2026(tree, people):
    """2023 法; an organisation applicant; not this 复议机关's case: the competent one is named
    (第三十条第二款)."""
    run = Run(tree, people, D(2026, 9, 1), organisation())
    run.step(
        "reject",
        D(2026, 9, 4),
        reason="被申请行为系示范市市场监督管理局作出，不属于本机关管辖",
        decided_on="2026-09-04",
        competent_body="示范市人民政府",
    )
    return run.doc("rejection")


def rejected_person_2023(tree, people):
    """2017 法; a natural person; no standing."""
    run = Run(tree, people, D(2023, 9, 1), person())
    run.step(
        "reject", D(2023, 9, 4), reason="经审查，申请人与被申请行为没有利害关系", decided_on="2023-09-04"
    )
    return run.doc("rejection")


def terminated_person_2026(tree, people):
    """2023 法; a natural person; withdrawn (第四十一条第（一）项)."""
    run = Run(tree, people, D(2026, 9, 2), person())
    run.step("accept", D(2026, 9, 3), accepted_on="2026-09-03")
    run.step("terminate", D(2026, 9, 20), ground="withdrawn", terminated_on="2026-09-20")
    return run.doc("termination_notice")


def terminated_organisation_2023(tree, people):
    """2017 法; an organisation applicant that settled (实施条例第四十二条)."""
    run = Run(tree, people, D(2023, 6, 1), organisation())
    run.step("accept", D(2023, 6, 2), accepted_on="2023-06-02")
    run.step("terminate", D(2023, 6, 30), ground="settled", terminated_on="2023-06-30")
    return run.doc("termination_notice")


CASES = [
    person_2026,
    organisation_2026,
    person_2023,
    organisation_2023,
    mediated_person_2023,
    overdue_organisation_2026,
    overdue_person_2023,
    rejected_organisation_2026,
    rejected_person_2023,
    terminated_person_2026,
    terminated_organisation_2023,
]


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / f"{name}.txt"
    if os.environ.get("FAZHI_UPDATE_GOLDEN"):
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"no golden text {path.name}: run with FAZHI_UPDATE_GOLDEN=1 and review it"
    assert text == path.read_text(encoding="utf-8"), name


@pytest.mark.parametrize("build", CASES, ids=[c.__name__ for c in CASES])
def test_golden_texts(tree, people, build):
    run = build(tree, people)
    assert run.texts
    for kind, text in run.texts.items():
        assert garbled(text) == [], (kind, garbled(text))
        check_golden(f"{build.__name__}.{kind}", text)


# --- 行政应诉: 行政答辩状 ------------------------------------------------------------------------


def defence(tree, people, plaintiff: dict, **fields):
    from fazhi.litigation.models import Party

    org, officer = tree["east_market"], people["market"]
    case = lf.lawsuit(org, officer, case_number="（2026）测0206行初8号", **fields)
    Party.objects.create(lawsuit=case, role="plaintiff", **plaintiff)
    engine.perform(case, "receive", actor=officer, data={"received_on": "2026-09-01"}, today=D(2026, 9, 2))
    attachment = services.document_generate(
        record=case, kind="litigation.defence", actor=officer, today=D(2026, 9, 10)
    )
    return attachment.file.open("rb").read()


DEFENCES = {
    # The demo's lawsuits describe the act as a complaint (“原告不服被告作出的行政行为，请求…”): the
    # 答辩状 names the act by its type instead (issue 11 item 13).
    "defence_person": (
        {"kind": "person", "name": "张某某", "phone": "13800138000"},
        {"act_description": "原告不服被告作出的行政行为，请求人民法院依法审理。", "act_date": D(2026, 7, 1)},
    ),
    "defence_organisation": (
        {"kind": "organisation", "name": "示范市某某建材有限公司"},
        {
            "act_description": "被告作出的罚款五千元的行政处罚决定",
            "act_document_number": "东市监罚〔2026〕12号",
            "act_date": D(2026, 7, 1),
            "reconsideration_case_number": "东区司法复〔2026〕9号",
        },
    ),
}


@pytest.mark.parametrize("name", DEFENCES)
def test_golden_defence(tree, people, name):
    plaintiff, fields = DEFENCES[name]
    text = text_of(defence(tree, people, plaintiff, **fields))
    assert garbled(text) == [], garbled(text)
    check_golden(f"{name}.defence", text)


# --- rendered through LibreOffice -------------------------------------------------------------------

TOOLS = ("soffice", "pdftotext")


@pytest.fixture
def tools():
    missing = [t for t in TOOLS if shutil.which(t) is None]
    if missing:
        if os.environ.get("FAZHI_REQUIRE_LIBREOFFICE"):
            pytest.fail(f"FAZHI_REQUIRE_LIBREOFFICE is set but {', '.join(missing)} not installed")
        pytest.skip(f"{', '.join(missing)} not installed (CI installs LibreOffice and poppler-utils)")


def test_libreoffice_pdf_text_has_no_duplicated_words(tools, tree, people, tmp_path):
    files = {}
    for build in (person_2026, organisation_2026, person_2023):
        run = build(tree, people)
        files |= {f"{build.__name__}.{kind}": data for kind, data in run.files.items()}
    files["defence_person.defence"] = defence(
        tree, people, DEFENCES["defence_person"][0], **DEFENCES["defence_person"][1]
    )
    for name, data in files.items():
        (tmp_path / f"{name}.docx").write_bytes(data)
    profile = (tmp_path / "lo-profile").as_uri()  # a private profile: parallel runs do not collide
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
        ]
        + [str(tmp_path / f"{name}.docx") for name in files],
        check=True,
        capture_output=True,
        timeout=600,
    )
    for name in files:
        pdf = tmp_path / f"{name}.pdf"
        assert pdf.exists(), name
        text = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
        flat = re.sub(r"\s+", "", text)
        assert garbled(text) == [], (name, garbled(text))
        # The PDF carries the document: its title and the issuer's name, not an empty page.
        title = text_of(files[name]).splitlines()[0]
        assert re.sub(r"\s+", "", title) in flat, name
        assert (
            ("东区人民政府" in flat) if not name.startswith("defence") else ("东区市场监督管理局" in flat)
        ), name


def test_every_kind_has_golden_texts_of_both_versions_and_both_kinds_of_applicant():
    from fazhi.core.documents.registry import all_kinds

    names = {p.stem for p in GOLDEN.glob("*.txt")}
    for kind in all_kinds():
        app, _, code = kind.code.partition(".")
        if app not in ("reconsideration", "litigation"):
            continue
        cases = {n.split(".")[0] for n in names if n.split(".", 1)[1] == code}
        if app == "litigation":
            assert {"defence_person", "defence_organisation"} <= cases, kind.code
            continue
        for needed in ("2026", "2023", "person", "organisation"):
            assert any(needed in c for c in cases), (kind.code, needed)


def test_the_demo_s_documents_read_without_duplicated_words():
    """Issue 11 item 13 was found on the demo's records (“被申请人作出的其他行政行为行为”, “原告不服被告
    作出的行政行为，请求…”): every document each demo case can have now reads cleanly."""
    from fazhi.core.documents.builder import Para
    from fazhi.core.documents.registry import available_for
    from fazhi.demo import generator
    from fazhi.litigation.models import Lawsuit
    from fazhi.reconsideration.models import ReconsiderationCase

    generator.install("county")
    seen = set()
    for model in (ReconsiderationCase, Lawsuit):
        for record in model.objects.all():
            for kind in available_for(record):
                content = kind.content(record)
                text = "\n".join(
                    [*content.parties, content.addressee]
                    + [p.text if isinstance(p, Para) else p for p in content.paragraphs]
                )
                assert garbled(text) == [], (record.pk, kind.code, garbled(text))
                seen.add(kind.code)
    assert len(seen) >= 8, seen
