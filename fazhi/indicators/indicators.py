"""Indicators of matters not (yet) recorded case by case in Fazhi: declared ``reported_only`` so an
authorised user can enter or import the figure from its source document (labelled 上报). When the
domain app is built it takes the declaration over (same code) and computes it from records.
"""

from fazhi.core.registry import DOMAINS, Domain
from fazhi.indicators.registry import Definition, Indicator, register

# The domains these figures belong to, until their apps (which declare themselves) are built.
for _code, _title in (
    ("mediation", "人民调解"),
    ("petition", "信访"),
    ("random_inspection", "双随机、一公开"),
):
    if _code not in DOMAINS:
        DOMAINS.register(Domain(_code, _title))

register(
    Indicator(
        code="mediation.land_dispute_settlement_rate",
        name="三大纠纷调结率",
        unit="%",
        reported_only=True,
        definition=Definition(
            numerator="土地、山林、水利权属纠纷调结件数（下文裁决＋协议结案）",
            denominator="三大纠纷立案件数",
            basis="立案",
            period_basis="立案日期在统计期内",
            source="《土地管理法》第十四条、《森林法》第二十二条、《水法》第五十六条至第五十七条",
        ),
    )
)
register(
    Indicator(
        code="petition.substantive_resolution_rate",
        name="信访事项实体性化解率",
        unit="%",
        reported_only=True,
        definition=Definition(
            numerator="实体性化解的交办信访事项件数",
            denominator="交办信访事项件数",
            basis="交办",
            period_basis="交办日期在统计期内",
            source="《信访工作条例》（2022）",
        ),
    )
)
register(
    Indicator(
        code="random_inspection.item_share",
        name="双随机抽查事项占比",
        unit="%",
        reported_only=True,
        definition=Definition(
            numerator="纳入“双随机、一公开”方式的抽查事项数",
            denominator="抽查事项总数",
            basis="抽查事项",
            period_basis="统计期末抽查事项清单",
            source="国办发〔2015〕58号",
        ),
    )
)
