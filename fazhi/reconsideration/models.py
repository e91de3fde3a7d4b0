"""行政复议案件 and its parties.

Which law governs a case is decided by its date, never by a flag: the 2017 《行政复议法》 governs
cases received up to 2023-12-31, the 2023 revision those received from 2024-01-01 (2023 法第九十条;
docs/statutes.md §规则版本). The decision types a case may end with follow from that version.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models

from fazhi.core.crypto.fields import EncryptedCharField, IdentifierQuerySet
from fazhi.core.kit import querycode
from fazhi.core.kit.cases import CaseQuerySet
from fazhi.core.kit.functions import organisation_named
from fazhi.core.kit.numbering import Series
from fazhi.core.kit.parties import ActType, ChallengedActBase, PartyBase
from fazhi.core.kit.versions import StatuteVersioned, StatuteVersions
from fazhi.core.models import OrgFunction, ScopedModel
from fazhi.core.validators import validate_id_number, validate_phone, validate_uscc
from fazhi.core.workflow.models import WorkflowModel

# --- rule versions by date ------------------------------------------------------------------------

LAW_2023_EFFECTIVE = dt.date(2024, 1, 1)  # 《行政复议法》(2023修订) 第九十条: 自2024年1月1日起施行


def forwarding_problem(case) -> dict | None:
    """2023 法第三十二条: only a 行政处罚决定 (made on the spot or on camera evidence) may be applied for
    through the organ that made it, under the 2023 text, and that organ received it no later than
    the 复议机关 did."""
    forwarded = case.channel == "forwarded"
    if not forwarded:
        return (
            {"forwarded_from_on": "只有经作出行政处罚决定的机关转交的申请才填写此日期。"}
            if case.forwarded_from_on
            else None
        )
    if case.received_on and case.received_on < LAW_2023_EFFECTIVE:
        return {"channel": "2024年1月1日前收到的申请适用2017年《行政复议法》，没有经处罚机关转交的规定。"}
    if case.act_type != "penalty":
        return {"channel": "经作出决定的机关转交仅适用于行政处罚决定（《行政复议法》第三十二条）。"}
    if not case.forwarded_from_on:
        return {
            "forwarded_from_on": "请填写作出行政处罚决定的机关收到申请的日期（《行政复议法》第三十二条）。"
        }
    if case.received_on and case.forwarded_from_on > case.received_on:
        return {"forwarded_from_on": "作出处罚决定的机关收到申请的日期不能晚于本机关收到申请的日期。"}
    return None


class LawVersion(models.TextChoices):
    V2017 = "2017", "2017年《行政复议法》"
    V2023 = "2023", "2023年《行政复议法》"


# The 《行政复议法》 text governing a case is the one in force on the day the application was received
# (2023 法第九十条); the case stores it (``law_version``) and every step, clock and document cites it.
LAW_VERSIONS = StatuteVersions(LawVersion, {LawVersion.V2023: LAW_2023_EFFECTIVE}, decided_by="received_on")
law_version_for = LAW_VERSIONS.version_for


def is_2017(record) -> bool:
    """``record`` (a case, or an 意见书 of a case, which reads its case's) follows the 2017 text."""
    return LAW_VERSIONS.of(record) == LawVersion.V2017


class Channel(models.TextChoices):
    # 2023 法第二十二条: 书面申请（邮寄、互联网渠道、当面提交）或口头申请（复议机关当场记录）.
    ONLINE = "online", "网上申请"
    IN_PERSON = "in_person", "当面递交"
    POST = "post", "邮寄"
    ORAL = "oral", "口头申请"
    # 2023 法第三十二条: 对当场作出或者依据电子技术监控设备记录的违法事实作出的行政处罚决定不服的，可以通过
    # 作出该决定的行政机关提交申请；该机关认为需要维持的，自收到之日起五日内转送行政复议机关.
    FORWARDED = "forwarded", "经作出行政处罚决定的机关转交"


# The act types are the kit's (fazhi.core.kit.parties.ActType), shared with every domain.


class DecisionType(models.TextChoices):
    """Every way a case can end. Which of them a case may use depends on its law version."""

    CHANGE = "change", "变更"
    REVOKE = "revoke", "撤销"
    PARTIAL_REVOKE = "partial_revoke", "部分撤销"
    CONFIRM_ILLEGAL = "confirm_illegal", "确认违法"
    ORDER_PERFORMANCE = "order_performance", "责令履行"
    CONFIRM_VOID = "confirm_void", "确认无效"
    UPHOLD = "uphold", "维持"
    REJECT_CLAIM = "reject_claim", "驳回复议请求"
    REJECT_APPLICATION = "reject_application", "驳回申请"
    REJECT = "reject", "驳回行政复议申请"
    MEDIATION = "mediation", "调解书"
    # 2023 法第七十一条: 不依法订立、不依法履行、未按照约定履行或者违法变更、解除行政协议 — 决定被申请人
    # 承担依法订立、继续履行、采取补救措施或者赔偿损失等责任，或者依法给予合理补偿 (no 2017 counterpart).
    AGREEMENT = "agreement", "责令承担行政协议责任"
    TERMINATED = "terminated", "终止"


# The article each decision type rests on, by law version; the keys, in order, are the types a case
# of that version may end with (2023 法第六十三条至第六十九条、第三十三条、第七十三条; 2017 法第二十八条
# 第一款, 实施条例第四十八条（驳回行政复议申请）、第五十条（调解）; docs/statutes.md §行政复议决定类型).
# An article of the 实施条例 names it; the others are articles of the 《行政复议法》 text of the version.
REGULATION = "《中华人民共和国行政复议法实施条例》"
DECISION_ARTICLES = {
    LawVersion.V2023: {
        DecisionType.CHANGE: "第六十三条",
        DecisionType.REVOKE: "第六十四条",
        DecisionType.PARTIAL_REVOKE: "第六十四条",
        DecisionType.CONFIRM_ILLEGAL: "第六十五条",
        DecisionType.ORDER_PERFORMANCE: "第六十六条",
        DecisionType.CONFIRM_VOID: "第六十七条",
        DecisionType.UPHOLD: "第六十八条",
        DecisionType.REJECT_CLAIM: "第六十九条",
        DecisionType.REJECT_APPLICATION: "第三十三条",
        DecisionType.MEDIATION: "第七十三条",
        DecisionType.AGREEMENT: "第七十一条",
    },
    LawVersion.V2017: {
        DecisionType.UPHOLD: "第二十八条第一款第（一）项",
        DecisionType.ORDER_PERFORMANCE: "第二十八条第一款第（二）项",
        DecisionType.REVOKE: "第二十八条第一款第（三）项",
        DecisionType.PARTIAL_REVOKE: "第二十八条第一款第（三）项",
        DecisionType.CHANGE: "第二十八条第一款第（三）项",
        DecisionType.CONFIRM_ILLEGAL: "第二十八条第一款第（三）项",
        DecisionType.REJECT: f"{REGULATION}第四十八条",
        DecisionType.MEDIATION: f"{REGULATION}第五十条",
    },
}


def decision_article(case, law: str, default: str = "") -> str:
    """The article a decision of ``case``'s type rests on under its law version, named in full:
    ``law`` is how the caller names that version's 《行政复议法》 (a 决定书 adds “（2017年修正）”),
    ``default`` the article cited when the type has none."""
    article = DECISION_ARTICLES.get(LAW_VERSIONS.of(case), {}).get(case.decision_type, default)
    return article if article.startswith("《") else f"{law}{article}"


# 纠错: the act is found wrong and corrected (docs/statutes.md §纠错率; 信息公开年报的"结果纠正").
CORRECTIVE = (
    DecisionType.REVOKE,
    DecisionType.PARTIAL_REVOKE,
    DecisionType.CHANGE,
    DecisionType.CONFIRM_ILLEGAL,
    DecisionType.CONFIRM_VOID,
    DecisionType.ORDER_PERFORMANCE,
    DecisionType.AGREEMENT,
)


def allowed_decisions(version: str) -> tuple[str, ...]:
    return tuple(DECISION_ARTICLES[version])


class Compensation(models.TextChoices):
    """行政赔偿 decided with the decision (2023 法第七十二条; 2017 法第二十九条)."""

    # 第一款: 一并提出行政赔偿请求 — 应当给予赔偿的，在决定撤销、部分撤销、变更或者确认违法、无效时同时决定.
    GRANTED = "granted", "决定被申请人依法给予赔偿"
    # 第一款: 依照《国家赔偿法》应当不予赔偿的，同时决定驳回行政赔偿请求.
    REFUSED = "refused", "驳回行政赔偿请求"
    # 第二款: 未提出赔偿请求，撤销、部分撤销或者变更罚款、没收财物、查封扣押冻结等的，同时责令返还.
    RETURN = "return", "责令返还财产、解除查封扣押冻结措施或者赔偿相应价款"


class SuspensionGround(models.TextChoices):
    """中止事由（2023 法第三十九条第一款）."""

    DEATH = "death", "作为申请人的公民死亡，其近亲属尚未确定是否参加行政复议"
    INCAPACITY = "incapacity", "作为申请人的公民丧失参加行政复议的行为能力，尚未确定法定代理人"
    MISSING = "missing", "作为申请人的公民下落不明"
    ORG_ENDED = "org_ended", "作为申请人的法人或者其他组织终止，尚未确定权利义务承受人"
    FORCE_MAJEURE = "force_majeure", "因不可抗力或者其他正当理由，不能参加行政复议"
    MEDIATION = "mediation", "依法进行调解、和解，申请人和被申请人同意中止"
    INTERPRETATION = "interpretation", "案件涉及的法律适用问题需要有权机关作出解释或者确认"
    DEPENDS = "depends", "案件审理需要以其他案件的审理结果为依据，而其他案件尚未审结"
    NORM_REVIEW = "norm_review", "依照第五十六条、第五十七条规定进行规范性文件审查"
    OTHER = "other", "需要中止行政复议的其他情形"


class TerminationGround(models.TextChoices):
    """终止事由（2023 法第四十一条）."""

    WITHDRAWN = "withdrawn", "申请人撤回行政复议申请，行政复议机构准予撤回"
    NO_HEIR = "no_heir", "作为申请人的公民死亡，没有近亲属或者其近亲属放弃行政复议权利"
    NO_SUCCESSOR = (
        "no_successor",
        "作为申请人的法人或者其他组织终止，没有权利义务承受人或者承受人放弃行政复议权利",
    )
    CRIMINAL = (
        "criminal",
        "申请人对行政拘留或者限制人身自由的行政强制措施不服申请行政复议后，因同一违法行为涉嫌犯罪，被采取刑事强制措施",
    )
    LONG_SUSPENSION = (
        "long_suspension",
        "依照第三十九条第一款第一项、第二项、第四项的规定中止行政复议满六十日，中止的原因仍未消除",
    )
    # 2017 text only: 实施条例第四十二条第一款第四项 (under the 2023 law a settlement leads to a
    # withdrawal, 第七十四条, recorded as WITHDRAWN with the withdrawal reason SETTLED).
    SETTLED = "settled", "申请人与被申请人经行政复议机构准许达成和解（2017年文本）"


# 中止事由 whose 60 日 without change ends the case (2023 法第四十一条第五项: 第三十九条第一款第一、
# 二、四项; 2017 实施条例第四十二条第二款: 第四十一条第一款第一、二、三项 — the same three facts).
LONG_SUSPENSION_GROUNDS = (
    SuspensionGround.DEATH,
    SuspensionGround.INCAPACITY,
    SuspensionGround.ORG_ENDED,
)
LONG_SUSPENSION_DAYS = 60


class SimpleProcedureGround(models.TextChoices):
    """适用简易程序的情形（2023 法第五十三条）: 第一款四项 — with 事实清楚、权利义务关系明确、争议不大 —
    or, for any other case, 第二款: 当事人各方同意."""

    ON_THE_SPOT = "on_the_spot", "被申请行政复议的行政行为是当场作出"
    WARNING = "warning", "被申请行政复议的行政行为是警告或者通报批评"
    SMALL_AMOUNT = "small_amount", "案件涉及款额三千元以下"
    INFO_DISCLOSURE = "info_disclosure", "属于政府信息公开案件"
    CONSENT = "consent", "当事人各方同意适用简易程序"


def simple_procedure_problem(simple: bool, ground: str, act_type: str) -> str | None:
    """Why a case may not be (or be recorded as) heard in the simple procedure (2023 法第五十三条)."""
    if simple and not ground:
        names = "；".join(SimpleProcedureGround.labels)
        return f"适用简易程序的，请选择适用情形（《行政复议法》第五十三条：{names}）。"
    if ground and not simple:
        return "未适用简易程序的，不填写简易程序适用情形。"
    if ground == SimpleProcedureGround.INFO_DISCLOSURE and act_type != ActType.INFO_DISCLOSURE:
        return (
            "被申请行为不是政府信息公开行为，不能以“属于政府信息公开案件”适用简易程序"
            "（《行政复议法》第五十三条第一款第四项）；当事人各方同意的，请选择“当事人各方同意适用简易程序”。"
        )
    return None


# 第六十二条第一款: 行政复议机关应当自受理申请之日起六十日内作出行政复议决定；但是法律规定的行政复议
# 期限少于六十日的除外. A case under such a law carries the shorter period and the provision setting it.
ORDINARY_DECISION_DAYS = 60


def special_period_problem(days: int | None, basis: str) -> str | None:
    """Why a shorter decision period set by a special law (第六十二条第一款但书) cannot be recorded."""
    if days is None:
        return "填写了规定较短期限的法律条文的，请同时填写该期限（日）。" if basis.strip() else None
    if not 1 <= days < ORDINARY_DECISION_DAYS:
        return (
            "法律规定的行政复议期限应当少于六十日（《行政复议法》第六十二条第一款），"
            f"{days}日不是较短的期限；没有特别规定的，请不填。"
        )
    if not basis.strip():
        return "请写明规定该较短期限的法律及条款（如“《××法》第××条”），决定期限依此计算。"
    return None


class WithdrawalReason(models.TextChoices):
    """Why an applicant withdrew (for the labelled 综合纠错率 variant, docs/statutes.md §纠错率)."""

    CORRECTED = "corrected", "被申请人自行纠正（改变或撤销原行政行为）后撤回"
    SETTLED = "settled", "双方和解后撤回"
    OTHER = "other", "其他原因撤回"


# Terminations that count as corrected in the 综合纠错率 variant.
CORRECTED_WITHDRAWALS = (WithdrawalReason.CORRECTED, WithdrawalReason.SETTLED)


class CommitteeGround(models.TextChoices):
    """Cases the 行政复议机构 must put to the 行政复议委员会 for its 咨询意见 (2023 法第五十二条第二款);
    ``MAJOR`` (案情重大、疑难、复杂) also requires a 听证 (第五十条第一款). Set by the step
    ``mark_complex`` (or a hearing noticed as mandatory for a major case); 2023-text cases only."""

    MAJOR = "major", "案情重大、疑难、复杂"
    TECHNICAL = "technical", "专业性、技术性较强"
    OWN_ACT = "own_act", "省、自治区、直辖市人民政府管辖的对本机关行政行为不服的案件（第二十四条第二款）"
    NECESSARY = "necessary", "行政复议机构认为有必要"


# --- the case number (文号-like 案号), per organisation and year -----------------------------------

# The series' 代字 in the kit's counter (fazhi.core.kit.numbering): stable when the organisation is
# renamed, so the serial continues; the organisation's abbreviation is put in front when formatting.
CASE_NUMBER_CODE = "复"
CASE_NUMBERS = Series(
    code=CASE_NUMBER_CODE,
    date_field="received_on",
    number_field="case_number",
    year_field="case_year",
    serial_field="case_serial",
)


class ReconsiderationCase(StatuteVersioned, WorkflowModel, ChallengedActBase):
    """行政复议案件. Its procedure — steps, periods and the article of each, 视为受理 taken by the core
    deadline scheduler — is declared in ``workflow.py``, whose module docstring tells it. Specific to
    the record: ``law_version`` is derived from ``received_on`` on every save (2023 法第九十条,
    :data:`LAW_VERSIONS`), and the decision types it may end with follow from it."""

    procedure_name = "reconsideration"
    # 行政复议机构 (2023 法第四条) registers and decides; never the respondent department (issue 11 item 8).
    organisation_function = OrgFunction.RECONSIDERATION_BODY
    # The 被申请人 (2023 法第十九条: 作出行政行为的行政机关) sees the case against it, receives the copy
    # and files its 答复 and evidence in the system (第四十八条); it takes no other step.
    shared_with = ("act_organisation",)
    # What the 被申请人 is not shown of the case's files: the applicant's 身份证明 (personal data, not
    # the 申请书副本 of 第四十八条); the portal says so to the applicant (fazhi.reconsideration.portal).
    holder_only_attachments = ("身份证明材料",)
    matter_key = "reconsideration"  # linkable through the kit (fazhi.core.kit.links)
    matter_number_field = "case_number"
    statute = LAW_VERSIONS  # law_version from received_on on every save (fazhi.core.kit.versions)
    number_series = CASE_NUMBERS
    objects = CaseQuerySet.as_manager()

    case_year = models.PositiveSmallIntegerField("案号年份", editable=False)
    case_serial = models.PositiveIntegerField("案号序号", editable=False)
    case_number = models.CharField("案号", max_length=80)
    channel = models.CharField("申请方式", max_length=20, choices=Channel.choices)
    received_on = models.DateField("收到申请日期")
    forwarded_from_on = models.DateField(
        "作出处罚决定的机关收到申请日期",
        null=True,
        blank=True,
        help_text="经作出行政处罚决定的机关转交的申请填写（《行政复议法》第三十二条）",
    )
    law_version = models.CharField("适用法律版本", max_length=4, choices=LawVersion.choices, editable=False)
    applicant_names = models.CharField("申请人", max_length=300, blank=True)
    respondent_name = models.CharField("被申请人", max_length=200)

    # The act challenged (ChallengedActBase: type, description, 文号, date, the organisation that made
    # it); a record of the act in the system is linked through the kit (MatterLink, kind 复议).
    act_type = models.CharField("被申请行为类型", max_length=30, choices=ActType.choices)
    act_description = models.TextField("被申请行为", max_length=2000)

    requests = models.TextField("行政复议请求", max_length=4000)
    simple_procedure = models.BooleanField("适用简易程序", default=False)
    simple_procedure_ground = models.CharField(
        "简易程序适用情形", max_length=20, choices=SimpleProcedureGround.choices, blank=True
    )
    # 第六十二条第一款但书: 法律规定的行政复议期限少于六十日的 — the decision clock uses it.
    special_decision_days = models.PositiveSmallIntegerField(
        "法律规定的较短决定期限（日）", null=True, blank=True
    )
    special_decision_basis = models.CharField("规定较短期限的法律条款", max_length=200, blank=True)

    accepted_on = models.DateField("受理日期", null=True, blank=True, editable=False)
    suspension_ground = models.CharField(
        "中止事由", max_length=30, choices=SuspensionGround.choices, blank=True, editable=False
    )
    decision_type = models.CharField(
        "结案方式", max_length=30, choices=DecisionType.choices, blank=True, editable=False
    )
    termination_ground = models.CharField(
        "终止事由", max_length=30, choices=TerminationGround.choices, blank=True, editable=False
    )
    withdrawal_reason = models.CharField(
        "撤回原因", max_length=20, choices=WithdrawalReason.choices, blank=True, editable=False
    )
    deemed_accepted = models.BooleanField("视为受理", default=False, editable=False)
    hearing_date = models.DateField("听证日期", null=True, blank=True, editable=False)
    committee_ground = models.CharField(
        "重大疑难复杂等情形（提请行政复议委员会咨询）",
        max_length=20,
        choices=CommitteeGround.choices,
        blank=True,
        editable=False,
    )
    decided_on = models.DateField("结案日期", null=True, blank=True, editable=False)
    served_on = models.DateField("送达日期", null=True, blank=True, editable=False)
    # 送达 and its sending are two dates (第八十八条第一款 → 《民事诉讼法》第八十五条、第八十七条至第九十一条).
    service_sent_on = models.DateField("决定书发出日期", null=True, blank=True, editable=False)
    query_code = models.CharField(
        "查询码", max_length=16, unique=True, default=querycode.new_query_code, editable=False
    )

    class Meta:
        verbose_name = "行政复议案件"
        verbose_name_plural = "行政复议案件"
        ordering = ["-received_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "case_year", "case_serial"], name="reconsideration_case_number"
            ),
        ]
        indexes = [
            models.Index(fields=["region_code", "received_on"], name="reconsideration_received"),
            models.Index(fields=["region_code", "decided_on"], name="reconsideration_decided"),
        ]

    def __str__(self) -> str:
        return self.case_number

    def clean(self) -> None:
        if self.act_organisation_id is None and self.organisation_id:
            # 被申请人 typed as a name (paper, portal, import): linked when it is an organisation here.
            self.act_organisation = organisation_named(self.respondent_name, near=self.organisation)
        super().clean()  # derives law_version (StatuteVersioned)
        if self.act_date and self.received_on and self.act_date > self.received_on:
            raise ValidationError({"act_date": "被申请行为的作出日期不能晚于收到申请日期。"})
        if self.simple_procedure and self.law_version == LawVersion.V2017:
            # 简易程序 was introduced by the 2023 text (第五十三条); the 2017 law had none.
            raise ValidationError(
                {"simple_procedure": "2024年1月1日前收到的申请适用2017年《行政复议法》，没有简易程序。"}
            )
        problem = simple_procedure_problem(self.simple_procedure, self.simple_procedure_ground, self.act_type)
        if problem:
            raise ValidationError({"simple_procedure_ground": problem})
        problem = special_period_problem(self.special_decision_days, self.special_decision_basis)
        if problem:
            raise ValidationError({"special_decision_days": problem})
        problem = forwarding_problem(self)
        if problem:
            raise ValidationError(problem)

    @property
    def allowed_decisions(self) -> tuple[str, ...]:
        return allowed_decisions(self.law_version or law_version_for(self.received_on))


