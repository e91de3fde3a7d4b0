"""行政复议's paragraphs of the annual report's first draft (fazhi.reports.drafts): what was done,
with the period's figures — beside last year's when last year has them — and what fell short. Every
number is a placeholder of a figure."""

from fazhi.reports import drafts

CASES = "reconsideration"
HEADING = "行政复议和行政应诉"


def _outcome(name: str) -> str:
    """“审结：驳回行政复议申请” → “驳回”, as the reports write the breakdown."""
    short = name.removeprefix("审结：")
    return "驳回" if short == "驳回行政复议申请" else short


def cases(f: drafts.Figures) -> str | None:
    if not (f.has(f"{CASES}.received") or f.has(f"{CASES}.concluded")):
        return None
    text = (
        f"{f.year}年共收到行政复议申请{{{{{CASES}.received}}}}{f.beside_last_year(f'{CASES}.received')}，"
        f"受理{{{{{CASES}.accepted}}}}，审结{{{{{CASES}.concluded}}}}"
    )
    outcomes = [f"{_outcome(f.name(code))}{{{{{code}}}}}" for code in f.parts(f"{CASES}.concluded")]
    if outcomes:
        text += f"（其中{'、'.join(outcomes)}）"
    if f.has(f"{CASES}.correction_rate"):
        rate = f"{CASES}.correction_rate"  # the basis stated with it (docs/statutes.md §纠错率)
        text += f"，纠错率{{{{{rate}}}}}（按{{{{{rate}.basis}}}}件数计）{f.beside_last_year(rate)}"
    return text + "。"


def corrected(f: drafts.Figures) -> str | None:
    if f.count(f"{CASES}.correction_rate") == 0:
        return None
    return (
        f"行政复议纠错{{{{{CASES}.correction_rate.numerator}}}}件，纠错率{{{{{CASES}.correction_rate}}}}，"
        "被纠错的行政行为需逐案剖析原因、督促整改。"
    )


drafts.declare(
    drafts.Paragraph(name=f"{CASES}.cases", part="measures", heading=HEADING, order=40, build=cases),
    drafts.Paragraph(name=f"{CASES}.corrected", part="shortcomings", order=40, build=corrected),
)
