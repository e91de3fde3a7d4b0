"""The catalogue of reported figures (上报指标目录): every kind of figure the annual 法治政府建设
reports print for work not (yet) recorded case by case in Fazhi — 人民调解, 信访, 12345热线, 政务服务,
行政执法 by kind, 双随机, 信用, 规范性文件, 重大行政决策, 法律顾问, 普法 … (seeds 000–003, docs/indicators.md §指标公式).

Each is an :class:`~fazhi.indicators.registry.Indicator` declared ``reported_only``: a stable code,
name, unit, definition, basis and source, and its **parts** — a total names nothing, its components
name it (``part_of``); a rate names the count figures that are its numerator and denominator
(``numerator_code`` / ``denominator_code``). Figures are entered on 录入上报数据 or imported
(``fazhi import reported_figures``; the template lists every code on its 指标目录 sheet). When a
domain app comes to record the matter it declares the same code with a computation and the figure
becomes 计算 (:func:`fazhi.indicators.registry.register` lets the computed declaration take the code over).

Counties add figures of their own on the 指标目录 screen (:class:`fazhi.indicators.models.CountyFigure`).
Codes here never change; a new meaning gets a new code.
"""

from __future__ import annotations

from fazhi.core.registry import DOMAINS, Domain
from fazhi.indicators.registry import Definition, Indicator, register

DOMAIN_TITLES = (
    ("government_service", "政务服务"),
    ("hotline", "12345政务服务便民热线"),
    ("information_disclosure", "政务公开"),
    ("normative_document", "行政规范性文件"),
    ("legality_review", "合法性审查"),
    ("major_decision", "重大行政决策"),
    ("enforcement", "行政执法"),
    ("random_inspection", "双随机、一公开"),
    ("credit", "社会信用"),
    ("deputies", "人大代表建议和政协提案办理"),
    ("mediation", "人民调解"),
    ("petition", "信访"),
    ("legal_adviser", "法律顾问"),
    ("legal_aid", "法律援助"),
    ("notary", "公证"),
    ("legal_education", "普法和学法"),
    ("leadership", "党政主要负责人履职"),
    ("emergency", "突发事件应对"),
    ("legal_affairs", "政府法律事务（复议答复、应诉组织）"),
    ("local", "本地指标"),
)
for _code, _title in DOMAIN_TITLES:
    if _code not in DOMAINS:
        DOMAINS.register(Domain(_code, _title))

_order = [1000.0]


def declare(
    code: str,
    name: str,
    unit: str,
    counts: str,
    *,
    basis: str = "",
    period: str = "统计期内",
    source: str = "",
    out_of: str = "",
    part_of: str = "",
    partial: bool = False,
    num: str = "",
    den: str = "",
    aliases: tuple[str, ...] = (),
    value_only: bool = False,
    decimals: int | None = None,
    yoy_bound=None,
) -> Indicator:
    """One catalogue entry (reported only). ``num`` / ``den``: codes of the figures that are a
    rate's numerator and denominator; ``part_of``: the total this figure is a component of
    (``partial``: one of several that need not add up to it — 其中…); ``yoy_bound``: how far it may
    move year on year before the report warns (百分点 for a rate, % otherwise; the unit's default)."""
    _order[0] += 1
    return register(
        Indicator(
            code=code,
            name=name,
            unit=unit,
            reported_only=True,
            definition=Definition(
                numerator=counts, denominator=out_of, basis=basis, period_basis=period, source=source
            ),
            order=_order[0],
            part_of=part_of,
            partial=partial,
            numerator_code=num,
            denominator_code=den,
            aliases=aliases,
            value_only=value_only,
            decimals=decimals,
            yoy_bound=yoy_bound,
        )
    )


def count(code, name, counts, unit="件", **more):
    return declare(code, name, unit, counts, **more)


def rate(code, name, counts, out_of, **more):
    return declare(code, name, "%", counts, out_of=out_of, **more)


GOV_SERVICE = "国务院关于加快推进全国一体化在线政务服务平台建设的指导意见（国发〔2018〕27号）"
HOTLINE = "国务院办公厅关于进一步优化地方政务服务便民热线的指导意见（国办发〔2020〕53号）"
ENFORCEMENT = "国务院办公厅关于全面推行行政执法公示制度执法全过程记录制度重大执法决定法制审核制度的指导意见（国办发〔2018〕118号）"
NORMATIVE = "国务院办公厅关于加强行政规范性文件制定和监督管理工作的通知（国办发〔2018〕37号）"
MEDIATION = "《人民调解法》"
PETITION = "《信访工作条例》（2022）"
EDUCATION = "《关于实行国家机关“谁执法谁普法”普法责任制的意见》；《领导干部学法用法制度》"

