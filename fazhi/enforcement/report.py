"""行政执法's paragraphs of the annual report's first draft (fazhi.reports.drafts): who may enforce —
the bodies, the certified officers and the year's qualification exam — as seed 000 writes it
(“确认执法主体34个…执法人员614名…报名考试373人，终审通过261人”). Every number is a placeholder."""

from fazhi.reports import drafts

HEADING = "严格规范公正文明执法"


def registers(f: drafts.Figures) -> str | None:
    if not (f.has("enforcement.bodies") or f.has("enforcement.officers")):
        return None
    text = "全面落实行政执法人员持证上岗和资格管理制度，"
    said = []
    if f.has("enforcement.bodies"):
        said.append("确认并公示行政执法主体{{enforcement.bodies}}")
    if f.has("enforcement.officers"):
        said.append("持证行政执法人员{{enforcement.officers}}")
    text += "，".join(said)
    if f.has("enforcement.exam_registered"):
        text += (
            f"；{f.year}年组织行政执法人员资格考试，报名{{{{enforcement.exam_registered}}}}，"
            "通过{{enforcement.exam_passed}}，通过率{{enforcement.exam_pass_rate}}"
        )
    return text + "。"


drafts.declare(
    drafts.Paragraph(
        name="enforcement.registers", part="measures", heading=HEADING, order=60, build=registers
    ),
)