class PartyRole(models.TextChoices):
    APPLICANT = "applicant", "申请人"
    RESPONDENT = "respondent", "被申请人"
    THIRD_PARTY = "third_party", "第三人"
    AGENT = "agent", "代理人"


class PartyKind(models.TextChoices):
    PERSON = "person", "自然人"
    ORGANISATION = "organisation", "法人或者其他组织"


class Party(PartyBase):
    """A party to a case (2023 法第十四条至第十九条). Reached only through its case (data scope).

    The kit's PartyBase with this domain's columns kept as they were: 身份证号 and 统一社会信用代码 in
    separate columns (only 身份证号 is personal data, encrypted), and the two kinds 自然人 /
    法人或者其他组织 (2023 法第十四条)."""

    case = models.ForeignKey(
        ReconsiderationCase, verbose_name="案件", on_delete=models.CASCADE, related_name="parties"
    )
    role = models.CharField("身份", max_length=20, choices=PartyRole.choices)
    kind = models.CharField("类型", max_length=20, choices=PartyKind.choices)
    # 身份证号, phone and address: SM4-encrypted at rest, exact search by blind index (docs/security.md 16).
    id_number = EncryptedCharField("公民身份号码", max_length=18, blank=True, validators=[validate_id_number])
    uscc = models.CharField("统一社会信用代码", max_length=18, blank=True, validators=[validate_uscc])
    phone = EncryptedCharField("联系电话", max_length=30, blank=True, validators=[validate_phone])
    # 2023 法第十五条 (2017 实施条例第八条): 申请人人数众多的，可以推选代表人 — one to five of them
    # (``fazhi.reconsideration.forms.representatives_fit``).
    is_representative = models.BooleanField("代表人", default=False)
    represents = models.ForeignKey(
        "self",
        verbose_name="被代理人",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="agents",
    )

    objects = IdentifierQuerySet.as_manager()
    reveal_through = "case"  # 查看明文 checks data scope through the case (fazhi.core.crypto.reveal)

    class Meta:
        verbose_name = "当事人"
        verbose_name_plural = "当事人"
        ordering = ["case", "id"]

    def __str__(self) -> str:
        role = self.get_role_display() + ("（代表人）" if self.is_representative else "")
        return f"{role}：{self.name}"

    def clean(self) -> None:
        # Not PartyBase.clean: the two identifiers have their own columns and field validators.
        models.Model.clean(self)
        errors = {}
        if self.kind == PartyKind.PERSON and self.uscc:
            errors["uscc"] = "自然人没有统一社会信用代码。"
        if self.kind == PartyKind.ORGANISATION and self.id_number:
            errors["id_number"] = "法人或者其他组织请填写统一社会信用代码，不填公民身份号码。"
        if self.role == PartyRole.AGENT and self.kind != PartyKind.PERSON:
            # 2023 法第十七条: 委托一至二名律师、基层法律服务工作者或者其他代理人 — natural persons.
            errors["kind"] = "代理人应为自然人。"
        if self.role == PartyRole.AGENT and self.represents_id:
            # 2023 法第十七条第一款 (2017 法第十条第五款): 可以委托一至二名代理人.
            others = Party.objects.filter(role=PartyRole.AGENT, represents_id=self.represents_id)
            if others.exclude(pk=self.pk).count() >= 2:
                errors["represents"] = "每名当事人最多可以委托两名代理人（《行政复议法》第十七条）。"
        if errors:
            raise ValidationError(errors)


