"""Links between matters of any two domains (issue 9 item 3): scoped, integrity-checked, audited,
shown on both ends; and litigation reaching 复议 cases only through the kit."""

from __future__ import annotations

import ast
import datetime as dt
import pathlib

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from fazhi.core import access
from fazhi.core.audit.models import AuditEvent
from fazhi.core.kit import links
from fazhi.core.kit.models import LinkKind, MatterLink
from fazhi.core.models import DataScope
from fazhi.reconsideration.models import Party
from fazhi.web import registry
from tests import factories
from tests.litigation import factories as lf
from tests.reconsideration import factories as rf

RECON = "reconsideration"  # the matter_key of 行政复议案件

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(tree):
    return {
        # 依法治县办 of the east county: sees every record of the county.
        "east": factories.user(tree["east_justice"], roles=("officer", "supervisor"), scope=DataScope.REGION),
        # the market bureau's officer: sees only the bureau's records.
        "market": factories.user(tree["east_market"], roles=("officer",)),
        "west": factories.user(tree["west_justice"], roles=("officer", "supervisor"), scope=DataScope.REGION),
        "city": factories.user(tree["east_gov"], roles=("supervisor",), scope=DataScope.REGION),
    }


@pytest.fixture
def matters(tree, people):
    # brought against a body not in the system: the market bureau is no party to it and does not see it
    recon = rf.new_case(
        tree["east_justice"], people["east"], dt.date(2026, 3, 2), respondent_name="示范市交通运输局"
    )
    suit = lf.lawsuit(tree["east_market"], people["east"])
    return recon, suit


def _detail(client, user, record) -> str:
    client.force_login(user)
    response = client.get(registry.for_model(type(record)).detail_url(record))
    assert response.status_code == 200
    return response.content.decode()


def test_a_link_is_audited_and_read_from_both_ends(people, matters):
    recon, suit = matters
    link = links.link_create(actor=people["east"], source=recon, target=suit, kind=LinkKind.LITIGATED)
    event = AuditEvent.objects.get(action="matter_link.create")
    assert event.object_id == str(link.pk) and event.username == people["east"].username
    assert recon.case_number in event.object_repr and suit.case_number in event.object_repr
    assert link.created_by == people["east"]

    [from_case] = links.links_of(recon, people["east"])
    assert from_case.other == suit and from_case.outgoing and from_case.relation == "被提起诉讼"
    [from_suit] = links.links_of(suit, people["east"])
    assert from_suit.other == recon and not from_suit.outgoing and from_suit.relation == "起诉的对象"
    assert links.linked_records(suit, people["east"], kind=LinkKind.LITIGATED, matter_key=RECON) == [recon]


def test_both_detail_pages_show_the_link_to_the_other_end(client, people, matters):
    recon, suit = matters
    links.link_create(actor=people["east"], source=recon, target=suit, kind=LinkKind.LITIGATED)
    case_page = _detail(client, people["east"], recon)
    assert "关联事项" in case_page and suit.case_number in case_page
    assert registry.for_model(type(suit)).detail_url(suit) in case_page
    suit_page = _detail(client, people["east"], suit)
    assert "关联事项" in suit_page and recon.case_number in suit_page
    assert registry.for_model(type(recon)).detail_url(recon) in suit_page


def test_a_reader_sees_only_links_whose_other_end_is_in_scope(client, people, matters):
    recon, suit = matters
    links.link_create(actor=people["east"], source=recon, target=suit, kind=LinkKind.LITIGATED)
    # The market bureau's officer sees the lawsuit (the bureau is the defendant) but not the 复议 case.
    assert links.links_of(suit, people["market"]) == []
    page = _detail(client, people["market"], suit)
    assert "暂无关联事项" in page and recon.case_number not in page
    # Another county sees neither end, so no link at all.
    assert links.links_of(recon, people["west"]) == links.links_of(suit, people["west"]) == []


def test_another_countys_user_cannot_create_a_link(people, matters, tree):
    recon, suit = matters
    theirs = lf.lawsuit(tree["west_justice"], people["west"])
    with pytest.raises(access.AccessDenied):
        links.link_create(actor=people["west"], source=recon, target=theirs, kind=LinkKind.LITIGATED)
    with pytest.raises(access.AccessDenied):
        links.link_create(actor=people["east"], source=recon, target=theirs, kind=LinkKind.LITIGATED)
    assert not MatterLink.objects.exists()
    assert not AuditEvent.objects.filter(action="matter_link.create").exists()


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("duplicate", "已存在“起诉”关联"),
        ("self", "事项不能与自身关联"),
        ("kind", "未知的关联关系"),
        ("party", "不能与其他事项关联"),
        ("unsaved", "关联的事项不存在"),
    ],
)
def test_bad_links_are_refused_in_chinese_and_change_nothing(people, matters, case, message):
    recon, suit = matters
    links.link_create(actor=people["east"], source=recon, target=suit, kind=LinkKind.LITIGATED)
    args = dict(actor=people["east"], source=recon, target=suit, kind=LinkKind.LITIGATED)
    if case == "self":
        args["target"] = recon
    elif case == "kind":
        args["kind"] = "appealed"
    elif case == "party":
        args["target"] = Party.objects.filter(case=recon).first() or Party(case=recon, pk=1)
    elif case == "unsaved":
        args["target"] = type(suit)()
    with pytest.raises(ValidationError, match=message):
        links.link_create(**args)
    assert MatterLink.objects.count() == 1
    assert AuditEvent.objects.filter(action="matter_link.create").count() == 1


