"""Figures of 行政执法's registers, under the catalogue's codes (``enforcement.*``: a county that
recorded them as 上报 now has them computed from the records, fazhi.indicators.registry.register).

The 执法主体 and 执法人员 counts are stocks: the bodies and the certified officers *in force on the
last day of the period* (统计期末), read from the dates each record keeps (``confirmed_on`` /
``cancelled_on``, ``issued_on`` / ``valid_until`` / ``left_on``), so last year's figure is still
last year's after people leave. The exam figures count the sittings in the period.
"""

from django.db.models import Q

from fazhi.core.dates import within
from fazhi.enforcement.models import ExamResult, bodies_in_force, officers_certified
from fazhi.indicators.registry import Definition, Indicator, Records, register, register_rate

SOURCE = "国务院办公厅关于全面推行行政执法公示制度执法全过程记录制度重大执法决定法制审核制度的指导意见（国办发〔2018〕118号）"
PENALTY_LAW = "《行政处罚法》第四十二条（执法人员应当具有行政执法资格）"

BODIES = Records("enforcement.enforcementbody", "in_force", lambda start, end: bodies_in_force(end))
CERTIFIED = Records("enforcement.enforcementofficer", "certified", lambda start, end: officers_certified(end))
EXAMINED = Records("enforcement.enforcementofficer", "examined", within("exam_on"))
PASSED = EXAMINED.where("passed", lambda start, end: Q(exam_result=ExamResult.PASSED))
AT_END = "统计期末在册（主体资格确认日期不晚于期末且未撤销）"

register(
    Indicator(
        code="enforcement.bodies",
        name="行政执法主体数",
        unit="个",
        order=10,
        numerator=BODIES.all,
        definition=Definition(
            numerator="统计期末经确认并公示的行政执法主体个数（法定行政机关、法律法规授权的组织、受委托的组织）",
            period_basis=AT_END,
            source=f"《行政处罚法》第十七条至第二十条；{SOURCE}",
        ),
    )
)
register(
    Indicator(
        code="enforcement.officers",
        name="行政执法人员数",
        unit="人",
        order=20,
        numerator=CERTIFIED.all,
        definition=Definition(
            numerator="统计期末在岗且持有效行政执法证的人员人数（不含行政执法监督证）",
            period_basis="统计期末：发证日期不晚于期末、有效期不早于期末、未调离或者注销",
            source=f"{PENALTY_LAW}；{SOURCE}",
        ),
    )
)
register(
    Indicator(
        code="enforcement.exam_registered",
        name="行政执法资格考试报名人数",
        unit="人",
        order=30,
        numerator=EXAMINED.all,
        definition=Definition(
            numerator="报名参加行政执法人员资格考试的人数",
            period_basis="考试日期在统计期内",
            source=SOURCE,
        ),
    )
)
register(
    Indicator(
        code="enforcement.exam_passed",
        name="行政执法资格考试通过人数",
        unit="人",
        order=40,
        numerator=PASSED,
        definition=Definition(
            numerator="资格考试通过的人数",
            period_basis="考试日期在统计期内",
            source=SOURCE,
        ),
    )
)
register_rate(
    "enforcement.exam_pass_rate",
    "行政执法资格考试通过率",
    PASSED,
    EXAMINED.all,
    order=50,
    counts="资格考试通过的人数",
    out_of="报名参加资格考试的人数（含缺考）",
    basis="报名",
    period="考试日期在统计期内",
    source=SOURCE,
    numerator_code="enforcement.exam_passed",
    denominator_code="enforcement.exam_registered",
)
from fazhi.enforcement import indicators_lists  # noqa: E402,F401  (免罚清单、裁量基准 units)
from fazhi.enforcement import indicators_penalty as _penalty  # noqa: E402,F401  (行政处罚)
from fazhi.enforcement import indicators_review as _review  # noqa: E402,F401  (案卷评查)