class OpinionKind(models.TextChoices):
    OPINION = "opinion", "行政复议意见书"
    SUGGESTION = "suggestion", "行政复议建议书"


class ReconsiderationOpinion(WorkflowModel):
    """行政复议意见书 / 建议书 issued in the course of a case.

    意见书: the body found the respondent's (or a lower agency's) act unlawful or improper; the
    agency reports its correction within 60 日 of receipt (2023 法第七十六条; 2017 实施条例第五十七条
    第一款). 建议书: general problems found in applying the law (实施条例第五十七条第二款); no
    statutory reply period, the same 60 日 follow-up is used as a working target.
    """

    procedure_name = "reconsideration_opinion"
    organisation_function = OrgFunction.RECONSIDERATION_BODY  # issued by the 行政复议机关 (第七十六条)

    case = models.ForeignKey(
        ReconsiderationCase, verbose_name="行政复议案件", on_delete=models.PROTECT, related_name="opinions"
    )
    kind = models.CharField("文书类型", max_length=20, choices=OpinionKind.choices)
    recipient = models.CharField("制发对象（有关机关）", max_length=200)
    content = models.TextField("发现的问题及意见建议", max_length=4000)
    received_on = models.DateField("有关机关收到日期", null=True, blank=True, editable=False)
    replied_on = models.DateField("报送纠正情况日期", null=True, blank=True, editable=False)
    reply_summary = models.TextField("纠正情况", max_length=4000, blank=True, editable=False)

    class Meta:
        verbose_name = "行政复议意见书/建议书"
        verbose_name_plural = "行政复议意见书/建议书"
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.case.case_number} {self.get_kind_display()}"

    @property
    def law_version(self) -> str:
        """The text governing the case it is issued in (2023 法第七十六条; 2017 实施条例第五十七条)."""
        return self.case.law_version

    def save(self, *args, **kwargs):
        if self.case_id and not self.organisation_id:
            self.organisation_id = self.case.organisation_id
        super().save(*args, **kwargs)


