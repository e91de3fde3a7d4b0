"""公文文书: 文号 numbering, the GB/T 9704-2012 page layout, and generating a document as an attachment."""

import datetime as dt
import io

import pytest
from django.contrib.contenttypes.models import ContentType
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Pt

from fazhi.core.audit.models import AuditEvent
from fazhi.core.documents import builder, numbering, registry, services
from fazhi.core.documents.builder import Content, Para
from fazhi.core.documents.chinese import chinese_date, chinese_number
from fazhi.core.documents.models import DocumentNumber
from fazhi.core.documents.registry import DocumentKind, organisation_abbreviation
from fazhi.core.workflow import engine
from fazhi.core.workflow.models import Attachment
from tests import factories

pytestmark = pytest.mark.django_db


# --- 文号 ------------------------------------------------------------------------------------------


def test_serials_increment_per_organisation_and_year_and_restart_next_year(tree):
    org = tree["east_justice"]
    take = [numbering.allocate_serial(organisation=org, prefix="东区司法复补字", year=2026) for _ in range(3)]
    assert take == [1, 2, 3]
    # Next year starts again at 1; the old year's sequence carries on where it stopped.
    assert numbering.allocate_serial(organisation=org, prefix="东区司法复补字", year=2027) == 1
    assert numbering.allocate_serial(organisation=org, prefix="东区司法复补字", year=2026) == 4
    # Another 代字 of the same organisation has its own sequence.
    assert numbering.allocate_serial(organisation=org, prefix="东区司法复决字", year=2026) == 1


def test_two_organisations_have_independent_sequences(tree):
    east, west = tree["east_justice"], tree["west_justice"]
    assert numbering.allocate_serial(organisation=east, prefix="复补字", year=2026) == 1
    assert numbering.allocate_serial(organisation=east, prefix="复补字", year=2026) == 2
    assert numbering.allocate_serial(organisation=west, prefix="复补字", year=2026) == 1
    assert numbering.allocate_serial(organisation=east, prefix="复补字", year=2026) == 3


def test_organisation_abbreviation(tree):
    assert organisation_abbreviation(tree["east_justice"]) == "东区司法"
    assert organisation_abbreviation(tree["east_gov"]) == "东区政"


# --- Chinese dates ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "text"),
    [
        (dt.date(2026, 10, 8), "二〇二六年十月八日"),
        (dt.date(2026, 1, 31), "二〇二六年一月三十一日"),
        (dt.date(2020, 12, 20), "二〇二〇年十二月二十日"),
        (dt.date(2009, 11, 15), "二〇〇九年十一月十五日"),
    ],
)
def test_chinese_date(day, text):
    assert chinese_date(day) == text


def test_chinese_number():
    assert [chinese_number(n) for n in (0, 5, 10, 15, 20, 30, 60, 99)] == [
        "〇",
        "五",
        "十",
        "十五",
        "二十",
        "三十",
        "六十",
        "九十九",
    ]


# --- the page (GB/T 9704-2012) -------------------------------------------------------------------


def _east_asian(run) -> str | None:
    fonts = run._element.rPr.find(qn("w:rFonts")) if run._element.rPr is not None else None
    return None if fonts is None else fonts.get(qn("w:eastAsia"))


@pytest.fixture
def built():
    data = builder.build(
        title="补正通知书",
        number="东区司法复补字〔2026〕3号",
        content=Content(
            addressee="张三",
            paragraphs=["第一段正文。", Para("一、标题", "heading1"), "第二段正文。"],
            attachments=["行政复议申请书副本"],
        ),
        signer="东区司法局",
        date=dt.date(2026, 10, 8),
    )
    return Document(io.BytesIO(data))


def test_page_is_a4_with_the_standard_margins(built):
    s = built.sections[0]

    def mm(length):  # stored in twips: compare to 0.1 mm
        return round(length.mm, 1)

    assert (mm(s.page_width), mm(s.page_height)) == (210, 297)
    assert [mm(x) for x in (s.top_margin, s.bottom_margin, s.left_margin, s.right_margin)] == [37, 35, 28, 26]


def test_title_number_addressee_body_and_signature(built):
    paras = [p for p in built.paragraphs if p.text]
    texts = [p.text for p in paras]
    assert texts[0] == "补正通知书"
    title_run = paras[0].runs[0]
    assert title_run.font.size == Pt(22) and _east_asian(title_run) == "方正小标宋简体"
    assert texts[1] == "东区司法复补字〔2026〕3号"
    assert "张三：" in texts
    body = paras[texts.index("第一段正文。")]
    assert body.paragraph_format.first_line_indent == Pt(32)
    assert body.runs[0].font.size == Pt(16) and _east_asian(body.runs[0]) == "仿宋_GB2312"
    heading = paras[texts.index("一、标题")]
    assert _east_asian(heading.runs[0]) == "黑体"
    assert any(t.startswith("附件：") and "行政复议申请书副本" in t for t in texts)
    assert texts[-2:] == ["东区司法局", "二〇二六年十月八日"]
    # Every run carries its font on w:eastAsia, so Chinese text never falls back to the default font.
    for p in paras:
        for run in p.runs:
            assert _east_asian(run), p.text
    # The Normal style does too (empty paragraphs, text typed later into the document).
    normal = built.styles["Normal"].element.rPr.find(qn("w:rFonts"))
    assert normal.get(qn("w:eastAsia")) == "仿宋_GB2312"


