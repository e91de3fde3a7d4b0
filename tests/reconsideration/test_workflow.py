"""The generic procedure suite applied to 行政复议 and to its 意见书/建议书 (every move, refusal,
guard and clock)."""

import datetime as dt

import pytest

from fazhi.core.workflow import engine
from fazhi.core.workflow.testing import ProcedureSuite, SuiteContext
from fazhi.reconsideration.models import IncidentalReview, ReconsiderationCase, ReconsiderationOpinion
from tests import factories
from tests.reconsideration import factories as rf


def _leader(ctx):
    return ctx.user(("leader",)).pk


def _simple_case_wanted(request) -> bool:
    """简易→普通 needs a simple-procedure case; its guard test uses an ordinary one (nothing to convert)."""
    name = request.node.name
    return "convert_to_ordinary" in name and not name.startswith("test_guard_refuses")


class TestReconsiderationProcedure(ProcedureSuite):
    procedure_name = "reconsideration"
    today = dt.date(2026, 9, 28)
    inputs = {
        "register": {"received_on": "2026-08-03"},
        "request_completion": {
            "items": "申请人身份证明复印件；被申请行为的证据",
            "sent_on": "2026-08-04",
            "notified_on": "2026-08-04",
        },
        # No shorter period set by a special law (第六十二条第一款但书): the ordinary 60 日.
        "accept": {"accepted_on": "2026-08-05", "decision_days": "", "decision_basis": ""},
        "reject": {"reason": "不属于行政复议范围", "decided_on": "2026-08-07"},
        "send_copy": {"sent_on": "2026-08-06", "received_on": "2026-08-06"},
        "receive_answer": {"answered_on": "2026-08-20", "manner": "in_person", "posted_on": ""},
        "record_posting": {"posted_on": "2026-08-19"},
        # Notice on 08-21: five working days later is 08-28; the hearing is on 09-01.
        "schedule_hearing": {"hearing_date": "2026-09-01", "notified_on": "2026-08-21"},
        "reschedule_hearing": {"hearing_date": "2026-09-10", "notified_on": "2026-08-24"},
        "extend": lambda ctx: {"days": 10, "reason": "案情重大复杂", "approver": _leader(ctx)},
        "extend_completion": lambda ctx: {"days": 5, "reason": "申请人住院", "approver": _leader(ctx)},
        "convert_to_ordinary": lambda ctx: {"reason": "案情复杂，不宜适用简易程序", "approver": _leader(ctx)},
        # 听取意见 on the day of the answer, so the steps dated after it (the hearing notice) still follow.
        "hear_views": {"heard_on": "2026-08-20"},
        "consult_committee": {"requested_on": "2026-08-21", "advised_on": "2026-08-25"},
        "decide": {"decision_type": "revoke"},
        "suspend": {"ground": "depends"},
    }
    guard_failures = {
        # 补正通知 later than 5 个工作日 after receipt (2026-08-03 → due 2026-08-10).
        "request_completion": lambda ctx, case: {"sent_on": "2026-09-28", "notified_on": "2026-09-28"},
        # 较短期限 not shorter than 60 日 (第六十二条第一款但书).
        "accept": lambda ctx, case: {"decision_days": 90, "decision_basis": "《某法》第十条"},
        # Received before it was sent (第四十八条).
        "send_copy": lambda ctx, case: {"received_on": "2026-08-05"},
        # Mailed without its posting date (民事诉讼法第八十五条: 期满前交邮的，不算过期).
        "receive_answer": lambda ctx, case: {"manner": "post", "posted_on": ""},
        # Posted before the respondent received the copy (08-06).
        "record_posting": lambda ctx, case: {"posted_on": "2026-08-05"},
        # Served before it was sent.
        "serve": lambda ctx, case: {"sent_on": "2026-09-28", "served_on": "2026-09-27"},
        # 视为放弃 before the 补正期限 has run out (notice 2026-08-04 → due 2026-08-18).
        "deem_abandoned": lambda ctx, case: {"noted_on": "2026-08-10"},
        # 不予受理 after the review period (due 08-10) ended: 第三十条第二款, 驳回申请 instead.
        "reject": lambda ctx, case: {"decided_on": "2026-08-11"},
        # 依上级责令受理 before the order was made (第三十五条).
        "accept_on_order": lambda ctx, case: {"ordered_on": "2026-08-20", "accepted_on": "2026-08-19"},
        # 视为受理 on the last day of the review (received 08-03 → due 08-10): not lapsed yet.
        "deem_accepted": lambda ctx, case: {"noted_on": "2026-08-10"},
        # 逾期未答复 before the answer period ends (copy received 08-06 → due 08-20).
        "answer_overdue": lambda ctx, case: {"noted_on": "2026-08-20"},
        # Hearing two working days after the notice.
        "schedule_hearing": lambda ctx, case: {"hearing_date": "2026-08-25"},
        "reschedule_hearing": lambda ctx, case: {"hearing_date": "2026-08-25", "notified_on": "2026-08-24"},
        # Held before the date it was set for (09-01).
        "hold_hearing": lambda ctx, case: {"held_on": "2026-08-28"},
        "convert_to_ordinary": lambda ctx, case: None,  # the case is ordinary (see _simple_case_wanted)
        # 中止满六十日 on a case that is not suspended at all.
        "terminate": lambda ctx, case: {"ground": "long_suspension"},
        # A 2017-law decision type on a case received in 2026.
        "decide": lambda ctx, case: {"decision_type": "reject"},
        # 书面审理 without the party's reason for not being heard (第四十九条).
        "hear_views": lambda ctx, case: {"manner": "written", "unable_reason": ""},
        # 重大、疑难、复杂 on a simple-procedure case (第五十三条): convert first.
        "mark_complex": lambda ctx, case: ctx.update(case, simple_procedure=True),
        # The committee's opinion dated before it was asked for.
        "consult_committee": lambda ctx, case: {"requested_on": "2026-08-26"},
        # 履行期限 before the day the order is made (第七十七条).
        "order_compliance": lambda ctx, case: {"ordered_on": "2026-09-28", "deadline": "2026-09-20"},
        # 抄告 is a 2023 rule (第七十九条第二款).
        "copy_to_superior": lambda ctx, case: ctx.update(
            case, law_version="2017", received_on=dt.date(2023, 9, 1)
        ),
        # 简易程序 cases cannot be extended.
        "extend": lambda ctx, case: ctx.update(case, simple_procedure=True),
    }

    @pytest.fixture
    def env(self, tree):
        return tree

    @pytest.fixture
    def ctx(self, env, db, request):
        ctx = SuiteContext(self, env, self.today)
        ctx.simple = _simple_case_wanted(request)
        return ctx

    def make_record(self, ctx):
        return rf.new_case(
            ctx.env["east_justice"],
            ctx.actor,
            dt.date(2026, 8, 3),
            simple_procedure=ctx.simple,
            simple_procedure_ground="consent" if ctx.simple else "",  # 第五十三条第二款
        )

    def make_user(self, ctx, roles, *, outsider=False):
        return factories.user(ctx.env["west_justice" if outsider else "east_justice"], roles=roles)

    def record_in(self, ctx, state):
        """Along the shortest path, the parties heard as soon as the case is in 审理: an ordinary
        2023-text case is decided only then (第四十九条)."""
        record = ctx.new_record()
        for t in ctx.procedure.paths()[state]:
            ctx.provide_attachments(record, t.name)
            record = ctx.perform(record, t.name)
            if record.status == "reviewing" and t.name != "hear_views":
                record = ctx.perform(record, "hear_views")
        assert record.status == state
        return record