# fmt: off
# --- 政务服务 ---------------------------------------------------------------------------------------
count("government_service.applications", "依申请政务服务事项数", "依申请政务服务事项（含公共服务事项）数", unit="项", period="统计期末", source=GOV_SERVICE)
count("government_service.applications.visit_once", "“只需跑一次”事项数", "“只需跑一次”的依申请事项数", unit="项", part_of="government_service.applications", period="统计期末", source=GOV_SERVICE, partial=True)
count("government_service.applications.no_visit", "“一次不用跑”事项数", "“一次不用跑”的依申请事项数", unit="项", part_of="government_service.applications", period="统计期末", source=GOV_SERVICE, partial=True)
rate("government_service.at_most_one_visit_rate", "最多跑一次比例", "“只需跑一次”和“一次不用跑”事项数", "依申请政务服务事项数", basis="依申请事项", num="", den="government_service.applications", period="统计期末", source=GOV_SERVICE, value_only=True)
rate("government_service.no_visit_rate", "“一次不用跑”事项比例", "“一次不用跑”事项数", "依申请政务服务事项数", basis="依申请事项", num="government_service.applications.no_visit", den="government_service.applications", period="统计期末", source=GOV_SERVICE, value_only=True)
rate("government_service.online_available_rate", "政务服务事项网上可办率", "可网上办理的依申请事项数", "依申请政务服务事项数", basis="依申请事项", den="government_service.applications", period="统计期末", source=GOV_SERVICE, aliases=("网上可办率",), value_only=True)
count("government_service.handled", "政务服务办件量", "受理的政务服务办件数（现场与网上）", source=GOV_SERVICE)
count("government_service.handled.on_site", "现场受理办件数", "政务服务大厅现场受理的办件数", part_of="government_service.handled", source=GOV_SERVICE)
count("government_service.handled.online", "网上受理办件数", "网上受理的办件数（网办件）", part_of="government_service.handled", source=GOV_SERVICE, aliases=("网办件受理数",))
rate("government_service.online_rate", "网办率", "网上受理办件数", "政务服务办件量（或依申请事项数，依来源口径）", basis="办件", num="government_service.handled.online", den="government_service.handled", source=GOV_SERVICE, aliases=("网办比率", "网上办理率", "行政审批服务网办率"), value_only=True)
count("government_service.cross_province", "“跨省通办”办件数", "通过网上办理、异地代收代办、多地联办等模式办理的跨省通办件数", source=GOV_SERVICE)
count("government_service.cross_region_items_out", "可在异地办理的本地服务事项数", "可在异地办理的本地政务服务事项数", unit="项", period="统计期末", source=GOV_SERVICE)
count("government_service.cross_region_items_in", "可在本地办理的异地服务事项数", "可在本地办理的异地政务服务事项数", unit="项", period="统计期末", source=GOV_SERVICE)
count("government_service.weekend_items", "双休日可办事项数", "纳入双休日（周末窗口）办理的事项数", unit="项", period="统计期末", source=GOV_SERVICE)
rate("government_service.online_item_rate", "事项网办率", "可全程网办的依申请事项数", "依申请政务服务事项数", basis="依申请事项", den="government_service.applications", period="统计期末", source=GOV_SERVICE, aliases=("事项网上办理率",), value_only=True)
rate("government_service.one_window_rate", "“一窗”分类受理比例", "实行“一窗”分类受理的依申请事项数", "依申请政务服务事项数", basis="依申请事项", den="government_service.applications", period="统计期末", source=GOV_SERVICE, value_only=True)
rate("government_service.comprehensive_window_rate", "政务大厅综窗设置率", "设置综合窗口的政务大厅数", "政务大厅数", basis="政务大厅", period="统计期末", source=GOV_SERVICE, aliases=("综窗设置率",), value_only=True)
count("government_service.evaluations", "“好差评”评价数", "政务服务“好差评”系统收到的评价数", unit="条", source="国务院办公厅关于建立政务服务“好差评”制度提高政务服务水平的意见（国办发〔2019〕51号）")
rate("government_service.good_rating_rate", "政务服务好评率", "好评数", "“好差评”评价数", basis="评价", den="government_service.evaluations", source="国办发〔2019〕51号", aliases=("好评率",), value_only=True)
count("government_service.certificate_commitment_items", "实行告知承诺制的证明事项数", "实行告知承诺制的证明事项数", unit="项", period="统计期末", source="国务院办公厅关于全面推行证明事项和涉企经营许可事项告知承诺制的指导意见（国办发〔2020〕42号）")
count("government_service.certificate_commitment_cases", "以承诺书代替证明办件数", "以承诺书代替证明办理的件数", source="国办发〔2020〕42号")
count("government_service.licence_items", "行政许可事项数", "行政许可事项清单中的事项数", unit="项", period="统计期末", source="《行政许可法》；行政许可事项清单")
count("government_service.approvals_cancelled", "取消行政审批事项数", "统计期内取消的行政审批事项数", unit="项", source="《行政许可法》")
count("government_service.business_licences", "核发营业执照数", "核发“多证合一”营业执照数", unit="本", source="《市场主体登记管理条例》")
count("government_service.free_seal_enterprises", "免费刻章服务企业数", "享受免费刻章服务的新开办企业数", unit="户", source=GOV_SERVICE)
declare("government_service.savings", "为企业群众节省资金", "万元", "免费刻章、邮寄、复印等为企业群众节省的资金（元）", source=GOV_SERVICE)

# --- 12345热线 --------------------------------------------------------------------------------------
count("hotline.received", "热线受理件数", "政府热线（12345）及领导信箱受理的诉求件数", source=HOTLINE, aliases=("热线受理量",))
count("hotline.received.transferred", "受理上级热线转办件数", "受理上级（市）热线转办的件数", part_of="hotline.received", source=HOTLINE, aliases=("市热线转办件",))
count("hotline.received.local", "受理本级政府热线件数", "本级政府热线直接受理的件数", part_of="hotline.received", source=HOTLINE)
count("hotline.received.leader_mailbox", "本级领导信箱件数", "本级政府领导信箱（区长、县长信箱）收到的件数", part_of="hotline.received", source=HOTLINE, aliases=("区长信箱", "县长信箱"))
count("hotline.received.superior_mailbox", "上级领导信箱（网民留言）件数", "上级领导信箱、人民网留言等转来的件数", part_of="hotline.received", source=HOTLINE, aliases=("市长信箱",))
count("hotline.due", "热线应办结件数", "统计期内办理期限届满的热线件数", source=HOTLINE)
count("hotline.closed_on_time", "热线按期办结件数", "在办理期限内办结的热线件数", source=HOTLINE)
rate("hotline.on_time_rate", "12345热线按期办结率", "按期办结件数", "应办结件数", basis="应办结", num="hotline.closed_on_time", den="hotline.due", source=HOTLINE, aliases=("按期办结率",), value_only=True)
rate("hotline.feedback_rate", "热线反馈率", "已向诉求人反馈的件数", "热线受理件数", basis="受理", den="hotline.received", source=HOTLINE, aliases=("反馈率",), value_only=True)
rate("hotline.satisfaction_rate", "热线满意率", "回访满意的件数", "回访件数", basis="回访", source=HOTLINE, aliases=("满意率",), value_only=True)

