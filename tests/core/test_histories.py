"""Every demo history and every imported history of every registered procedure is a path of its
procedure: from the initial state through declared transitions, dates never going back, ending at
the record's status, with the clocks the path leaves running still open."""

import datetime as dt
import io
from collections import defaultdict
from types import SimpleNamespace

import openpyxl
import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType

from fazhi.core import excel
from fazhi.core.calendar.models import Clock, ClockState
from fazhi.core.workflow import registry, replay
from fazhi.core.workflow.models import TransitionLog
from fazhi.demo import generator
from tests import factories

pytestmark = pytest.mark.django_db


def walk() -> dict[str, int]:
    """Check every record of every registered procedure; returns how many each had. Fails with
    every problem found, naming the record."""
    walked, problems = {}, []
    for procedure in registry.all_procedures():
        model = apps.get_model(procedure.model)
        ct = ContentType.objects.get_for_model(model)
        logs = defaultdict(list)
        for log in TransitionLog.objects.filter(subject_type=ct).order_by("id"):
            logs[log.subject_id].append(log)
        open_clocks = defaultdict(list)
        for subject_id, code in (
            Clock.objects.filter(subject_type=ct)
            .exclude(state=ClockState.STOPPED)
            .values_list("subject_id", "code")
        ):
            open_clocks[subject_id].append(code)
        records = list(model.objects.values_list("pk", "status"))
        for pk, status in records:
            for problem in replay.history_problems(procedure, status, logs[pk], open_clocks[pk]):
                problems.append(f"{procedure.name} #{pk}: {problem}")
        walked[procedure.name] = len(records)
    assert not problems, "\n".join(problems[:30])
    return walked


def _fill(kind: str, headers: list[str], rows: list[dict]) -> io.BytesIO:
    wb = openpyxl.load_workbook(io.BytesIO(excel.template_bytes(kind)))
    ws = wb.worksheets[0]
    for number, values in enumerate(rows, start=2):
        for column, header in enumerate(headers, start=1):
            ws.cell(row=number, column=column, value=values.get(header))
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    return out


def test_every_demo_history_is_a_path_of_its_procedure():
    generator.install("county")
    walked = walk()
    assert walked["reconsideration"] >= 250 and walked["litigation"] >= 100
    # the demo's open cases run against their clocks
    assert Clock.objects.filter(state=ClockState.RUNNING).count() >= 10


def test_every_imported_history_is_a_path_of_its_procedure(tree):
    officer = factories.user(tree["east_justice"], roles=("officer", "reviewer"), scope="region")
    headers = [c.header for c in excel.get("reconsideration").columns]
    base = {
        "承办单位": "东区司法局",
        "渠道": "当面递交",
        "被申请人": "东区市场监督管理局",
        "被申请行为": "罚款决定",
    }
    cases = [
        {},
        {"受理日期": "2022-03-04"},
        {"受理日期": "2022-03-04", "审结日期": "2022-04-20", "决定类型": "撤销"},
        {"受理日期": "2022-03-04", "审结日期": "2022-04-20", "决定类型": "维持", "送达日期": "2022-04-25"},
        {"受理日期": "2022-03-04", "审结日期": "2022-03-10", "决定类型": "终止", "终止理由": "申请人撤回"},
        {"审结日期": "2022-03-05", "决定类型": "不予受理"},
        {
            "收件日期": "2024-02-01",
            "受理日期": "2024-02-02",
            "审结日期": "2024-02-20",
            "决定类型": "驳回申请",
        },
    ]
    rows = [
        {**base, "收件日期": "2022-03-01", "申请人姓名/名称": f"申请人{i}", **c} for i, c in enumerate(cases)
    ]
    result = excel.run_import("reconsideration", _fill("reconsideration", headers, rows), actor=officer)
    assert result.ok, result.messages

    headers = [c.header for c in excel.get("litigation").columns]
    recent = (dt.date.today() - dt.timedelta(days=3)).isoformat()
    base = {
        "法院": "示范区人民法院",
        "原告": "张三",
        "被告单位": "东区市场监督管理局",
        "被诉行为类型": "行政处罚",
    }
    suits = [
        {"收到起诉状日期": None},
        {},
        {"开庭日期": "2022-04-20"},
        {"开庭日期": "2022-04-20", "裁判日期": "2022-06-10", "裁判结果": "撤销", "送达日期": "2022-06-15"},
        {"裁判日期": "2022-05-10", "裁判结果": "准予撤诉"},
        {"裁判日期": "2022-06-01", "裁判结果": "判决驳回诉讼请求"},
        {"审级": "二审", "裁判日期": "2022-06-01", "裁判结果": "驳回上诉", "送达日期": "2022-06-03"},
        {
            "收到起诉状日期": "2022-01-05",
            "裁判日期": recent,
            "裁判结果": "判决驳回诉讼请求",
            "送达日期": recent,
        },
    ]
    rows = [
        {**base, "收到起诉状日期": "2022-03-01", "案号": f"（2022）桂0206行初{i}号", **s}
        for i, s in enumerate(suits)
    ]
    result = excel.run_import("litigation", _fill("litigation", headers, rows), actor=officer)
    assert result.ok, result.messages

    walked = walk()
    assert walked["reconsideration"] == 7 and walked["litigation"] == 8


def test_the_walk_catches_a_broken_history():
    procedure = registry.get("litigation")
    log = lambda name, a, b, day: SimpleNamespace(transition=name, from_status=a, to_status=b, legal_date=day)  # noqa: E731
    day = dt.date(2022, 3, 1)
    good = [log("receive", "registered", "answering", day)]
    assert replay.history_problems(procedure, "answering", good, ["answer"]) == []
    # 开庭 straight from 答辩期 (what the old importer wrote)
    skipped = [*good, log("hold_hearing", "answering", "heard", day)]
    assert "只能从answered、heard" in replay.history_problems(procedure, "heard", skipped, [])[0]
    backwards = [*good, log("conclude", "answering", "effective", day - dt.timedelta(days=1))]
    assert "早于上一步" in replay.history_problems(procedure, "effective", backwards, [])[0]
    assert "状态为closed" in replay.history_problems(procedure, "closed", good, ["answer"])[0]
    assert "按办理记录应为['answer']" in replay.history_problems(procedure, "answering", good, [])[0]