def _unaccept(case_pk) -> dict:
    """意见书 only on an accepted case (第七十六条): the case's acceptance is taken back."""
    ReconsiderationCase.objects.filter(pk=case_pk).update(accepted_on=None)
    return {}


class TestReconsiderationOpinionProcedure(ProcedureSuite):
    procedure_name = "reconsideration_opinion"
    today = dt.date(2026, 9, 28)
    inputs = {"issue": {"received_on": "2026-09-01"}}
    guard_failures = {"issue": lambda ctx, opinion: _unaccept(opinion.case_id)}

    @pytest.fixture
    def env(self, tree):
        return tree

    def make_record(self, ctx):
        org = ctx.env["east_justice"]
        case = rf.new_case(org, ctx.actor, dt.date(2026, 8, 3), accepted_on=dt.date(2026, 8, 5))
        return engine.create(
            ReconsiderationOpinion,
            actor=ctx.actor,
            case=case,
            organisation=org,
            kind="opinion",
            recipient="东区市场监督管理局",
            content="处罚决定未告知陈述申辩权利，应予纠正。",
        )

    def make_user(self, ctx, roles, *, outsider=False):
        return factories.user(ctx.env["west_justice" if outsider else "east_justice"], roles=roles)


def _referred_branch(request) -> bool:
    """转送 and what follows need a document the body may not handle itself; the rest one it may."""
    return any(word in request.node.name for word in ("refer", "transfer", "reply", "replied"))


class TestIncidentalReviewProcedure(ProcedureSuite):
    """规范性文件附带审查 (2023 法第五十六条至第六十条)."""

    procedure_name = "reconsideration_incidental"
    today = dt.date(2026, 9, 28)
    inputs = {
        "handle": {"decided_on": "2026-08-12"},
        "refer": {"decided_on": "2026-08-12"},
        "notify_maker": {"notified_on": "2026-08-13", "maker_received_on": "2026-08-14"},
        "record_maker_answer": {"answered_on": "2026-08-25", "summary": "相关条款有上位法依据。"},
        "conclude": {"outcome": "lawful", "reasoning": "相关条款合法。", "concluded_on": "2026-09-01"},
        "transfer": {
            "transferred_to": "南宁市人民政府",
            "sent_on": "2026-08-14",
            "received_on": "2026-08-17",
        },
        "record_reply": {"replied_on": "2026-09-20", "summary": "经审查，相关条款合法。"},
    }
    guard_failures = {
        "handle": lambda ctx, review: ctx.update(review, competent=False),
        "refer": lambda ctx, review: ctx.update(review, competent=True),
        "notify_maker": lambda ctx, review: {"notified_on": "2026-08-13", "maker_received_on": "2026-08-12"},
        "transfer": lambda ctx, review: {"sent_on": "2026-08-14", "received_on": "2026-08-13"},
    }

    @pytest.fixture
    def env(self, tree):
        return tree

    @pytest.fixture
    def ctx(self, env, db, request):
        ctx = SuiteContext(self, env, self.today)
        ctx.competent = not _referred_branch(request)
        return ctx

    def make_record(self, ctx):
        org = ctx.env["east_justice"]
        case = rf.new_case(org, ctx.actor, dt.date(2026, 8, 3), accepted_on=dt.date(2026, 8, 5))
        return engine.create(
            IncidentalReview,
            actor=ctx.actor,
            case=case,
            organisation=org,
            origin="applicant",
            document_title="《东区农村宅基地管理办法》",
            maker="东区人民政府" if ctx.competent else "南宁市人民政府",
            competent=ctx.competent,
            started_on=dt.date(2026, 8, 10),
        )

    def make_user(self, ctx, roles, *, outsider=False):
        return factories.user(ctx.env["west_justice" if outsider else "east_justice"], roles=roles)