# --- 政务公开 ---------------------------------------------------------------------------------------
count("information_disclosure.proactive", "主动公开信息条数", "在政府网站等主动公开的信息条数", unit="条", source="《政府信息公开条例》（2019）第十九条至第二十六条")
count("information_disclosure.proactive.government", "主动公开政府信息条数", "主动公开信息中的政府信息条数", unit="条", part_of="information_disclosure.proactive", source="《政府信息公开条例》（2019）", partial=True)
count("information_disclosure.requests", "政府信息公开申请件数", "收到的依申请公开政府信息申请件数", source="《政府信息公开条例》（2019）第二十七条")

# --- 行政规范性文件 ---------------------------------------------------------------------------------
count("normative_document.issued", "制定行政规范性文件数", "本级政府制定（印发）的行政规范性文件数", source=NORMATIVE, aliases=("行政规范性文件数",))
count("normative_document.issued_by_departments", "部门制定行政规范性文件数", "政府工作部门制定的行政规范性文件数", source=NORMATIVE)
count("normative_document.reviewed", "经合法性审核的行政规范性文件数", "提交审议前经司法行政部门合法性审核的文件数", source="国务院办公厅关于全面推行行政规范性文件合法性审核机制的指导意见（国办发〔2018〕115号）")
count("normative_document.filed", "按时报备的行政规范性文件数", "在规定时限内向上级政府和本级人大常委会备案的文件数", source=NORMATIVE)
rate("normative_document.review_rate", "行政规范性文件合法性审核率", "经合法性审核的文件数", "制定的文件数", basis="制定", num="normative_document.reviewed", den="normative_document.issued", source="国办发〔2018〕115号", aliases=("审查率", "合法性审核率"), value_only=True)
rate("normative_document.filing_rate", "行政规范性文件备案率", "按时报备的文件数", "制定的文件数", basis="制定", num="normative_document.filed", den="normative_document.issued", source=NORMATIVE, aliases=("备案率",), value_only=True)
rate("normative_document.error_free_rate", "行政规范性文件无差错率", "备案审查未发现问题的文件数", "制定的文件数", basis="制定", den="normative_document.issued", source=NORMATIVE, aliases=("无差错率",), value_only=True)
rate("normative_document.publication_rate", "行政规范性文件公布率", "统一公布的文件数", "制定的文件数", basis="制定", den="normative_document.issued", source=NORMATIVE, aliases=("公布率",), value_only=True)

# --- 合法性审查 -------------------------------------------------------------------------------------
count("legality_review.documents", "合法性审查文件数", "司法行政部门审查的各类文件数（规范性文件、合同协议及其他）", source="国办发〔2018〕115号；《重大行政决策程序暂行条例》第二十五条", aliases=("审查文件数",))
count("legality_review.documents.normative", "审查行政规范性文件数", "合法性审查文件中的行政规范性文件数", part_of="legality_review.documents", source="国办发〔2018〕115号")
count("legality_review.documents.contracts", "审查合同、协议数", "合法性审查文件中的合同、协议数", part_of="legality_review.documents", source="国办发〔2018〕115号")
count("legality_review.documents.other", "审查其他文件数", "合法性审查文件中的其他文件数", part_of="legality_review.documents", source="国办发〔2018〕115号")
count("legality_review.legal_affairs", "参与办理政府法律事务件数", "司法行政部门参与办理的政府法律事务件数", source="《关于推行法律顾问制度和公职律师公司律师制度的意见》")
count("legality_review.opinions", "出具法律审查意见书份数", "出具的法律审查意见书份数", unit="份", source="国办发〔2018〕115号")

# --- 重大行政决策 -----------------------------------------------------------------------------------
count("major_decision.made", "作出重大行政决策事项数", "本级政府作出的重大行政决策事项数", source="《重大行政决策程序暂行条例》（国务院令第713号）")
count("major_decision.legality_reviewed", "经合法性审查的重大行政决策数", "提交讨论前经合法性审查的决策事项数", source="《重大行政决策程序暂行条例》第二十五条")
count("major_decision.public_participation", "公开征求意见的重大行政决策数", "履行公众参与程序的决策事项数", source="《重大行政决策程序暂行条例》第十四条")
rate("major_decision.legality_review_rate", "重大行政决策合法性审查率", "经合法性审查的决策数", "作出的决策数", basis="作出", num="major_decision.legality_reviewed", den="major_decision.made", source="《重大行政决策程序暂行条例》第二十五条", value_only=True)

# --- 行政执法 ---------------------------------------------------------------------------------------
count("enforcement.bodies", "行政执法主体数", "确认并公示的行政执法主体个数", unit="个", period="统计期末", source=ENFORCEMENT, aliases=("执法主体",))
count("enforcement.officers", "行政执法人员数", "持证的行政执法人员人数", unit="人", period="统计期末", source=ENFORCEMENT, aliases=("执法人员",))
count("enforcement.certificates_issued", "申领换发行政执法证件数", "完成考试申领及换发的行政执法证件数", unit="张", source=ENFORCEMENT)
count("enforcement.supervision_certificates", "行政执法监督证件数", "申领换发的行政执法监督证件数", unit="张", source=ENFORCEMENT)
count("enforcement.exam_registered", "行政执法资格考试报名人数", "报名参加行政执法人员资格考试的人数", unit="人", source=ENFORCEMENT)
count("enforcement.exam_passed", "行政执法资格考试通过人数", "资格考试终审通过的人数", unit="人", source=ENFORCEMENT)
rate("enforcement.exam_pass_rate", "行政执法资格考试通过率", "通过人数", "报名人数", basis="报名", num="enforcement.exam_passed", den="enforcement.exam_registered", source=ENFORCEMENT)
count("enforcement.acts", "行政执法决定数", "作出的行政执法决定数（按执法行为种类）", source=ENFORCEMENT, aliases=("执法决定数",))
for _kind, _label in (
    ("penalty", "行政处罚"),
    ("licence", "行政许可"),
    ("coercion", "行政强制"),
    ("inspection", "行政检查"),
    ("levy", "行政征收征用"),
    ("payment", "行政给付"),
    ("ruling", "行政裁决"),
    ("confirmation", "行政确认"),
    ("other", "其他行政执法行为"),
):
    count(f"enforcement.acts.{_kind}", f"{_label}决定数", f"作出的{_label}决定数", part_of="enforcement.acts", source=ENFORCEMENT)
