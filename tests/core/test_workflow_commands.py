"""``fazhi procedures list`` and ``fazhi procedures graph <name>``."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError


def run(*args) -> str:
    out = io.StringIO()
    call_command("procedures", *args, stdout=out)
    return out.getvalue()


def test_list_names_the_registered_procedures():
    lines = run("list").splitlines()
    assert "sampleapp\t示例程序\tsampleapp.SampleMatter\t6个状态，9项操作，3个期限" in lines


def test_graph_prints_a_mermaid_state_diagram_with_chinese_labels_and_articles():
    text = run("graph", "sampleapp")
    lines = text.splitlines()
    assert lines[0] == "stateDiagram-v2"
    assert '    state "已收件" as received' in lines
    assert "    [*] --> received" in lines
    assert "    received --> rejected: 不予受理" in lines
    assert "    accepted --> decided: 作出决定（《行政复议法》第六十二条）" in lines
    assert "    decided --> [*]" in lines and "    rejected --> [*]" in lines
    assert (
        "    note right of accepted: 受理起算作出决定期限 60日（依情形确定）（《行政复议法》第六十二条）"
        in lines
    )
    # every transition's every source appears once as an edge
    assert sum(" --> " in line and "[*]" not in line for line in lines) == 9


def test_graph_of_an_unknown_procedure_fails_in_chinese():
    with pytest.raises(CommandError) as excinfo:
        run("graph", "nope")
    assert "没有名为“nope”的办理程序" in str(excinfo.value)
    assert excinfo.value.returncode != 0