def test_a_linked_record_cannot_be_deleted_until_its_link_is_removed(people, matters):
    recon, suit = matters
    link = links.link_create(actor=people["east"], source=recon, target=suit, kind=LinkKind.LITIGATED)
    with pytest.raises(links.LinkedRecordProtected, match="请先解除关联再删除"), transaction.atomic():
        suit.delete()
    assert type(suit).objects.filter(pk=suit.pk).exists()
    with pytest.raises(access.AccessDenied):
        links.link_remove(actor=people["market"], link=link)  # cannot see the 复议 end
    link_id = link.pk
    links.link_remove(actor=people["east"], link=link)
    assert not MatterLink.objects.exists()
    assert AuditEvent.objects.filter(action="matter_link.remove", object_id=str(link_id)).exists()
    suit.delete()
    assert not type(suit).objects.filter(pk=suit.pk).exists()


def test_registering_a_lawsuit_after_reconsideration_links_it(people, matters, tree):
    recon, _ = matters
    suit = lf.register(
        tree["east_market"],
        people["east"],
        case_number="（2026）测0206行初501号",
        plaintiffs=[{"kind": "person", "name": "张三"}],
        reconsideration_case_number=recon.case_number,
        reconsidered_in=recon,
    )
    assert links.linked_records(suit, people["east"], kind=LinkKind.LITIGATED, matter_key=RECON) == [recon]
    assert list(links.matters_numbered(people["east"], RECON, recon.case_number)) == [recon]
    assert not links.matters_numbered(people["west"], RECON, recon.case_number).exists()


def test_litigation_does_not_import_reconsideration():
    root = pathlib.Path(__file__).resolve().parents[2] / "fazhi" / "litigation"
    offenders = []
    for path in root.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [f"{path.name}: {n}" for n in names if n.startswith("fazhi.reconsideration")]
    assert offenders == []


def test_core_kit_imports_no_shell_and_no_domain():
    root = pathlib.Path(__file__).resolve().parents[2] / "fazhi" / "core" / "kit"
    banned = ("fazhi.web", "fazhi.api", "fazhi.portal", "fazhi.reconsideration", "fazhi.litigation")
    for path in root.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            module = node.module if isinstance(node, ast.ImportFrom) else None
            assert not (module or "").startswith(banned), f"{path.name} imports {module}"


class _Form:
    """What NumberedLink reads of a declared form: its fields, user and errors."""

    def __init__(self, user, **data):
        self.user, self.fields, self.errors = user, {"reconsideration_case_number": None}, {}
        self.data = data

    def add_error(self, field, message):
        self.errors[field] = message


def test_a_numbered_link_finds_only_what_the_user_sees_and_replaces_a_changed_number(people, matters, tree):
    recon, suit = matters
    second = rf.new_case(tree["east_justice"], people["east"], dt.date(2026, 3, 9))
    link = links.NumberedLink("reconsideration_case_number", RECON, LinkKind.LITIGATED, "复议案件")
    outsider = _Form(people["west"], reconsideration_case_number=recon.case_number)
    link.clean(outsider, outsider.data)
    assert outsider.errors == {
        "reconsideration_case_number": f"没有找到您有权查看的复议案件“{recon.case_number}”，请核对案号。"
    }

    form = _Form(people["east"], reconsideration_case_number=f" {recon.case_number} ")
    link.clean(form, form.data)
    assert form.errors == {}
    link.saved(suit, form, people["east"])
    assert links.linked_records(suit, people["east"], kind=LinkKind.LITIGATED) == [recon]
    [made] = links.links_of(recon, people["east"])
    assert made.outgoing and made.other == suit  # 复议 —起诉→ lawsuit

    form = _Form(people["east"], reconsideration_case_number=second.case_number)
    link.clean(form, form.data)
    link.saved(suit, form, people["east"])
    link.saved(suit, form, people["east"])  # saving again changes nothing
    assert links.linked_records(suit, people["east"], kind=LinkKind.LITIGATED) == [second]
    assert MatterLink.objects.count() == 1
    assert AuditEvent.objects.filter(action="matter_link.remove").count() == 1

    cleared = _Form(people["east"], reconsideration_case_number="")
    link.clean(cleared, cleared.data)
    link.saved(suit, cleared, people["east"])
    assert not MatterLink.objects.exists()