count("enforcement.cases_entered", "录入执法案件数", "在行政执法综合管理监督平台录入的执法案件数", source=ENFORCEMENT)
count("enforcement.cases_transferred", "移送案件数", "依法移送有管辖权机关（含涉嫌犯罪移送司法机关）的案件数", source="《行政执法机关移送涉嫌犯罪案件的规定》")
count("enforcement.case_files_submitted", "报送评查的执法案卷数", "各执法部门报送的行政执法案卷数", unit="件", source=ENFORCEMENT)
count("enforcement.case_files_reviewed", "评查执法案卷数", "抽取评查的行政执法案卷数", unit="件", source=ENFORCEMENT, aliases=("案卷评查数",))
rate("enforcement.case_file_review_rate", "行政执法案卷抽查率", "评查案卷数", "报送案卷数", basis="报送", num="enforcement.case_files_reviewed", den="enforcement.case_files_submitted", source=ENFORCEMENT)
count("enforcement.publicity_units", "开展事前公开的执法单位数", "按要求开展执法事前公开的行政执法单位数", unit="个", period="统计期末", source=ENFORCEMENT)
count("enforcement.decision_publicity_units", "公示执法决定的单位数", "公示行政执法决定的单位数", unit="个", period="统计期末", source=ENFORCEMENT)
count("enforcement.discretion_units", "公示裁量基准的执法单位数", "公示并适用行政执法裁量基准的单位数", unit="个", period="统计期末", source="国务院办公厅关于进一步规范行政裁量权基准制定和管理工作的意见（国办发〔2022〕27号）")
count("enforcement.supervised_units", "开展执法监督（督察）的单位数", "开展实地督察及行政执法监督的单位数", unit="个", source=ENFORCEMENT)
count("enforcement.trained", "执法培训参训人数", "参加行政执法专题培训的人数", unit="人", source=ENFORCEMENT)
count("enforcement.exempt_list_units", "制定免罚清单的执法单位数", "制定轻微违法免罚清单的执法单位数", unit="个", period="统计期末", source="《行政处罚法》（2021）第三十三条")

# --- 双随机、一公开 ---------------------------------------------------------------------------------
count("random_inspection.items", "抽查事项总数", "检查实施清单中的抽查事项数", unit="项", period="统计期末", source="国务院关于在市场监管领域全面推行部门联合“双随机、一公开”监管的意见（国发〔2019〕5号）", aliases=("检查实施清单数",))
count("random_inspection.items.random", "双随机抽查事项数", "纳入“双随机、一公开”方式的抽查事项数", unit="项", part_of="random_inspection.items", period="统计期末", source="国发〔2019〕5号", aliases=("双随机类型",), partial=True)
count("random_inspection.items.key", "重点监管事项数", "实行重点监管的抽查事项数", unit="项", part_of="random_inspection.items", period="统计期末", source="国发〔2019〕5号", aliases=("重点监管类型",), partial=True)
count("random_inspection.inspectors", "双随机检查人员数", "执法检查人员名录库中的检查人员数", unit="人", period="统计期末", source="国发〔2019〕5号", aliases=("检查人员",))
count("random_inspection.objects", "双随机检查对象数", "检查对象名录库中的检查对象数", unit="家", period="统计期末", source="国发〔2019〕5号", aliases=("检查对象",))
count("random_inspection.officer_visits", "出动执法人员人次", "双随机抽查、专项行动等检查出动的执法人员人次", unit="人次", source="国发〔2019〕5号")
count("random_inspection.enterprise_visits", "检查企业家次", "检查的企业家次", unit="家次", source="国发〔2019〕5号")
rate("random_inspection.item_share", "双随机抽查事项占比", "纳入“双随机、一公开”方式的抽查事项数", "抽查事项总数", basis="抽查事项", num="random_inspection.items.random", den="random_inspection.items", period="统计期末抽查事项清单", source="国办发〔2015〕58号", aliases=("双随机事项与总事项占比",))

# --- 社会信用 ---------------------------------------------------------------------------------------
count("credit.penalties_published", "公示行政处罚信息条数", "“双公示”公示的行政处罚信息条数", unit="条", source="国办发〔2015〕51号")
count("credit.licences_published", "公示行政许可信息条数", "“双公示”公示的行政许可信息条数", unit="条", source="国办发〔2015〕51号")
count("credit.repairs", "信用修复件数", "完成信用修复的件数", source="《失信行为纠正后的信用信息修复管理办法（试行）》（国家发展改革委令第58号）")
count("credit.commitments", "信用承诺件数", "签署信用承诺书的件数", source="国发〔2016〕33号")
count("credit.quiet_day_units", "实行“企业安静日”的单位数", "实行“企业安静日”制度的执法单位数", unit="个", period="统计期末", source="优化营商环境相关规定")

# --- 人大政协监督 -----------------------------------------------------------------------------------
count("deputies.npc_suggestions", "办理人大代表建议（议案）件数", "办理的人大议案、代表建议件数", source="《全国人民代表大会和地方各级人民代表大会代表法》第四十四条", aliases=("人大议案、代表建议",))
rate("deputies.npc_reply_rate", "人大代表建议办复率", "按时办复的件数", "办理的件数", basis="办理", den="deputies.npc_suggestions", source="代表法第四十四条", aliases=("办复率", "答复率"), value_only=True)
rate("deputies.npc_satisfaction_rate", "人大代表建议满意率", "代表表示满意的件数", "办复的件数", basis="办复", den="deputies.npc_suggestions", source="代表法第四十四条", value_only=True)
count("deputies.cppcc_proposals", "办理政协委员提案件数", "办理的政协委员提案件数", source="《中国人民政治协商会议章程》", aliases=("政协委员提案",))
rate("deputies.cppcc_reply_rate", "政协提案办复率", "按时办复的件数", "办理的件数", basis="办理", den="deputies.cppcc_proposals", source="政协提案工作条例", value_only=True)
rate("deputies.cppcc_satisfaction_rate", "政协提案满意率", "委员表示满意的件数", "办复的件数", basis="办复", den="deputies.cppcc_proposals", source="政协提案工作条例", value_only=True)