# --- 规范性文件附带审查 (2023 法第十三条、第五十六条至第六十条; 2017 法第七条、第二十六条、第二十七条) ------


class ReviewOrigin(models.TextChoices):
    # 2023 法第五十六条 (2017 法第二十六条): the applicant asks, with the application, for a review of the
    # 规范性文件 the act rests on (第十三条 lists which may be reviewed).
    APPLICANT = "applicant", "申请人一并提出审查申请"
    # 2023 法第五十七条 (2017 法第二十七条): the 复议机关, reviewing the act, finds its basis unlawful.
    OWN_MOTION = "own_motion", "审查中认为依据不合法"


class ReviewOutcome(models.TextChoices):
    # 2023 法第五十九条: 认为相关条款合法的，在行政复议决定书中一并告知；超越权限或者违反上位法的，决定停止
    # 该条款的执行，并责令制定机关予以纠正.
    LAWFUL = "lawful", "相关条款合法"
    STOPPED = "stopped", "决定停止执行并责令制定机关纠正"


class IncidentalReview(WorkflowModel):
    """规范性文件附带审查 in the course of a case. The 复议机关 that may handle the document does so
    within 30 日 (asking the 制定机关 within 3 个工作日 for its written answer, due within 10 个工作日
    of receipt: 2023 法第五十八条); one that may not transfers it within 7 个工作日 to the organ that
    may, which replies within 60 日 of receipt (第六十条). The case is suspended meanwhile
    (第三十九条第一款第（九）项; 2017 法第二十六条、第二十七条: 处理期间，中止对具体行政行为的审查)."""

    procedure_name = "reconsideration_incidental"
    organisation_function = OrgFunction.RECONSIDERATION_BODY

    case = models.ForeignKey(
        ReconsiderationCase,
        verbose_name="行政复议案件",
        on_delete=models.PROTECT,
        related_name="incidental_reviews",
    )
    origin = models.CharField("审查来源", max_length=20, choices=ReviewOrigin.choices)
    document_title = models.CharField("规范性文件或者依据名称", max_length=200)
    provisions = models.CharField("相关条款", max_length=200, blank=True)
    maker = models.CharField("制定机关", max_length=200)
    competent = models.BooleanField(
        "本机关有权处理",
        default=True,
        help_text="无权处理的，应当在七个工作日内转送有权处理的行政机关或者国家机关",
    )
    started_on = models.DateField("审查起算日期", help_text="收到附带审查申请或者决定审查依据之日")
    # Written by the steps (engine.on_apply), never on a form.
    outcome = models.CharField(
        "处理结果", max_length=20, choices=ReviewOutcome.choices, blank=True, editable=False
    )
    maker_received_on = models.DateField("制定机关收到通知日期", null=True, blank=True, editable=False)
    transferred_to = models.CharField("转送机关", max_length=200, blank=True, editable=False)
    transfer_received_on = models.DateField("转送机关收到日期", null=True, blank=True, editable=False)
    closed_on = models.DateField("办结日期", null=True, blank=True, editable=False)

    class Meta:
        verbose_name = "规范性文件附带审查"
        verbose_name_plural = "规范性文件附带审查"
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.case.case_number} 附带审查《{self.document_title.strip('《》')}》"

    @property
    def law_version(self) -> str:
        return self.case.law_version

    def clean(self) -> None:
        super().clean()
        if (
            self.case_id
            and self.started_on
            and self.case.received_on
            and self.started_on < self.case.received_on
        ):
            raise ValidationError({"started_on": "审查起算日期不能早于收到行政复议申请日期。"})

    def save(self, *args, **kwargs):
        if self.case_id and not self.organisation_id:
            self.organisation_id = self.case.organisation_id
        super().save(*args, **kwargs)


