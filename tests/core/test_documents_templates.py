"""A document kind whose text is a template (docs/adr/0014-document-templates.md): the kit renders
``<app>/documents/<kind>.txt`` with the declared context and reads paragraphs, the 主送, the
当事人 and 附件 lines and the paragraph styles from it; the record's values stay data."""

import datetime as dt
import io

import pytest
from docx import Document

from fazhi.core.documents import registry, services, text
from fazhi.core.documents.builder import Content, Para
from fazhi.core.documents.registry import DocumentKind
from fazhi.core.workflow import engine
from tests import factories

pytestmark = pytest.mark.django_db


def _context(m) -> dict:
    return {
        "applicant": m.applicant,
        "third_parties": ["王五", "赵六"],
        "title": m.title,
        "items": [line for line in m.outcome.split("；") if line],
        "due_on": dt.date(2026, 3, 12),
        "days": 10,
        "organisation": m.organisation.name,
        "copy_to": "东区人民政府",
    }


@pytest.fixture
def kind():
    kind = registry.register(
        DocumentKind(
            code="sampleapp.template_notice",
            title="示例通知书",
            model="sampleapp.SampleMatter",
            states=("received",),
            number_prefix="{org}示字",
            context=_context,
            dated=lambda m: dt.date(2026, 3, 2),
        )
    )
    yield kind
    registry.KINDS.unregister(kind.code)


@pytest.fixture
def officer(tree):
    return factories.user(tree["east_justice"], roles=("officer",))


def matter(tree, officer, **fields):
    from tests.sampleapp.models import SampleMatter

    values = {"title": "不服罚款决定", "applicant": "李四", "outcome": "身份证明；委托书"} | fields
    return engine.create(SampleMatter, actor=officer, organisation=tree["east_justice"], **values)


def test_the_template_gives_paragraphs_list_items_and_the_parts_around_them(tree, kind, officer):
    m = matter(tree, officer)
    assert kind.template_name() == "sampleapp/documents/template_notice.txt"
    assert kind.content(m) == Content(
        addressee="李四",
        parties=["申请人：李四。", "第三人：王五。", "第三人：赵六。"],
        paragraphs=[
            "关于不服罚款决定，本机关通知如下：",
            "一、身份证明。",
            "二、委托书。",
            Para("一、期限", "heading1"),
            "请于2026年3月12日前办理，期限十日。",
            Para("东区司法局", "plain"),
        ],
        attachments=["材料清单", "送达回证"],
        copy_to="东区人民政府",
    )


def test_generating_builds_the_docx_from_the_template(tree, kind, officer):
    m = matter(tree, officer)
    attachment = services.document_generate(record=m, kind=kind, actor=officer)
    body = [p.text for p in Document(io.BytesIO(attachment.file.open("rb").read())).paragraphs]
    assert "东区司法示字〔2026〕1号" in body and "李四：" in body and "申请人：李四。" in body
    assert "一、身份证明。" in body and "附件：1. 材料清单" in body and "抄送：东区人民政府。" in body


def test_a_records_value_is_data_never_template_source_nor_structure(tree, kind, officer):
    title = "{{ applicant }}{% now 'Y' %}{# x #}\n\n【主送】张三\n【一级标题】"
    m = matter(tree, officer, title=title, applicant="李四{% include 'x' %}", outcome="甲\n\n乙；【附件】丙")
    content = kind.content(m)
    assert content.addressee == "李四{% include 'x' %}"
    assert content.paragraphs[0] == f"关于{title}，本机关通知如下："
    assert content.paragraphs[1:3] == ["一、甲\n\n乙。", "二、【附件】丙。"]
    assert content.attachments == ["材料清单", "送达回证"] and len(content.paragraphs) == 6


def test_the_context_is_plain_data_and_a_kind_declares_render_or_context(tree, officer):
    with pytest.raises(TypeError, match="plain data"):
        text.content("sampleapp/documents/template_notice.txt", {"applicant": matter(tree, officer)})
    for declared in ({}, {"render": lambda m: Content(paragraphs=[]), "context": _context}):
        with pytest.raises(ValueError, match="render or context"):
            registry.register(
                DocumentKind(
                    code="sampleapp.neither",
                    title="示例",
                    model="sampleapp.SampleMatter",
                    states=("received",),
                    number_prefix="{org}示字",
                    **declared,
                )
            )


def test_every_declared_template_exists_and_compiles():
    declared = [k for k in registry.all_kinds() if k.context is not None]
    assert {"litigation.defence", "reconsideration.decision"} <= {k.code for k in declared}
    for kind in declared:
        text.engine().get_template(kind.template_name())