# --- 人民调解 ---------------------------------------------------------------------------------------
count("mediation.screened", "排查纠纷件数", "排查的各类矛盾纠纷件数", source=MEDIATION)
count("mediation.screening_rounds", "开展纠纷排查次数", "开展矛盾纠纷排查的次数", unit="次", source=MEDIATION)
count("mediation.accepted", "符合受理的纠纷件数", "排查纠纷中符合受理条件的件数", source=MEDIATION)
count("mediation.mediated", "调解纠纷件数", "调解（调处）的各类矛盾纠纷件数", source=MEDIATION, aliases=("调处纠纷件数", "调处件数"))
count("mediation.mediated_success", "调解成功件数", "调解成功（达成协议或调结）的件数", source=MEDIATION, aliases=("调处成功件数",))
rate("mediation.success_rate", "调解成功率", "调解成功件数", "调解纠纷件数", basis="调解", num="mediation.mediated_success", den="mediation.mediated", source=MEDIATION, aliases=("成功率", "调处成功率"))
rate("mediation.mediation_rate", "矛盾纠纷调解率", "调解纠纷件数", "符合受理的纠纷件数", basis="受理", num="mediation.mediated", den="mediation.accepted", source=MEDIATION, aliases=("调解率",), value_only=True)
count("mediation.prevented", "预防纠纷件数", "通过排查预防的纠纷件数", source=MEDIATION)
count("mediation.joint", "联动调解纠纷件数", "各部门、司法所联动调解的纠纷件数", source=MEDIATION)
count("mediation.petitions_persuaded", "劝回上访件数", "调解中劝回上访的件数", source=MEDIATION)
count("mediation.crimes_prevented", "防止民转刑件数", "防止民事纠纷转化为刑事案件的件数", source=MEDIATION)
count("mediation.mediators", "人民调解员人数", "人民调解员人数", unit="人", period="统计期末", source=MEDIATION)
count("mediation.mediators.full_time", "专职人民调解员人数", "专职人民调解员人数", unit="人", part_of="mediation.mediators", period="统计期末", source=MEDIATION, partial=True)
count("mediation.organisations", "人民调解组织数", "基层人民调解组织个数", unit="个", period="统计期末", source=MEDIATION)
count("mediation.land_disputes", "三大纠纷立案件数", "土地、山林、水利权属纠纷立案件数", source="《土地管理法》第十四条、《森林法》第二十二条、《水法》第五十六条至第五十七条")
count("mediation.land_disputes_settled", "三大纠纷调结件数", "三大纠纷调结件数（下文裁决＋协议结案）", source="《土地管理法》第十四条")
count("mediation.land_disputes_settled.ruling", "三大纠纷下文裁决件数", "以下文裁决结案的件数", part_of="mediation.land_disputes_settled", source="《土地管理法》第十四条")
count("mediation.land_disputes_settled.agreement", "三大纠纷协议结案件数", "以协议结案的件数", part_of="mediation.land_disputes_settled", source="《土地管理法》第十四条")
rate("mediation.land_dispute_settlement_rate", "三大纠纷调结率", "土地、山林、水利权属纠纷调结件数（下文裁决＋协议结案）", "三大纠纷立案件数", basis="立案", num="mediation.land_disputes_settled", den="mediation.land_disputes", period="立案日期在统计期内", source="《土地管理法》第十四条、《森林法》第二十二条、《水法》第五十六条至第五十七条", aliases=("调结率",))

# --- 信访 -------------------------------------------------------------------------------------------
count("petition.assigned", "交办信访事项件数", "上级交办的信访事项（矛盾纠纷排查案件）件数", source=PETITION)
count("petition.assigned.substantive", "实体性化解件数", "交办事项中实体性化解的件数", part_of="petition.assigned", source=PETITION, partial=True)
count("petition.assigned.procedural", "程序性办结件数", "交办事项中程序性办结的件数", part_of="petition.assigned", source=PETITION, partial=True)
rate("petition.substantive_resolution_rate", "信访事项实体性化解率", "实体性化解的交办信访事项件数", "交办信访事项件数", basis="交办", num="petition.assigned.substantive", den="petition.assigned", period="交办日期在统计期内", source=PETITION, aliases=("实体性化解率",))
rate("petition.procedural_closure_rate", "信访事项程序性办结率", "程序性办结的交办信访事项件数", "交办信访事项件数", basis="交办", num="petition.assigned.procedural", den="petition.assigned", source=PETITION, aliases=("程序性办结率",))
count("petition.backlog", "信访积案件数", "落实领导包案的重复信访积案件数", source=PETITION)
count("petition.backlog_closed", "信访积案办结件数", "年内办结的信访积案件数", source=PETITION)
rate("petition.backlog_closure_rate", "信访积案办结率", "办结的积案件数", "积案件数", basis="积案", num="petition.backlog_closed", den="petition.backlog", source=PETITION, aliases=("积案办结率",))