def test_footer_has_a_page_field_between_dashes(built):
    s = built.sections[0]
    assert built.settings.odd_and_even_pages_header_footer
    for footer in (s.footer, s.even_page_footer):
        p = footer.paragraphs[0]
        xml = p._element.xml
        assert "PAGE" in xml and 'w:fldCharType="begin"' in xml and 'w:fldCharType="end"' in xml
        assert p.text.startswith("— ") and p.text.endswith(" —")


# --- generating through the service ------------------------------------------------------------


@pytest.fixture
def sample_kind():
    from fazhi.core.documents.builder import Content

    kind = registry.register(
        DocumentKind(
            code="tests.sample_notice",
            title="示例通知书",
            model="sampleapp.SampleMatter",
            states=("received",),
            number_prefix="{org}示字",
            render=lambda m: Content(addressee=m.applicant, paragraphs=[f"关于{m.title}的通知。"]),
            dated=lambda m: dt.date(2026, 3, 2),
        )
    )
    yield kind
    registry.KINDS.unregister(kind.code)


@pytest.fixture
def matter(tree):
    officer = factories.user(tree["east_justice"], roles=("officer",))
    from tests.sampleapp.models import SampleMatter

    m = engine.create(
        SampleMatter, actor=officer, title="不服罚款决定", applicant="李四", organisation=tree["east_justice"]
    )
    return m, officer


def test_generate_numbers_stores_an_attachment_and_audits(tree, sample_kind, matter):
    m, officer = matter
    attachment = services.document_generate(record=m, kind=sample_kind, actor=officer)
    assert attachment.kind == "示例通知书" and attachment.filename.endswith(".docx")
    assert (attachment.subject_type, attachment.subject_id) == (ContentType.objects.get_for_model(m), m.pk)
    data = attachment.file.open("rb").read()
    assert Attachment.digest([data]) == attachment.sha256 and len(data) == attachment.size
    text = "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)
    assert "东区司法示字〔2026〕1号" in text and "李四：" in text and "关于不服罚款决定的通知。" in text
    event = AuditEvent.objects.filter(action="document.generate").get()
    assert event.detail["number"] == "东区司法示字〔2026〕1号" and event.detail["sha256"] == attachment.sha256


def test_regenerating_keeps_the_number_and_the_next_record_takes_the_next(tree, sample_kind, matter):
    m, officer = matter
    first = services.document_generate(record=m, kind=sample_kind, actor=officer)
    second = services.document_generate(record=m, kind=sample_kind, actor=officer)
    assert first.pk != second.pk
    number = DocumentNumber.objects.get()
    assert number.number == "东区司法示字〔2026〕1号" and number.generated_count == 2
    assert number.attachment_id == second.pk
    assert "东区司法示字〔2026〕1号" in second.filename

    from tests.sampleapp.models import SampleMatter

    other = engine.create(SampleMatter, actor=officer, title="另一事项", organisation=tree["east_justice"])
    services.document_generate(record=other, kind=sample_kind, actor=officer)
    assert DocumentNumber.objects.get(subject_id=other.pk).number == "东区司法示字〔2026〕2号"
    assert AuditEvent.objects.filter(action="document.generate").count() == 3


def test_refused_in_the_wrong_state_without_role_or_out_of_scope(tree, sample_kind, matter):
    m, officer = matter
    stale = registry.register(
        DocumentKind(
            code="tests.sample_decision",
            title="示例决定书",
            model="sampleapp.SampleMatter",
            states=("decided",),
            number_prefix="{org}示决字",
            render=lambda m: Content(paragraphs=["决定。"]),
        )
    )
    try:
        with pytest.raises(services.DocumentUnavailable) as exc:
            services.document_generate(record=m, kind=stale, actor=officer)
        assert "不能生成“示例决定书”" in exc.value.message and "已收件" in exc.value.message
    finally:
        registry.KINDS.unregister(stale.code)

    leader = factories.user(tree["east_justice"], roles=("leader",))
    with pytest.raises(services.DocumentNotPermitted):
        services.document_generate(record=m, kind=sample_kind, actor=leader)
    outsider = factories.user(tree["west_justice"], roles=("officer",))
    with pytest.raises(services.DocumentNotPermitted):
        services.document_generate(record=m, kind=sample_kind, actor=outsider)
    assert not DocumentNumber.objects.exists() and not Attachment.objects.exists()
    assert not AuditEvent.objects.filter(action="document.generate").exists()


def test_a_failed_generation_gives_back_nothing(tree, matter):
    m, officer = matter

    def broken(_):
        raise RuntimeError("模板错误")

    kind = registry.register(
        DocumentKind(
            code="tests.broken",
            title="坏文书",
            model="sampleapp.SampleMatter",
            states=("received",),
            number_prefix="{org}坏字",
            render=broken,
        )
    )
    try:
        with pytest.raises(RuntimeError):
            services.document_generate(record=m, kind=kind, actor=officer)
    finally:
        registry.KINDS.unregister(kind.code)
    assert not DocumentNumber.objects.exists()
    # The serial taken inside the failed transaction was rolled back with it.
    assert (
        numbering.allocate_serial(
            organisation=tree["east_justice"], prefix="东区司法坏字", year=dt.date.today().year
        )
        == 1
    )


def test_government_of_an_organ_is_its_people_s_government(tree):
    """The 行政复议机关 of a 司法局 (its 行政复议机构) is the government above it (《行政复议法》第四条、
    第二十四条); an organisation without one issues in its own name."""
    assert registry.government_of(tree["east_justice"]) == tree["east_gov"]
    assert registry.government_of(tree["east_gov"]) == tree["east_gov"]
    lone = factories.organisation("某某委员会", tree["east"])
    assert registry.government_of(lone) == lone
