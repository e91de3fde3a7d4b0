"""The 示范指标体系 as data (issue #4 item 5, docs/indicators.md §示范指标体系): loader, variants, selectors, CLI."""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from fazhi.core.audit.models import AuditEvent
from fazhi.indicators import framework as fw
from fazhi.indicators.models_framework import Comparator, Framework, FrameworkItem, TextStatus

pytestmark = pytest.mark.django_db

NATIONAL = fw.DATA_DIR / "demonstration-2021.json"
VARIANT = fw.DATA_DIR / "example-province-2021.json"

FIRST_LEVEL_2021 = [
    "政府职能依法全面履行",
    "依法行政制度体系完善",
    "重大行政决策科学民主合法",
    "行政执法严格规范公正文明",
    "突发事件应对依法有效",
    "社会矛盾纠纷依法有效化解",
    "行政权力制约监督科学有效",
    "法治政府建设科技保障全面加强",
    "法治政府建设组织领导落实到位",
]


def national_data() -> dict:
    return json.loads(NATIONAL.read_text(encoding="utf-8"))


def snapshot() -> list[tuple]:
    """Everything a reader of the framework tables could see."""
    frameworks = list(
        Framework.objects.order_by("pk").values_list("code", "version", "title", "based_on__code")
    )
    items = list(
        FrameworkItem.objects.order_by("pk").values_list(
            "pk", "framework__code", "number", "level", "parent__number", "title", "order", "target_value"
        )
    )
    return frameworks + items


def test_shipped_2021_file_loads_nine_first_level_items_as_a_tree():
    result = fw.load_framework(NATIONAL)
    national = result.framework
    assert (national.code, national.version, national.based_on) == ("demonstration", "2021", None)
    assert result.created and result.items_created == national.items.count()

    roots = fw.tree(national)
    assert [node.item.title for node in roots] == FIRST_LEVEL_2021
    assert [node.item.number for node in roots] == [str(n) for n in range(1, 10)]

    first = roots[0]
    assert first.children[0].item.title == "加大简政放权力度"
    assert first.children[0].item.number == "1.1"
    known = first.children[0].children
    assert [n.item.number for n in known] == ["1.1.1", "1.1.2", "1.1.3"]
    assert "马上办" in known[0].item.title and "中介服务" in known[2].item.title

    # Every item sits exactly one level below its parent, numbered under it.
    for item in national.items.select_related("parent"):
        if item.level == 1:
            assert item.parent is None
        else:
            assert item.parent.level == item.level - 1
            assert item.number.startswith(item.parent.number + ".")

    # The file says what is not official text: reconstructed 一级 titles, placeholders below.
    assert "重构" in national.notes and "[U]" in national.notes
    assert national.items.get(number="2").text_status == TextStatus.RECONSTRUCTED
    assert national.items.get(number="6.2").is_placeholder
    assert national.items.filter(text_status=TextStatus.OFFICIAL).count() == 0


def test_shipped_targets_are_only_those_domain_md_gives():
    national = fw.load_framework(NATIONAL).framework
    loss = national.items.get(number="6.2.2")
    assert loss.indicator_codes == ["litigation.loss_rate"]
    assert (loss.target_text, loss.comparator, loss.target_value) == ("逐年下降", Comparator.FALLING, None)
    legality = national.items.get(number="2.1.1")
    assert (legality.target_value, legality.comparator, legality.target_display) == (
        Decimal("100"),
        ">=",
        "100%",
    )
    # Thresholds not retrievable (docs/indicators.md §示范指标体系) stay empty rather than invented.
    for number in ("4.1.1", "4.1.2", "6.1.1", "6.1.2"):
        item = national.items.get(number=number)
        assert item.target_value is None and item.target_text == "" and item.target_display == ""


def test_reload_is_idempotent_and_updates_in_place():
    fw.load_framework(NATIONAL)
    before = snapshot()
    again = fw.load_framework(NATIONAL)
    assert not again.created
    assert (again.items_created, again.items_updated, again.items_deleted) == (0, 0, 0)
    assert snapshot() == before

    data = national_data()
    loss = next(i for i in data["items"] if i["number"] == "6.2.2")
    loss["title"] = "行政诉讼一审败诉率"
    data["items"] = [i for i in data["items"] if i["number"] != "4.1.3"]
    pk = FrameworkItem.objects.get(framework__code="demonstration", number="6.2.2").pk
    result = fw.load_framework(data)
    assert (result.items_created, result.items_updated, result.items_deleted) == (0, 1, 1)
    updated = FrameworkItem.objects.get(framework__code="demonstration", number="6.2.2")
    assert updated.pk == pk and updated.title == "行政诉讼一审败诉率"
    assert not FrameworkItem.objects.filter(number="4.1.3").exists()