# --- 法律顾问 ---------------------------------------------------------------------------------------
ADVISER = "中共中央办公厅、国务院办公厅《关于推行法律顾问制度和公职律师公司律师制度的意见》"
count("legal_adviser.documents_drafted", "村（社区）法律顾问起草修改法律文书数", "为群众起草、修改的法律文书份数", unit="份", source=ADVISER)
count("legal_adviser.opinions", "村（社区）法律顾问提供法律意见件数", "为村（社区）提供的法律意见件数", source=ADVISER)
count("legal_adviser.disputes", "法律顾问参与化解矛盾纠纷件数", "参与化解的矛盾纠纷件数", source=ADVISER)
count("legal_adviser.consultations", "法律顾问解答法律咨询人次", "为群众提供法律咨询的人次", unit="人次", source=ADVISER)
count("legal_adviser.lectures", "法律顾问开展讲座场次", "开展法治讲座的场次", unit="场次", source=ADVISER)
count("legal_adviser.contracts_reviewed", "政府法律顾问审查合同协议数", "审查修改的合同、协议、方案等份数", unit="份", source=ADVISER)
count("legal_adviser.offices", "法律顾问工作室数", "设立的法律顾问工作室个数", unit="个", period="统计期末", source=ADVISER)
count("legal_adviser.public_lawyer_units", "设立公职律师的单位数", "设立公职律师（办公室）的单位数", unit="个", period="统计期末", source=ADVISER)
declare("legal_adviser.lawyers_per_10k", "律师万人比", "人/万人", "执业律师人数", out_of="常住人口（万人）", basis="常住人口", period="统计期末", source=ADVISER, value_only=True)

# --- 法律援助、公证 ---------------------------------------------------------------------------------
count("legal_aid.cases", "法律援助案件数", "办理的法律援助案件数", source="《法律援助法》")
count("legal_aid.cases.civil", "民事法律援助案件数", "法律援助案件中的民事案件数", part_of="legal_aid.cases", source="《法律援助法》")
count("legal_aid.cases.criminal", "刑事法律援助案件数", "法律援助案件中的刑事案件数", part_of="legal_aid.cases", source="《法律援助法》")
count("legal_aid.cases.administrative", "行政法律援助案件数", "法律援助案件中的行政案件数", part_of="legal_aid.cases", source="《法律援助法》")
count("legal_aid.recipients", "法律援助受援人数", "获得法律援助的困难群众人数", unit="人", source="《法律援助法》")
declare("legal_aid.recovered", "法律援助挽回经济损失", "万元", "为受援人挽回的经济损失（元）", source="《法律援助法》")
count("notary.matters", "办理公证事项数", "公证机构办理的公证事项件数", source="《公证法》")
count("legal_aid.stations", "公共法律服务工作站数", "完成标准化规范化建设的公共法律服务工作站数", unit="个", source="《关于加快推进公共法律服务体系建设的意见》")
count("legal_aid.reconsideration_points", "行政复议代办点数", "设立的行政复议代办点个数", unit="个", period="统计期末", source="《行政复议法》（2023）第三十二条")

# --- 普法和学法 -------------------------------------------------------------------------------------
count("legal_education.legal_literates", "“法律明白人”人数", "培育的村（社区）“法律明白人”人数", unit="人", period="统计期末", source="《乡村“法律明白人”培养工作规范（试行）》", aliases=("法律明白人",))
count("legal_education.legal_literates_trained", "轮训“法律明白人”骨干人数", "接受教育轮训的“法律明白人”骨干人数", unit="人", source="《乡村“法律明白人”培养工作规范（试行）》")
count("legal_education.leader_study_sessions", "领导干部集体学法次数", "县处级领导干部（常务会、中心组）集体学法次数", unit="次", source="《领导干部学法用法制度》", aliases=("学法次数",))
count("legal_education.lectures", "法治专题讲座期数", "举办的法治专题讲座期数", unit="期", source=EDUCATION)
rate("legal_education.staff_exam_study_rate", "国家工作人员学法用法参学率", "参加学习的人数", "应参学人数", basis="应参学", source=EDUCATION, aliases=("参学率",), value_only=True)
rate("legal_education.staff_exam_participation_rate", "国家工作人员学法用法考试参考率", "参加考试的人数", "应参考人数", basis="应参考", source=EDUCATION, aliases=("参考率",), value_only=True)
rate("legal_education.staff_exam_pass_rate", "国家工作人员学法用法考试合格率", "考试合格的人数", "参加考试的人数", basis="参考", source=EDUCATION, aliases=("合格率",), value_only=True)
count("legal_education.court_hearings", "组织旁听庭审次数", "组织国家工作人员旁听庭审的次数", unit="次", source=EDUCATION)
count("legal_education.court_hearing_attendees", "旁听庭审人数", "参加旁听庭审的领导干部人数", unit="人", source=EDUCATION)
count("legal_education.responsibility_units", "制定普法责任清单的单位数", "制定“谁执法谁普法”责任清单的单位数", unit="个", source=EDUCATION)
count("legal_education.responsibility_items", "普法责任清单任务措施条数", "“谁执法谁普法”任务措施清单条数", unit="条", source=EDUCATION)
count("legal_education.lecture_attendees", "参加法治讲座人数", "参加法治讲座的干部群众人数", unit="人", source=EDUCATION)
count("legal_education.lecture_halls", "法治讲堂数", "建立的村级法治讲堂所数", unit="所", period="统计期末", source=EDUCATION)
count("legal_education.libraries", "法治图书室（角）数", "建立的法治图书室（角）个数", unit="个", period="统计期末", source=EDUCATION)
count("legal_education.volunteer_teams", "法治志愿者队伍数", "组建的法治志愿者队伍支数", unit="支", period="统计期末", source=EDUCATION)
count("legal_education.notice_boards", "法治宣传栏数", "设置的固定法治宣传栏块数", unit="块", period="统计期末", source=EDUCATION)
count("legal_education.school_classes", "法治副校长授课节数", "法治副校长到学校上法治教育课节数", unit="节", source=EDUCATION)

# --- 党政主要负责人履职 -----------------------------------------------------------------------------
LEADERS = "《党政主要负责人履行推进法治建设第一责任人职责规定》"
count("leadership.party_committee_hearings", "党委常委会听取法治建设汇报次数", "党委常委会听取推进法治建设工作汇报的次数", unit="次", source=LEADERS)
count("leadership.executive_meetings", "政府常务会研究法治政府建设次数", "政府常务会议专题研究部署法治政府建设的次数", unit="次", source=LEADERS)
count("leadership.executive_law_study", "政府常务会学法次数", "政府常务会议学法次数", unit="次", source=LEADERS)
count("leadership.inspected_units", "法治政府建设督察单位数", "开展实地督察的单位数", unit="个", source="《法治政府建设与责任落实督察工作规定》")


