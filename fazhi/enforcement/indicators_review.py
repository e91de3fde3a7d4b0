"""Figures of 案卷评查, under the catalogue's codes: the files departments submitted (by 报送日期), the
files reviewed (a file with a review dated in the period, counted once however many reviewers scored
it), the 抽查率 (reviewed ÷ submitted, seed 001: 44 / 619 = 7.11%) and the 评查合格率 (files whose
reviews in the period are all 合格 or 优秀 ÷ files reviewed)."""

from django.db.models import Q

from fazhi.core.dates import within
from fazhi.enforcement.models_review import PASSING, FileReview
from fazhi.indicators.registry import Definition, Indicator, Records, register, register_rate

SOURCE = "国务院办公厅关于全面推行行政执法公示制度执法全过程记录制度重大执法决定法制审核制度的指导意见（国办发〔2018〕118号）；本地案卷评查办法"
REVIEWED_BASIS = "评查日期在统计期内（一件案卷多名评查人员评查的，计一件）"


def _reviewed(start, end) -> Q:
    return Q(
        pk__in=FileReview.objects.filter(reviewed_on__gte=start, reviewed_on__lte=end).values("case_file_id")
    )


def _passed(start, end) -> Q:
    failed = FileReview.objects.filter(reviewed_on__gte=start, reviewed_on__lte=end).exclude(
        result__in=PASSING
    )
    return ~Q(pk__in=failed.values("case_file_id"))


SUBMITTED = Records("enforcement.casefile", "submitted", within("submitted_on"))
REVIEWED = Records("enforcement.casefile", "reviewed", _reviewed)
PASSED = REVIEWED.where("passed", _passed)

register(
    Indicator(
        code="enforcement.case_files_submitted",
        name="报送评查的执法案卷数",
        unit="件",
        order=80,
        numerator=SUBMITTED.all,
        definition=Definition(
            numerator="各执法单位报送评查的行政执法案卷数", period_basis="报送日期在统计期内", source=SOURCE
        ),
    )
)
register(
    Indicator(
        code="enforcement.case_files_reviewed",
        name="评查执法案卷数",
        unit="件",
        order=81,
        numerator=REVIEWED.all,
        definition=Definition(
            numerator="随机抽取并评查的行政执法案卷数", period_basis=REVIEWED_BASIS, source=SOURCE
        ),
    )
)
register_rate(
    "enforcement.case_file_review_rate",
    "行政执法案卷抽查率",
    REVIEWED.all,
    SUBMITTED.all,
    order=82,
    counts="评查的案卷数（评查日期在统计期内）",
    out_of="报送评查的案卷数（报送日期在统计期内）",
    basis="报送",
    period="评查日期、报送日期在统计期内",
    source=SOURCE,
    numerator_code="enforcement.case_files_reviewed",
    denominator_code="enforcement.case_files_submitted",
)
register_rate(
    "enforcement.case_file_pass_rate",
    "行政执法案卷评查合格率",
    PASSED,
    REVIEWED.all,
    order=83,
    counts="评查结果为合格或者优秀的案卷数（有评查人员评为不合格的，不计入）",
    out_of="评查的案卷数",
    basis="评查",
    period=REVIEWED_BASIS,
    source=SOURCE,
    denominator_code="enforcement.case_files_reviewed",
)
