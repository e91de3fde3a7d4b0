"""Figures of 行政处罚案件 under the catalogue's codes: 行政处罚决定数 (``enforcement.acts.penalty``,
a part of 行政执法决定数) and 移送案件数 (``enforcement.cases_transferred``, 行刑衔接)."""

from django.db.models import Q

from fazhi.core.dates import within
from fazhi.indicators.registry import Definition, Indicator, Records, register

SOURCE = "《行政处罚法》第五十七条、第五十九条；国办发〔2018〕118号"

DECIDED = Records("enforcement.penaltycase", "decided", within("decided_on")).where(
    "penalised", lambda start, end: ~Q(penalty_kind="")
)
TRANSFERRED = Records("enforcement.penaltycase", "transferred", within("transferred_on"))

register(
    Indicator(
        code="enforcement.acts.penalty",
        name="行政处罚决定数",
        unit="件",
        order=60,
        part_of="enforcement.acts",  # the catalogue's breakdown of 行政执法决定数 by kind of act
        numerator=DECIDED,
        definition=Definition(
            numerator="作出的行政处罚决定数（普通程序，不含不予行政处罚决定）",
            period_basis="决定日期在统计期内",
            exclusions="不予行政处罚、不予立案、移送司法机关的案件",
            source=SOURCE,
        ),
    )
)
register(
    Indicator(
        code="enforcement.cases_transferred",
        name="移送案件数",
        unit="件",
        order=70,
        numerator=TRANSFERRED.all,
        definition=Definition(
            numerator="行政处罚案件中涉嫌犯罪移送司法机关的案件数",
            period_basis="移送日期在统计期内",
            source="《行政处罚法》第二十七条；《行政执法机关移送涉嫌犯罪案件的规定》",
        ),
    )
)
