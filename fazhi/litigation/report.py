"""行政应诉's paragraphs of the annual report's first draft (fazhi.reports.drafts). Every number is
a placeholder of a figure, with last year's and the change when last year has the figure; 败诉 and
负责人出庭 shortfalls only when there are any."""

from fazhi.reports import drafts

SUITS = "litigation"


def suits(f: drafts.Figures) -> str | None:
    if not (f.has(f"{SUITS}.received") or f.has(f"{SUITS}.concluded")):
        return None
    text = (
        f"{f.year}年共有行政诉讼案件{{{{{SUITS}.received}}}}{f.beside_last_year(f'{SUITS}.received')}，"
        f"一审审结{{{{{SUITS}.concluded}}}}"
    )
    if f.has(f"{SUITS}.loss_rate"):
        rate = f"{SUITS}.loss_rate"
        text += f"，败诉{{{{{SUITS}.lost}}}}，败诉率{{{{{rate}}}}}{f.beside_last_year(rate)}"
    if f.has(f"{SUITS}.head_appearance_rate"):
        text += f"；行政机关负责人出庭应诉率{{{{{SUITS}.head_appearance_rate}}}}"
    return text + "。"


def lost(f: drafts.Figures) -> str | None:
    if f.count(f"{SUITS}.lost") == 0:
        return None
    return f"行政诉讼一审败诉{{{{{SUITS}.lost}}}}，败诉率{{{{{SUITS}.loss_rate}}}}，依法行政水平仍需提升。"


def absent_heads(f: drafts.Figures) -> str | None:
    rate = f"{SUITS}.head_appearance_rate"
    if not f.has(rate) or f.count(rate) == f.denominator(rate):
        return None
    return f"行政机关负责人出庭应诉率为{{{{{rate}}}}}，尚未做到应出尽出。"


drafts.declare(
    drafts.Paragraph(
        name=f"{SUITS}.suits", part="measures", heading="行政复议和行政应诉", order=50, build=suits
    ),
    drafts.Paragraph(name=f"{SUITS}.lost", part="shortcomings", order=50, build=lost),
    drafts.Paragraph(name=f"{SUITS}.absent_heads", part="shortcomings", order=51, build=absent_heads),
)
