"""API resources of 行政应诉 (served under /api/v1/ by fazhi.api with the caller's data scope).

No 身份证号, phone or address of the parties is exposed (docs/security.md 11)."""

import datetime as dt

from ninja import Field

from fazhi.api import resources
from fazhi.api.schemas import WorkflowOut, label_of, value_of
from fazhi.litigation.models import JudicialRecommendation, Lawsuit


class LawsuitOut(WorkflowOut):
    court: str = Field(description="受理法院")
    case_number: str = Field(description="案号")
    instance: str = Field(description="审级代码：first 一审、second 二审、retrial 再审")
    plaintiff_summary: str = Field(description="原告")
    act_type: str = Field(description="被诉行政行为类型")
    act_number: str = Field(description="被诉行为文书号")
    reconsideration_case_number: str = Field(description="关联复议案号")
    complaint_received_on: dt.date | None = Field(description="收到起诉状日期")
    judged_on: dt.date | None = Field(description="裁判日期")
    served_on: dt.date | None = Field(description="裁判文书送达日期")
    outcome: str = Field(description="裁判结果代码")
    outcome_label: str = Field(description="裁判结果")
    lost: bool = Field(description="是否败诉")

    resolve_act_number = value_of("act_document_number")  # the kit's name, under the API's stable one
    resolve_outcome_label = label_of("outcome")


class RecommendationOut(WorkflowOut):
    kind: str = Field(description="类型代码：judicial 司法建议、procuratorial 检察建议")
    issuer: str = Field(description="发出机关")
    document_number: str = Field(description="文书编号")
    lawsuit_id: int | None = Field(description="关联案件 ID")
    received_on: dt.date = Field(description="收到日期")
    rectification_deadline: dt.date | None = Field(description="整改回复期限")
    replied_on: dt.date | None = Field(description="回复日期")


# Labelled by the models' verbose names (行政诉讼案件, 司法建议和检察建议).
resources.register("lawsuits", Lawsuit, list_schema=LawsuitOut)
resources.register("judicial-recommendations", JudicialRecommendation, list_schema=RecommendationOut)
