"""``fazhi procedures list`` and ``fazhi procedures graph <name>`` (Mermaid stateDiagram-v2).

The diagram is drawn from the registered spec itself, so it cannot drift from what the engine
enforces. Paste it into any Mermaid renderer (or a Markdown file on a code host) to view it.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from fazhi.core.workflow import registry
from fazhi.core.workflow.spec import Procedure

# Badge colour → Mermaid fill/stroke (the same palette as the staff UI's badges).
_COLOURS = {
    "grey": ("#f1f3f5", "#868e96"),
    "blue": ("#e7f5ff", "#1c7ed6"),
    "green": ("#ebfbee", "#2f9e44"),
    "orange": ("#fff4e6", "#e8590c"),
    "red": ("#fff5f5", "#e03131"),
    "purple": ("#f3f0ff", "#7048e8"),
}
_UNITS = {"day": "日", "workday": "个工作日", "month": "个月"}


def _text(value: str) -> str:
    """Mermaid labels may not contain a colon, quote or line break of their own."""
    return value.replace(":", "：").replace('"', "“").replace("\n", " ").strip()


def mermaid(procedure: Procedure) -> str:
    lines = ["stateDiagram-v2", f"    %% {procedure.label}（{procedure.name}）"]
    for s in procedure.states:
        lines.append(f'    state "{_text(s.label)}" as {s.code}')
    lines.append(f"    [*] --> {procedure.initial}")
    automatic = {step.transition: step for step in procedure.deadline_steps}
    for t in procedure.transitions:
        label = _text(t.label)
        if t.name in automatic:
            clock = procedure.clock_specs()[automatic[t.name].clock]
            label += f"〔{_text(clock.label)}届满自动〕"
        if t.article:
            label += f"（{_text(t.article)}）"
        for source in t.sources:
            lines.append(f"    {source} --> {t.target_from(source)}: {label}")
    for s in procedure.states:
        if s.terminal:
            lines.append(f"    {s.code} --> [*]")
    for t in procedure.transitions:
        for c in t.start_clocks:
            lines.append(
                f"    note right of {t.target_from(t.sources[0])}: {_text(t.label)}起算{_text(c.label)}"
                f" {c.length}{_UNITS.get(c.unit, c.unit)}{'（依情形确定）' if c.length_for else ''}"
                f"（{_text(c.article)}）"
            )
    used = sorted({s.colour for s in procedure.states if s.colour in _COLOURS})
    for colour in used:
        fill, stroke = _COLOURS[colour]
        lines.append(f"    classDef {colour} fill:{fill},stroke:{stroke}")
    for s in procedure.states:
        if s.colour in _COLOURS:
            lines.append(f"    class {s.code} {s.colour}")
    return "\n".join(lines) + "\n"


class Command(BaseCommand):
    help = "列出已登记的办理程序，或将某一程序输出为 Mermaid 状态图。"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("list", help="列出已登记的办理程序")
        graph = sub.add_parser("graph", help="输出办理程序的状态图")
        graph.add_argument("name", help="程序名称，例如 sample")
        graph.add_argument("--format", choices=["mermaid"], default="mermaid", help="输出格式")

    def handle(self, *args, **options):
        if options["action"] == "list":
            procedures = registry.all_procedures()
            if not procedures:
                self.stdout.write("尚未登记任何办理程序。")
            for p in procedures:
                self.stdout.write(
                    f"{p.name}\t{p.label}\t{p.model}\t"
                    f"{len(p.states)}个状态，{len(p.transitions)}项操作，{len(p.clock_specs())}个期限"
                )
            return
        try:
            procedure = registry.get(options["name"])
        except LookupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(mermaid(procedure), ending="")