def _broken(mutate) -> dict:
    data = national_data()
    mutate(data["items"])
    return data


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (
            lambda items: items.append({"number": "6.3", "level": 2, "parent": "10", "title": "信访"}),
            "（编号 6.3，“信访”）：上级编号 10 不存在。",
        ),
        (
            lambda items: items.append(
                {"number": "6.2.2", "level": 3, "parent": "6.2", "title": "重复的败诉率"}
            ),
            "（编号 6.2.2，“重复的败诉率”）：编号 6.2.2 重复",
        ),
        (
            lambda items: items.append({"number": "6.2.3", "level": 4, "parent": "6.2", "title": "四级"}),
            "（编号 6.2.3，“四级”）：层级“4”无效，应为 1（一级）、2（二级）或 3（三级）。",
        ),
        (
            lambda items: items.append({"number": "6.3", "level": 3, "parent": "6", "title": "跳级"}),
            "上级 6 是一级指标，三级指标的上级应为二级指标。",
        ),
        (
            lambda items: items.append(
                {"number": "6.3", "level": 2, "parent": "6", "title": "拼错", "taget": "1"}
            ),
            "（编号 6.3，“拼错”）：不认识的字段 taget",
        ),
        (
            lambda items: items.append(
                {"number": "6.3", "level": 2, "parent": "6", "title": "无比较", "target_value": 95}
            ),
            "填写了目标值，但没有填写比较方式",
        ),
    ],
    ids=[
        "missing-parent",
        "duplicate-number",
        "bad-level",
        "skipped-level",
        "unknown-key",
        "value-no-comparator",
    ],
)
def test_broken_file_is_refused_in_chinese_and_nothing_changes(mutate, message):
    fw.load_framework(NATIONAL)
    before = snapshot()
    audit_rows = AuditEvent.objects.count()
    data = _broken(mutate)
    data["title"] = "不应写入的新标题"  # a valid change in the same file must not land either
    with pytest.raises(fw.FrameworkError) as exc:
        fw.load_framework(data)
    assert any(message in e for e in exc.value.errors), exc.value.errors
    assert exc.value.message.startswith("指标体系数据有误，未载入任何内容")
    assert snapshot() == before
    assert AuditEvent.objects.count() == audit_rows


def test_broken_file_on_empty_database_loads_nothing():
    data = _broken(lambda items: items.append({"number": "9.1", "level": 2, "parent": "99", "title": "x"}))
    with pytest.raises(fw.FrameworkError):
        fw.load_framework(data)
    assert not Framework.objects.exists() and not FrameworkItem.objects.exists()


