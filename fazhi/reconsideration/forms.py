"""The rules of the 行政复议 registration form that carry domain meaning; the form itself is declared
in :mod:`fazhi.reconsideration.views` (``FormSpec``) and built by the staff shell.

Identifiers follow the national standards (公民身份号码 GB 11643-1999, 统一社会信用代码 GB 32100-2015),
checked by the model fields' validators (``fazhi.core.validators``).
"""

from __future__ import annotations

from fazhi.core import records
from fazhi.core.kit.parties import keep_names
from fazhi.core.workflow import engine
from fazhi.reconsideration.models import CASE_NUMBERS, Party, PartyKind, PartyRole, ReconsiderationCase


def registered(case: ReconsiderationCase, form, actor) -> None:
    """The respondent named on the form becomes a party, and 登记收件 starts the acceptance review."""
    Party.objects.create(
        case=case, role=PartyRole.RESPONDENT, kind=PartyKind.ORGANISATION, name=case.respondent_name
    )
    engine.perform(case, "register", actor=actor, data={"received_on": case.received_on})


records.before_save(ReconsiderationCase, CASE_NUMBERS.number_new)
keep_names(ReconsiderationCase, "applicant_names", PartyRole.APPLICANT)  # the list's 申请人 column


def _on_own_accepted_case(what: str):
    """A ``clean``: the record is made on a case the 复议机构 has accepted and handles itself."""

    def clean(form, data: dict) -> None:
        case = data.get("case")
        if case is None:
            return
        if case.accepted_on is None:
            form.add_error("case", f"案件受理后方可{what}。")
        if case.organisation_id != getattr(form.user, "organisation_id", None):
            form.add_error("case", f"只能就本单位办理的行政复议案件{what}。")

    return clean


# 意见书/建议书: 在办理行政复议案件过程中 (2023 法第七十六条; 2017 实施条例第五十七条).
opinion_clean = _on_own_accepted_case("制发行政复议意见书或者建议书")
# 附带审查: in an accepted case, on the applicant's request or the body's own finding (第五十六条、第五十七条).
incidental_clean = _on_own_accepted_case("登记规范性文件附带审查")


# 2023 法第十五条第一款: 同一行政复议案件申请人人数众多的，可以由申请人推选代表人参加行政复议; 实施条例
# 第八条 (in force under both texts): 申请人超过5人的，推选1至5名代表参加行政复议.
MANY_APPLICANTS, MAX_REPRESENTATIVES = 5, 5


def representatives_fit(rows: list[dict]) -> str | None:
    """The 申请人 rows' 代表人: only when more than five apply, at most five of them."""
    chosen = sum(1 for row in rows if row.get("is_representative"))
    if not chosen:
        return None
    if len(rows) <= MANY_APPLICANTS:
        return (
            f"申请人超过{MANY_APPLICANTS}人的，才推选代表人参加行政复议（《行政复议法》第十五条、"
            f"《行政复议法实施条例》第八条）；本案申请人{len(rows)}人，请取消“代表人”。"
        )
    if chosen > MAX_REPRESENTATIVES:
        return f"代表人为1至{MAX_REPRESENTATIVES}人（《行政复议法实施条例》第八条），本案选了{chosen}人。"
    return None