# --- 证据目录 (2023 法第四十三条至第四十八条; 2017 法第二十三条、第二十四条) ------------------------------


class EvidenceKind(models.TextChoices):
    # 2023 法第四十三条: 行政复议证据包括：（一）书证；（二）物证；（三）视听资料；（四）电子数据；（五）证人
    # 证言；（六）当事人的陈述；（七）鉴定意见；（八）勘验笔录、现场笔录。In this order.
    DOCUMENTARY = "documentary", "书证"
    PHYSICAL = "physical", "物证"
    AUDIOVISUAL = "audiovisual", "视听资料"
    ELECTRONIC = "electronic", "电子数据"
    WITNESS = "witness", "证人证言"
    STATEMENT = "statement", "当事人的陈述"
    EXPERT_OPINION = "expert_opinion", "鉴定意见"
    SITE_RECORD = "site_record", "勘验笔录、现场笔录"


class EvidenceSource(models.TextChoices):
    # 第四十四条: the 被申请人 bears the burden of proof for its act (and submits its evidence with the
    # 答复, 第四十八条); the 申请人 proves the listed cases; 第三人 (第十六条) may submit its own; the
    # 复议机构 may investigate and collect evidence itself (第四十五条).
    APPLICANT = "applicant", "申请人"
    RESPONDENT = "respondent", "被申请人"
    THIRD_PARTY = "third_party", "第三人"
    BODY = "body", "复议机构调取"