# --- more figures the seed reports print ------------------------------------------------------------
count("government_service.free_mail", "免费邮寄件数", "为企业群众免费邮寄的件数", source=GOV_SERVICE)
count("government_service.free_copies", "免费复印次数", "为企业群众免费复印的次数", unit="次", source=GOV_SERVICE)
declare("government_service.savings.seal", "免费刻章节省资金", "万元", "免费刻章为企业节省的资金（元）", part_of="government_service.savings", source=GOV_SERVICE, partial=True)
declare("government_service.savings.mail", "免费邮寄节省资金", "万元", "免费邮寄为企业群众节省的资金（元）", part_of="government_service.savings", source=GOV_SERVICE, partial=True)
declare("government_service.savings.copy", "免费复印节省资金", "万元", "免费复印为企业群众节省的资金（元）", part_of="government_service.savings", source=GOV_SERVICE, partial=True)
count("government_service.home_visits", "主动上门服务次数", "开展主动上门服务的次数", unit="次", source=GOV_SERVICE)
count("government_service.enterprises_served", "上门服务企业数", "主动上门服务的企业数", unit="家", source=GOV_SERVICE)
count("government_service.data_sharing_units", "数据共享平台接入单位数", "接入政务数据共享平台的单位数", unit="家", period="统计期末", source=GOV_SERVICE)
count("government_service.data_resources", "挂载数据资源条数", "数据共享平台挂载的数据资源条数", unit="条", period="统计期末", source=GOV_SERVICE)
count("government_service.data_records", "汇聚政务信息数据条数", "汇聚的各类政务信息数据条数", unit="条", period="统计期末", source=GOV_SERVICE)
count("government_service.data_calls", "数据接口调用次数", "数据接口累计被调用的次数", unit="次", period="统计期末", source=GOV_SERVICE)
count("mediation.screened.committees", "人民调解组织排查纠纷件数", "各人民调解组织排查的纠纷件数", part_of="mediation.screened", source=MEDIATION)
count("mediation.screened.departments", "镇和职能部门排查纠纷件数", "各镇、职能部门排查的纠纷（案件）件数", part_of="mediation.screened", source=MEDIATION)
count("mediation.mediated.committees", "人民调解组织调解件数", "各人民调解组织调解的纠纷件数", part_of="mediation.mediated", source=MEDIATION)
count("mediation.mediated.departments", "镇和职能部门调处件数", "各镇、职能部门调处的纠纷件数", part_of="mediation.mediated", source=MEDIATION)
for _kind, _label in (
    ("agreement", "调解达成协议"),
    ("ruling", "行政裁决"),
    ("settled", "调结"),
    ("pending", "正在处理"),
):
    count(f"mediation.mediated.departments.{_kind}", f"镇和职能部门调处：{_label}", f"镇和职能部门调处纠纷中{_label}的件数", part_of="mediation.mediated.departments", source=MEDIATION)
count("mediation.mediated_success.committees", "人民调解组织调解成功件数", "各人民调解组织调解成功的件数", part_of="mediation.mediated_success", source=MEDIATION, partial=True)
count("mediation.joint_difficult", "联动调解疑难重大纠纷件数", "司法所与法庭、派出所等联动调解的疑难重大纠纷件数", source=MEDIATION)
count("mediation.joint_difficult_success", "联动调解疑难重大纠纷成功件数", "联动调解疑难重大纠纷中调解成功的件数", source=MEDIATION)
count("mediation.land_dispute_backlog", "三大纠纷历年积案件数", "统计期内调处的三大纠纷历年积案件数", source="《土地管理法》第十四条")
count("mediation.land_dispute_backlog_settled", "三大纠纷积案调结件数", "历年积案中调结的件数", source="《土地管理法》第十四条")
count("mediation.land_dispute_backlog_settled.ruling", "三大纠纷积案下文裁决件数", "积案中以下文裁决结案的件数", part_of="mediation.land_dispute_backlog_settled", source="《土地管理法》第十四条")
count("mediation.land_dispute_backlog_settled.agreement", "三大纠纷积案协议结案件数", "积案中以协议结案的件数", part_of="mediation.land_dispute_backlog_settled", source="《土地管理法》第十四条")
rate("mediation.land_dispute_backlog_rate", "三大纠纷积案调结率", "积案调结件数", "积案件数", basis="积案", num="mediation.land_dispute_backlog_settled", den="mediation.land_dispute_backlog", source="《土地管理法》第十四条")
count("legal_adviser.lecture_consultations", "法律顾问讲座中解答咨询人次", "开展讲座时解答群众法律咨询的人次", unit="人次", source=ADVISER)
for _kind, _label in (
    ("disabled", "残疾人"),
    ("elderly", "老年人"),
    ("minors", "未成年人"),
    ("women", "妇女"),
    ("migrant_workers", "农民工"),
    ("farmers", "农民"),
    ("ethnic_minorities", "少数民族群众"),
    ("veterans", "退役军人及军人家属"),
):
    count(f"legal_aid.beneficiaries.{_kind}", f"法律援助：{_label}", f"为{_label}提供法律援助（帮助）的件数（人数）", source="《法律援助法》第四十二条")
