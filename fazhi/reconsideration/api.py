"""API resource for 行政复议 cases: list, detail and transitions under /api/v1/reconsideration-cases/.

The schema is a whitelist: no 身份证号, phone, address or the portal query code (docs/security.md 11).
"""

from __future__ import annotations

import datetime as dt

from ninja import Field

from fazhi.api import resources
from fazhi.api.schemas import WorkflowOut
from fazhi.reconsideration.models import ReconsiderationCase, ReconsiderationOpinion


class ReconsiderationCaseOut(WorkflowOut):
    case_number: str = Field(description="案号")
    channel: str = Field(description="申请方式代码")
    received_on: dt.date = Field(description="收到申请日期")
    law_version: str = Field(description="适用的《行政复议法》版本（按收到申请日期确定）")
    applicant_names: str = Field(description="申请人")
    respondent_name: str = Field(description="被申请人")
    act_type: str = Field(description="被申请行为类型代码")
    act_document_number: str = Field(description="行为文书文号")
    simple_procedure: bool = Field(description="适用简易程序")
    accepted_on: dt.date | None = Field(None, description="受理日期")
    decision_type: str = Field(description="结案方式代码")
    decision_label: str = Field(description="结案方式")
    decided_on: dt.date | None = Field(None, description="结案日期")

    @staticmethod
    def resolve_decision_label(obj) -> str:
        return obj.get_decision_type_display() if obj.decision_type else ""


resources.register(
    "reconsideration-cases",
    ReconsiderationCase,
    list_schema=ReconsiderationCaseOut,
    label="行政复议案件",
    ordering=("-received_on", "-id"),
)


class ReconsiderationOpinionOut(WorkflowOut):
    case_id: int = Field(description="行政复议案件ID")
    kind: str = Field(description="文书类型代码（意见书/建议书）")
    recipient: str = Field(description="制发对象（有关机关）")
    received_on: dt.date | None = Field(None, description="有关机关收到日期")
    replied_on: dt.date | None = Field(None, description="报送纠正情况日期")


resources.register(
    "reconsideration-opinions",
    ReconsiderationOpinion,
    list_schema=ReconsiderationOpinionOut,
    label="行政复议意见书/建议书",
)