def test_failure_while_writing_rolls_everything_back(monkeypatch):
    """Atomic: a database error half way through the items leaves the previous load intact."""
    fw.load_framework(NATIONAL)
    before = snapshot()
    data = national_data()
    for item in data["items"]:
        item["title"] += "（修订）"
    real_save = FrameworkItem.save
    calls = {"n": 0}

    def failing_save(self, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 5:
            raise RuntimeError("disk full")
        return real_save(self, *args, **kwargs)

    monkeypatch.setattr(FrameworkItem, "save", failing_save)
    with pytest.raises(RuntimeError):
        fw.load_framework(data)
    assert calls["n"] == 5
    assert snapshot() == before


def test_provincial_variant_loads_next_to_the_national_version():
    national = fw.load_framework(NATIONAL).framework
    variant = fw.load_framework(VARIANT).framework
    assert variant.based_on == national
    assert national.items.count() + 1 == variant.items.count()
    added = variant.items.get(number="2.1.2")
    assert not added.inherited and added.parent.number == "2.1"
    assert added.parent.framework == variant  # its own copy of the tree, not the national rows
    assert added.evidence_required == ["规范性文件备案登记台账（示例）"]
    assert [n.item.title for n in fw.tree(variant)] == FIRST_LEVEL_2021
    # The national version is untouched.
    assert not national.items.filter(number="2.1.2").exists()
    # Document order: the addition follows its sibling under 2.1.
    numbers = list(fw.items(variant).values_list("number", flat=True))
    assert numbers.index("2.1.2") == numbers.index("2.1.1") + 1


def test_variant_needs_its_base_loaded_first():
    with pytest.raises(fw.FrameworkError) as exc:
        fw.load_framework(VARIANT)
    assert "所依据的版本“demonstration 2021”尚未载入" in exc.value.message
    assert not Framework.objects.exists()


def test_variant_can_replace_and_remove_base_items():
    fw.load_framework(NATIONAL)
    data = json.loads(VARIANT.read_text(encoding="utf-8"))
    data["remove"] = ["4.1.2"]
    data["items"].append(
        {
            "number": "6.2.2",
            "level": 3,
            "parent": "6.2",
            "title": "行政诉讼败诉率",
            "target_value": 10,
            "comparator": "<=",
            "indicator_codes": ["litigation.loss_rate"],
        }
    )
    variant = fw.load_framework(data).framework
    replaced = variant.items.get(number="6.2.2")
    assert (replaced.target_value, replaced.comparator, replaced.inherited) == (Decimal("10"), "<=", False)
    assert not variant.items.filter(number="4.1.2").exists()
    national_loss = FrameworkItem.objects.get(framework__code="demonstration", number="6.2.2")
    assert national_loss.comparator == Comparator.FALLING


def test_reloading_the_base_rebuilds_its_variants_or_refuses_as_a_whole():
    fw.load_framework(NATIONAL)
    fw.load_framework(VARIANT)
    data = national_data()
    next(i for i in data["items"] if i["number"] == "6.2.2")["title"] = "行政诉讼败诉率（新）"
    result = fw.load_framework(data)
    assert [v.code for v in result.variants_reloaded] == ["example-province"]
    assert (
        FrameworkItem.objects.get(framework__code="example-province", number="6.2.2").title
        == "行政诉讼败诉率（新）"
    )

    # Dropping 2.1 from the base would orphan the variant's 2.1.2: the whole reload is refused.
    before = snapshot()
    broken = copy.deepcopy(data)
    broken["items"] = [i for i in broken["items"] if not i["number"].startswith("2.1")]
    with pytest.raises(fw.FrameworkError) as exc:
        fw.load_framework(broken)
    assert "重新生成基于此版本的变体" in exc.value.message
    assert any("上级编号 2.1 不存在" in e for e in exc.value.errors)
    assert snapshot() == before


def test_selectors_return_items_linked_to_an_indicator_code():
    national = fw.load_framework(NATIONAL).framework
    variant = fw.load_framework(VARIANT).framework
    linked = fw.items_for_indicator("litigation.head_appearance_rate")
    assert [(i.framework.code, i.number) for i in linked] == [
        ("demonstration", "6.2.1"),
        ("example-province", "6.2.1"),
    ]
    assert [i.number for i in fw.items_for_indicator("reconsideration.correction_rate", national)] == [
        "6.1.1"
    ]
    assert fw.items_for_indicator("reconsideration.correction", national) == []  # whole codes only
    codes = fw.linked_codes(variant)
    assert [i.number for i in codes["litigation.loss_rate"]] == ["6.2.2"]
    assert set(codes) >= {"reconsideration.comprehensive_correction_rate", "random_inspection.item_share"}


def test_shipped_codes_exist_in_the_indicator_registry():
    result = fw.load_framework(NATIONAL, strict_codes=True)
    assert result.warnings == []


def test_unknown_indicator_code_warns_or_is_refused_when_strict():
    data = national_data()
    next(i for i in data["items"] if i["number"] == "6.1.2")["indicator_codes"] = [
        "reconsideration.publication_rate"
    ]
    with pytest.raises(fw.FrameworkError) as exc:
        fw.load_framework(copy.deepcopy(data), strict_codes=True)
    assert "“reconsideration.publication_rate”尚未在指标登记表中登记" in exc.value.message
    assert not Framework.objects.exists()
    result = fw.load_framework(data)
    assert len(result.warnings) == 1 and "6.1.2" in result.warnings[0]


def test_load_is_audited():
    fw.load_framework(NATIONAL)
    event = AuditEvent.objects.filter(action="indicators.framework.load").get()
    assert event.detail["code"] == "demonstration" and event.detail["created"] > 0


# --- CLI -----------------------------------------------------------------------------------------


def run(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("framework", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_cli_load_list_show():
    out, _ = run("load", "--shipped")
    assert "新载入：市县法治政府建设示范指标体系（2021年版）" in out
    assert "example-province" in out

    out, _ = run("list")
    assert "demonstration\t2021" in out and "基于 demonstration 2021" in out

    with pytest.raises(CommandError, match="请用 --code 指明"):
        run("show", "2021")
    out, _ = run("show", "2021", "--code", "demonstration")
    lines = out.splitlines()
    assert "1 政府职能依法全面履行〔摘录待核〕" in lines
    assert "  1.1 加大简政放权力度〔摘录待核〕" in lines
    assert any(
        line.startswith("    6.2.2 行政诉讼败诉率〔占位〕") and "目标：逐年下降" in line for line in lines
    )

    out, _ = run("show", "2021", "--code", "example-province", "--indicator", "litigation.loss_rate")
    assert "6.2.2 行政诉讼败诉率" in out and "6.2.1" not in out

    out, _ = run("load", "demonstration-2021")
    assert "新增0项，修改0项，未变29项，删除0项" in out


def test_cli_refuses_broken_file_with_chinese_message(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text(
        json.dumps(
            _broken(lambda items: items.append({"number": "1.9", "level": 2, "parent": "0", "title": "孤儿"}))
        ),
        encoding="utf-8",
    )
    with pytest.raises(CommandError, match="上级编号 0 不存在"):
        run("load", str(path))
    assert not Framework.objects.exists()
    with pytest.raises(CommandError, match="不是有效的 JSON"):
        (tmp_path / "bad.json").write_text("{", encoding="utf-8")
        run("check", str(tmp_path / "bad.json"))


def test_cli_check_writes_nothing():
    out, _ = run("check", str(NATIONAL))
    assert "校验通过" in out and "一级指标9个" in out
    assert not Framework.objects.exists()