count("legal_aid.judicial_relief_cases", "国家司法救助案件数", "实施国家司法救助的案件起数", unit="起", source="《关于建立完善国家司法救助制度的意见（试行）》")
count("legal_aid.judicial_relief_people", "国家司法救助人数", "获得国家司法救助的人数", unit="人", source="《关于建立完善国家司法救助制度的意见（试行）》")
declare("legal_aid.judicial_relief_amount", "国家司法救助金额", "万元", "发放的国家司法救助金（元）", source="《关于建立完善国家司法救助制度的意见（试行）》")
count("legal_aid.law_firms", "律师事务所数", "辖区律师事务所家数", unit="家", period="统计期末", source="《律师法》")
count("legal_aid.grassroots_offices", "基层法律服务所数", "辖区基层法律服务所家数", unit="家", period="统计期末", source="《基层法律服务所管理办法》")
count("legal_aid.workers_reported", "报告取缔执业资格的法律服务工作者人数", "因不符合资质报告上级司法行政机关的基层法律服务工作者人数", unit="人", source="《基层法律服务工作者管理办法》")
count("legal_education.promotion_meetings", "“法律明白人”工作推进会次数", "召开“法律明白人”工作推进会的次数", unit="次", source="《乡村“法律明白人”培养工作规范（试行）》")
count("legal_education.training_classes", "“法律明白人”骨干轮训班次数", "开办“法律明白人”骨干轮训班的次数", unit="次", source="《乡村“法律明白人”培养工作规范（试行）》")
count("legal_education.books", "法治类图书册数", "村级法治图书室（角）的法治类图书册数", unit="册", period="统计期末", source=EDUCATION)
count("legal_education.volunteers", "法治志愿者人数", "法治志愿者队伍的人数", unit="人", period="统计期末", source=EDUCATION)
count("legal_education.performance_audience", "观看法治文艺巡演人数", "观看法治文艺巡演的群众人数", unit="人", source=EDUCATION)
count("legal_education.consultations", "普法活动解答法律咨询次数", "普法宣传活动中解答法律咨询的次数", unit="次", source=EDUCATION)
count("leadership.theory_study_sessions", "党委（中心组）专题学习次数", "党委常委会、理论学习中心组专题学习法治思想等的次数", unit="次", source=LEADERS)
count("leadership.executive_theory_study", "政府常务会专题学习法治思想次数", "政府常务会议专题学习习近平法治思想等的次数", unit="次", source=LEADERS)
count("emergency.incidents_handled", "依法处置突发事件件数", "依法处置的各类突发事件件数", source="《突发事件应对法》")
count("enforcement.three_systems_units", "实施执法三项制度的执法机关数", "接受监督、实施行政执法三项制度的行政执法机关数", unit="个", period="统计期末", source=ENFORCEMENT)
count("enforcement.platform_units", "使用执法监督平台的执法单位数", "使用行政执法综合管理监督平台的执法单位数", unit="个", period="统计期末", source=ENFORCEMENT)
count("legal_affairs.answers_filed", "提交答复书、答辩状份数", "组织各部门提交的行政复议答复书及行政诉讼答辩状份数", unit="份", source="《行政诉讼法》第六十七条；《行政复议法》第四十八条")
count("legal_affairs.appearances_organised", "组织出庭应诉件数", "按规定组织人员出庭应诉的案件数", source="《行政诉讼法》第三条第三款")
count("government_service.certificate_commitment_units", "公布告知承诺制证明事项的单位数", "公布实行告知承诺制证明事项的单位（部门）数", unit="个", period="统计期末", source="国办发〔2020〕42号")
# fmt: on


# --- figures a county adds (on the 指标目录 screen) ---------------------------------------------------


def county_figure_create(
    *,
    actor,
    region_code: str,
    name: str,
    kind: str,
    unit: str = "",
    definition: str,
    out_of: str = "",
    basis: str = "",
    source: str = "",
    part_of: str = "",
    numerator_code: str = "",
    denominator_code: str = "",
):
    """Add a figure of the county's own to the catalogue (code ``local.<区划代码>_<序号>``); one
    audit row. Refused with Chinese messages: a name already in the catalogue, a rate without its
    denominator, parts that are not catalogue codes."""
    from django.core.exceptions import ValidationError
    from django.db import IntegrityError, transaction

    from fazhi.core.audit.services import record
    from fazhi.indicators import registry
    from fazhi.indicators.models_catalogue import CountyFigure, FigureKind

    name = (name or "").strip()
    errors = {}
    taken = next((i for i in registry.all_indicators() if name in (i.name, *i.aliases)), None)
    if taken is not None:
        errors["name"] = f"目录中已有“{taken.name}”（{taken.code}），请直接使用或另取名称。"
    units = {FigureKind.RATE: "%", FigureKind.MONEY: "万元"}
    unit = units.get(kind, (unit or "").strip())
    if kind == FigureKind.COUNT and (not unit or unit in ("%", "万元")):
        errors["unit"] = "数量指标请填写计量单位，如 件、人、次、项。"
    if kind == FigureKind.RATE and not (out_of or "").strip():
        errors["out_of"] = "比率须写明分母统计什么。"
    for field, code in (
        ("part_of", part_of),
        ("numerator_code", numerator_code),
        ("denominator_code", denominator_code),
    ):
        if code:
            try:
                registry.get(code)
            except registry.UnknownIndicator as exc:
                errors[field] = exc.message
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        used = CountyFigure.objects.filter(region_code=region_code).count()
        for attempt in range(1, 20):
            code = f"{registry.LOCAL_PREFIX}{region_code}_{used + attempt:03d}"
            try:
                with transaction.atomic():
                    figure = CountyFigure.objects.create(
                        code=code,
                        region_code=region_code,
                        name=name,
                        kind=kind,
                        unit=unit,
                        definition=definition.strip(),
                        out_of=(out_of or "").strip(),
                        basis=(basis or "").strip(),
                        source=(source or "").strip(),
                        part_of=part_of,
                        numerator_code=numerator_code,
                        denominator_code=denominator_code,
                        created_by=actor if getattr(actor, "pk", None) else None,
                    )
                break
            except IntegrityError:
                if CountyFigure.objects.filter(name=name).exists():
                    raise ValidationError({"name": f"目录中已有“{name}”。"}) from None
        record(
            "indicators.county_figure",
            obj=figure,
            user=actor,
            object_repr=f"新增本地指标：{figure.name}（{figure.code}）",
            detail={"code": figure.code, "unit": figure.unit, "kind": figure.kind},
        )
    return figure