# The states in which the 被申请人 files evidence itself: while its 答复 is awaited (第四十八条) and while
# the case is heard (第四十六条第二款: 经行政复议机构同意 it may supplement its evidence).
RESPONDENT_EVIDENCE_STATES = ("answering", "reviewing")

COLLECTED_AFTER_ACT = "作出行政行为后收集的证据，不能作为认定该行政行为合法性、适当性的依据（第四十六条）"
COLLECTED_DURING_REVIEW = (
    "行政复议期间被申请人不得自行向申请人和其他有关单位或者个人收集证据，"
    "自行收集的证据不作为认定行政行为合法性、适当性的依据（第四十六条）"
)
# The 2017 text has the rule on collection during the review only (2017 法第二十四条).
COLLECTED_DURING_REVIEW_2017 = "在行政复议过程中，被申请人不得自行向申请人和其他有关组织或者个人收集证据（2017年《行政复议法》第二十四条）"


class EvidenceItem(ScopedModel):
    """One item of a case's 证据目录: what was submitted (or collected by the 复议机构), of which
    statutory kind (第四十三条), for what purpose. Registered by the 复议机构 (its 承办单位) or by the
    被申请人 itself, for its own evidence, while its answer is awaited or the case is heard; the
    item's 承办单位 is the one that registered it, and everyone who sees the case sees its items."""

    # The 复议机构 sees what the 被申请人 registered, the 被申请人 what the 复议机构 did (the 申请人's
    # evidence is what 第四十七条 lets the parties read): an item is seen by whoever sees its case.
    shared_with = ("case__organisation", "case__act_organisation")

    case = models.ForeignKey(
        ReconsiderationCase,
        verbose_name="行政复议案件",
        on_delete=models.PROTECT,
        related_name="evidence_items",
    )
    submitted_by = models.CharField("提交方", max_length=20, choices=EvidenceSource.choices)
    kind = models.CharField("证据种类", max_length=20, choices=EvidenceKind.choices)
    name = models.CharField("证据名称", max_length=200)
    source = models.CharField("制作或收集单位", max_length=200, blank=True)
    collected_on = models.DateField(
        "收集或形成日期", null=True, blank=True, help_text="被申请人的证据请填写，用于核对第四十六条"
    )
    proves = models.TextField("证明目的", max_length=1000)
    pages = models.PositiveIntegerField("页数或数量", null=True, blank=True)
    submitted_on = models.DateField("提交日期")
    note = models.CharField("备注", max_length=500, blank=True)

    class Meta:
        verbose_name = "证据"
        verbose_name_plural = "证据目录"
        ordering = ["case_id", "submitted_on", "id"]

    def __str__(self) -> str:
        return f"{self.case.case_number} {self.name}"

    @property
    def law_version(self) -> str:
        return self.case.law_version

    @property
    def late_collection_warning(self) -> str:
        """第四十六条, computed: a 被申请人's item collected after the act was made, or during the
        review (from the acceptance), is no basis for upholding the act; "" otherwise."""
        if self.submitted_by != EvidenceSource.RESPONDENT or not self.collected_on:
            return ""
        case = self.case
        during = case.accepted_on is not None and self.collected_on >= case.accepted_on
        if is_2017(case):
            return COLLECTED_DURING_REVIEW_2017 if during else ""
        notes = []
        if case.act_date and self.collected_on > case.act_date:
            notes.append(COLLECTED_AFTER_ACT)
        if during:
            notes.append(COLLECTED_DURING_REVIEW)
        return "；".join(notes)

    @staticmethod
    def may_add(user, case) -> bool:
        """Whether ``user`` may register evidence on ``case`` now: the 复议机构 handling it always; the
        被申请人 while it answers or the case is heard (``clean`` below says the same, as refusals)."""
        if user.organisation_id == case.organisation_id:
            return True
        return user.organisation_id == case.act_organisation_id and case.status in RESPONDENT_EVIDENCE_STATES

    def clean(self) -> None:
        super().clean()
        if not self.case_id:
            return
        case = self.case
        holder = self.organisation_id == case.organisation_id
        if not holder and self.organisation_id != case.act_organisation_id:
            raise ValidationError({"case": "只有本案的行政复议机构和被申请人可以登记证据。"})
        if not holder:
            if self.submitted_by != EvidenceSource.RESPONDENT:
                raise ValidationError({"submitted_by": "被申请人只能登记本单位提交的证据。"})
            if case.status not in RESPONDENT_EVIDENCE_STATES:
                raise ValidationError(
                    {"case": "被申请人只能在待答复或者审理期间登记本单位的证据（《行政复议法》第四十八条）。"}
                )
        if self.submitted_on and case.received_on and self.submitted_on < case.received_on:
            raise ValidationError({"submitted_on": "提交日期不能早于收到行政复议申请日期。"})
        if self.collected_on and self.submitted_on and self.collected_on > self.submitted_on:
            raise ValidationError({"collected_on": "收集或形成日期不能晚于提交日期。"})

    def save(self, *args, **kwargs):
        if self.case_id and not self.region_code:
            self.region_code = self.case.region_code  # the case's county, whoever registered it
        super().save(*args, **kwargs)
