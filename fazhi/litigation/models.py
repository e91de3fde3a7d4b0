"""行政应诉: lawsuits against the county's agencies, their hearings, who appeared, and the courts'
and procuratorates' recommendations.

Rules live where they are cited; the outcome table (which endings are judgments, rulings or
neither, which can be appealed and which count as 败诉) is data in :data:`OUTCOMES`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from fazhi.core.crypto.fields import EncryptedCharField
from fazhi.core.dates import check_order, not_after, not_before
from fazhi.core.kit.cases import CaseQuerySet
from fazhi.core.kit.outcomes import Outcomes
from fazhi.core.kit.parties import ChallengedActBase, PartyBase
from fazhi.core.workflow.models import WorkflowModel


class Instance(models.TextChoices):
    FIRST = "first", "一审"
    SECOND = "second", "二审"
    RETRIAL = "retrial", "再审"


@dataclass(frozen=True)
class OutcomeRule:
    code: str
    label: str
    kind: str  # "judgment" 判决, "ruling" 裁定 or "mediation" 调解
    article: str
    lost: bool  # 败诉: the agency's act is set aside, found unlawful or void, or it must act / pay
    appealable: bool
    instance: str = Instance.FIRST  # 二审 outcomes (第八十九条) are final, never appealable (第七条)
    offered: bool = True  # False: kept for records stored before the outcome was split

    @property
    def step(self) -> str:  # the step recording it (workflow)
        return (
            "decide_second" if self.instance == Instance.SECOND else ("conclude", "decide")[self.appealable]
        )


# 裁判结果 (docs/statutes.md §败诉). 一审: 《行政诉讼法》第六十九条至第七十八条; 驳回起诉、准予撤诉为裁定,
# 调解见第六十条. ``lost`` = 败诉: 撤销/部分撤销/履行/给付/确认违法/确认无效/变更, and 行政协议 judgments
# against the defendant (第七十八条: 继续履行、采取补救措施、赔偿损失; 第二款 补偿).
J, R, M, FIRST, SECOND = "judgment", "ruling", "mediation", Instance.FIRST, Instance.SECOND
ART78, ART89 = "《行政诉讼法》第七十八条", "《行政诉讼法》第八十九条第一款"
WITHDRAW = "《行政诉讼法》第一百零一条；《民事诉讼法》第一百八十条"
OUTCOMES = Outcomes(
    OutcomeRule("reject_claims", "判决驳回诉讼请求", J, "《行政诉讼法》第六十九条", False, True),
    OutcomeRule("revoke", "判决撤销", J, "《行政诉讼法》第七十条", True, True),
    OutcomeRule("partial_revoke", "判决部分撤销", J, "《行政诉讼法》第七十条", True, True),
    OutcomeRule("perform", "判决履行", J, "《行政诉讼法》第七十二条", True, True),
    OutcomeRule("pay", "判决给付", J, "《行政诉讼法》第七十三条", True, True),
    OutcomeRule("confirm_illegal", "判决确认违法", J, "《行政诉讼法》第七十四条", True, True),
    OutcomeRule("confirm_void", "判决确认无效", J, "《行政诉讼法》第七十五条", True, True),
    OutcomeRule("modify", "判决变更", J, "《行政诉讼法》第七十七条", True, True),
    OutcomeRule("agreement_perform", "判决继续履行行政协议", J, ART78 + "第一款", True, True),
    OutcomeRule("agreement_remedy", "判决采取补救措施（行政协议）", J, ART78 + "第一款", True, True),
    OutcomeRule("agreement_damages", "判决赔偿损失（行政协议）", J, ART78 + "第一款", True, True),
    OutcomeRule("agreement_compensate", "判决给予补偿（行政协议）", J, ART78 + "第二款", True, True),
    # Stored before the split above; every 第七十八条 judgment is against the defendant, so 败诉.
    OutcomeRule("agreement", "行政协议判决", J, ART78, True, True, offered=False),
    # 对驳回起诉的裁定可以上诉（《行政诉讼法》第八十五条；行诉法解释第一百零一条）.
    OutcomeRule("dismiss", "裁定驳回起诉", R, "《行政诉讼法》第八十五条", False, True),
    OutcomeRule("withdrawn", "裁定准予撤诉", R, "《行政诉讼法》第六十二条", False, False),
    # 调解书经双方当事人签收即生效，不能上诉（《行政诉讼法》第六十条、第一百零一条）.
    OutcomeRule("mediated", "调解结案", M, "《行政诉讼法》第六十条", False, False),
    # 二审 (第八十九条), final on service (第七条 两审终审). The 一审 record keeps the 一审 result;
    # ``lost`` here is a 改判 against the defendant, counted apart (indicators: 二审改判被告败诉数).
    OutcomeRule("uphold", "驳回上诉，维持原裁判", J, ART89 + "第一项", False, False, SECOND),
    OutcomeRule("amend_lost", "二审改判（被告败诉）", J, ART89 + "第二项", True, False, SECOND),
    OutcomeRule("amend_won", "二审改判（被告胜诉）", J, ART89 + "第二项", False, False, SECOND),
    OutcomeRule("remand", "裁定发回重审", R, ART89 + "第三项、第四项", False, False, SECOND),
    # 撤回上诉: 是否准许由第二审人民法院裁定 (《民事诉讼法》第一百八十条, via 《行政诉讼法》第一百零一条).
    OutcomeRule("appeal_withdrawn", "裁定准许撤回上诉", R, WITHDRAW, False, False, SECOND),
    # 二审调解 (第六十条): 调解书送达后原判决即视为撤销 (《民事诉讼法》第一百七十九条, via 第一百零一条).
    OutcomeRule("second_mediated", "二审调解结案", M, "《行政诉讼法》第六十条", False, False, SECOND),
)
LOST_OUTCOMES: frozenset[str] = OUTCOMES.codes(lost=True, instance=FIRST)


class Lawsuit(WorkflowModel, ChallengedActBase):
    """行政诉讼案件（一个审级一条记录）; the defendant is ``organisation`` (被告).

    Life story:

    - 登记 (registered): the case is entered when the court's 起诉状副本 arrives; the 收到起诉状
      step records the date of receipt.
    - 答辩期 (answering): the defendant files its 答辩状, the evidence and the normative documents
      relied on within 15 日 of receiving the complaint (《行政诉讼法》第六十七条); natural days, the
      start day not counted, a last day on a rest day rolling to the next working day
      (《民事诉讼法》第八十五条, applied by 《行政诉讼法》第一百零一条). Evidence filed late is
      treated as absent (第三十四条第二款).
    - 待开庭 (answered) → 已开庭 (heard): hearings (:class:`Hearing`) with reminders; the head of the
      agency should appear (第三条第三款); who counts as 负责人 is :attr:`Appearance.counts_as_head`.
    - 一审裁判 (decide): a judgment (第六十九条—第七十八条) or a ruling dismissing the suit; each
      party's 上诉期 (判决 15 日, 裁定 10 日) runs from its own service (第八十五条): 本机关's from
      ``served_on``, the last party's from ``last_served_on``. 撤诉、调解 (第六十条、第六十二条): none.
    - 上诉期 (appeal_period) → 已上诉 (appealed: the 二审 is a new record with instance 二审) or
      已生效 (effective) → 已结案 (closed). 二审裁判 (第八十九条) is final and takes effect on
      service (第七条 两审终审): 二审 goes from 待开庭/已开庭 to 已生效.
    """

    procedure_name = "litigation"
    matter_key = "litigation"  # linkable through the kit (fazhi.core.kit.links)
    matter_number_field = "case_number"

    court = models.CharField("受理法院", max_length=100)
    case_number = models.CharField("案号", max_length=60, help_text="如（2026）云0121行初12号")
    instance = models.CharField("审级", max_length=10, choices=Instance.choices, default=Instance.FIRST)
    plaintiff_summary = models.CharField("原告", max_length=300, blank=True, editable=False)

    # The act challenged (ChallengedActBase); the type stays free text as the court's papers word it.
    act_type = models.CharField("被诉行政行为类型", max_length=50)
    act_document_number = models.CharField(
        "被诉行为文书号", max_length=100, blank=True, db_column="act_number"
    )
    act_date = models.DateField("被诉行为作出日期", null=True, blank=True)
    act_description = models.TextField("被诉行政行为", blank=True)

    # 经复议的案件 (《行政诉讼法》第二十六条第二款、第四十五条): the 复议 case itself is linked through
    # the kit (MatterLink, kind 起诉, shown on both detail pages); its number is kept as written on
    # the court's papers, also for a 复议 decided by a body outside this system.
    reconsideration_case_number = models.CharField("关联复议案号", max_length=60, blank=True)

    complaint_received_on = models.DateField("收到起诉状日期", null=True, blank=True, editable=False)
    answered_on = models.DateField("答辩日期", null=True, blank=True, editable=False)
    judged_on = models.DateField("裁判日期", null=True, blank=True, editable=False)
    served_on = models.DateField("裁判文书送达日期", null=True, blank=True, editable=False)  # to 本机关
    last_served_on = models.DateField("最后一方当事人送达日期", null=True, blank=True, editable=False)
    outcome = models.CharField(
        "裁判结果", max_length=20, choices=OUTCOMES.choices(), blank=True, editable=False
    )
    effective_on = models.DateField("生效日期", null=True, blank=True, editable=False)

    objects = CaseQuerySet.as_manager()  # a bulk insert (demo) takes the region from the organisation

    class Meta:
        verbose_name = "行政诉讼案件"
        verbose_name_plural = "行政诉讼案件"
        constraints = [
            models.UniqueConstraint(fields=["court", "case_number"], name="lawsuit_court_case_number")
        ]
        indexes = [models.Index(fields=["region_code", "judged_on"], name="lawsuit_region_judged")]

    def __str__(self) -> str:
        return self.case_number

    @property
    def lost(self) -> bool:
        return OUTCOMES.holds(self.outcome, "lost")

    @property
    def appealable(self) -> bool:
        return OUTCOMES.holds(self.outcome, "appealable") and self.instance != Instance.SECOND


class PartyKind(models.TextChoices):
    PERSON = "person", "自然人"
    ORGANISATION = "organisation", "法人或其他组织"


class PartyRole(models.TextChoices):
    PLAINTIFF = "plaintiff", "原告"
    THIRD_PARTY = "third_party", "第三人"


class Party(PartyBase):
    """原告 or 第三人 of a lawsuit (the kit's PartyBase, columns kept as they were). 身份证号, phone and
    address are personal data: staff pages only, never published or logged unmasked (docs/security.md 11)."""

    lawsuit = models.ForeignKey(
        Lawsuit, verbose_name="案件", on_delete=models.CASCADE, related_name="parties"
    )
    role = models.CharField("诉讼地位", max_length=20, choices=PartyRole.choices, default=PartyRole.PLAINTIFF)
    kind = models.CharField("类型", max_length=20, choices=PartyKind.choices, default=PartyKind.PERSON)
    name = models.CharField("姓名或名称", max_length=100)
    # id_number (证件号码) is PartyBase's: SM4-encrypted at rest, exact search by blind index (docs/security.md 16).
    phone = EncryptedCharField("联系电话", max_length=20, blank=True)
    address = EncryptedCharField("住所地", max_length=200, blank=True)

    reveal_through = "lawsuit"  # 查看明文 checks data scope through the lawsuit

    class Meta:
        verbose_name = "当事人"
        verbose_name_plural = "当事人"
        ordering = ["lawsuit", "role", "id"]

    # clean(): PartyBase's — 公民身份号码 for a person, 统一社会信用代码 for an organisation.


REMIND_DAYS_BEFORE = 3  # 出庭通知书 at least 3 日 before the hearing (SPC 2020 provisions art 5)


class Hearing(models.Model):
    """A court session. The reminder date defaults to 3 日 before (the 出庭通知书 reaches the head
    at least 3 日 before the hearing: SPC 负责人出庭规定 art 5)."""

    lawsuit = models.ForeignKey(
        Lawsuit, verbose_name="案件", on_delete=models.CASCADE, related_name="hearings"
    )
    hearing_on = models.DateField("开庭日期")
    hearing_time = models.TimeField("开庭时间", null=True, blank=True)
    court_room = models.CharField("法庭", max_length=100, blank=True)
    remind_on = models.DateField("提醒日期", null=True, blank=True)
    held = models.BooleanField("已开庭", default=False)
    summoned_head = models.BooleanField("法院通知负责人出庭", default=False)

    scope_through = "lawsuit"  # data scope is the lawsuit's (fazhi.core.records)

    class Meta:
        verbose_name = "庭审"
        verbose_name_plural = "庭审"
        ordering = ["lawsuit", "hearing_on", "id"]

    def __str__(self) -> str:
        return f"{self.lawsuit} {self.hearing_on:%Y-%m-%d}"

    def clean(self) -> None:
        if not self.hearing_on:
            return
        received = self.lawsuit.complaint_received_on if self.lawsuit_id else None
        if received and self.hearing_on < received:
            raise ValidationError({"hearing_on": "开庭日期不能早于收到起诉状副本日期。"})
        if self.remind_on is None:
            self.remind_on = self.hearing_on - dt.timedelta(days=REMIND_DAYS_BEFORE)
        check_order(self, not_after("remind_on", "hearing_on"))  # 提醒日期不能晚于开庭日期


class Capacity(models.TextChoices):
    CHIEF = "chief", "正职负责人"
    DEPUTY = "deputy", "副职负责人"
    DEPUTY_IN_CHARGE = "deputy_in_charge", "分管副职负责人"
    STAFF = "staff", "其他工作人员"
    LAWYER = "lawyer", "律师"


# 行政机关负责人: the chief, a deputy, or the deputy-level official in charge of the matter of the
# defendant itself (最高人民法院《关于行政机关负责人出庭应诉若干问题的规定》(2020) 第二条). Heads
# of an entrusted body or a lower-level agency, section chiefs and lawyers do not count.
HEAD_CAPACITIES: frozenset[str] = frozenset({Capacity.CHIEF, Capacity.DEPUTY, Capacity.DEPUTY_IN_CHARGE})
HEAD_RULE = "最高人民法院《关于行政机关负责人出庭应诉若干问题的规定》第二条"
# Posts that are never 行政机关负责人: heads of internal divisions and of lower-level or entrusted
# bodies, ordinary staff and lawyers (同规定第二条).
NOT_HEAD_POSTS = ("科长", "股长", "科员", "所长", "队长", "律师")


class Appearance(models.Model):
    """Who appeared for the defendant at a hearing, in what capacity, and whether they spoke on the
    substantive resolution of the dispute (出庭又出声, SPC 2020 provisions art 11)."""

    hearing = models.ForeignKey(
        Hearing, verbose_name="庭审", on_delete=models.CASCADE, related_name="appearances"
    )
    person_name = models.CharField("出庭人员", max_length=50)
    position = models.CharField("职务", max_length=100, blank=True)
    capacity = models.CharField("出庭身份", max_length=20, choices=Capacity.choices)
    spoke = models.BooleanField("出庭又出声", default=False)

    scope_through = "hearing__lawsuit"

    class Meta:
        verbose_name = "出庭人员"
        verbose_name_plural = "出庭人员"
        ordering = ["hearing", "id"]

    def __str__(self) -> str:
        return f"{self.person_name}（{self.get_capacity_display()}）"

    def clean(self) -> None:
        if self.hearing_id and self.hearing.hearing_on > timezone.localdate():
            raise ValidationError(
                f"开庭日期（{self.hearing.hearing_on:%Y-%m-%d}）尚未到，开庭后再登记出庭人员。"
            )
        self.position = (self.position or "").strip()
        if self.capacity in HEAD_CAPACITIES:
            if not self.position:
                raise ValidationError({"position": "以负责人身份出庭的，请填写其职务。"})
            if any(post in self.position for post in NOT_HEAD_POSTS):
                raise ValidationError(
                    {
                        "capacity": f"“{self.position}”不属于行政机关负责人，请选择“其他工作人员”或“律师”"
                        f"（{HEAD_RULE}）。"
                    }
                )

    @property
    def counts_as_head(self) -> bool:
        return self.capacity in HEAD_CAPACITIES


class RecommendationKind(models.TextChoices):
    JUDICIAL = "judicial", "司法建议"
    PROCURATORIAL = "procuratorial", "检察建议"


class JudicialRecommendation(WorkflowModel):
    """司法建议 (《行政诉讼法》第六十六条第二款、第九十六条; SPC 2020 provisions art 12) or 检察建议
    (第九十三条) addressed to the agency (``organisation``).

    Life story (``workflow.RECOMMENDATION``): 已登记 → 收到建议 (``received_on``; the reply clock
    starts) → 待回复 → 整改回复 (the reply, its date and the 整改回复 evidence attached) → 已回复.
    The reply is due within 2 个月 of receipt for a 检察建议 (《人民检察院检察建议工作规定》第十九条)
    and by the period the 司法建议书 sets (``rectification_deadline``; 2 个月 when it sets none).
    """

    procedure_name = "judicial_recommendation"

    matter_key = "judicial_recommendation"  # linkable through the kit (fazhi.core.kit.links)
    matter_number_field = "document_number"

    kind = models.CharField("类型", max_length=20, choices=RecommendationKind.choices)
    issuer = models.CharField("发出机关", max_length=100)
    document_number = models.CharField("文书编号", max_length=100, blank=True)
    lawsuit = models.ForeignKey(
        Lawsuit,
        verbose_name="关联案件",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="recommendations",
    )
    received_on = models.DateField("收到日期")
    content = models.TextField("建议内容")
    rectification_deadline = models.DateField("整改回复期限", null=True, blank=True)
    # Written by the 整改回复 step (engine.on_apply), never on a form.
    reply = models.TextField("整改回复", blank=True, editable=False)
    replied_on = models.DateField("回复日期", null=True, blank=True, editable=False)

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = "司法建议和检察建议"
        verbose_name_plural = "司法建议和检察建议"
        ordering = ["-received_on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.document_number}".strip()

    def clean(self) -> None:
        check_order(
            self, not_before("rectification_deadline", "received_on"), not_before("replied_on", "received_on")
        )
        if self.replied_on and not (self.reply or "").strip():
            raise ValidationError({"reply": "请填写整改回复内容。"})

    @property
    def overdue(self) -> bool:
        today = timezone.localdate()
        return bool(
            self.rectification_deadline and not self.replied_on and today > self.rectification_deadline
        )
