"""What a 2023-text 行政复议 case must go through before its decision, and what the decision must say:
听取意见 (第四十九条), 听证 for a 重大、疑难、复杂 case (第五十条第一款), the 行政复议委员会's 咨询意见
(第五十二条第二款), the 决定方式 and the 决定书's content (第六十一条第一款、第七十五条), and the published
text that carries that content, masked."""

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType

from fazhi.core.publication.models import Publication
from fazhi.core.workflow import engine
from fazhi.core.workflow.queue import actions_for
from fazhi.core.workflow.testing import confirm_pending
from fazhi.reconsideration.workflow import PROCEDURE
from tests import factories
from tests.reconsideration import factories as rf
from tests.reconsideration.test_workflow_rules import factories_attach, reviewing_case

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.fixture
def staff(tree):
    org = tree["east_justice"]
    return {
        "org": org,
        "officer": factories.user(org, roles=("officer", "reviewer")),
        "head": factories.user(org, roles=("leader",)),
    }


def decide(case, actor, on, **kw):
    return engine.perform(
        case, "decide", actor=actor, data=rf.decision(kw.pop("decision_type", "uphold"), on, **kw), today=on
    )


def decide_button(case, actor, today):
    return next(o for o in engine.options(case, actor, today=today) if o.transition.name == "decide")


def refused_unchanged(case, actor, on, match, **kw):
    """``decide`` is refused with ``match`` in the message, and the case is where it was."""
    version = case.version
    with pytest.raises(engine.GuardFailed, match=match) as refused:
        decide(case, actor, on, **kw)
    case.refresh_from_db()
    assert (case.status, case.version, case.decision_type) == ("reviewing", version, "")
    assert not engine.history(case).filter(transition="decide").exists()
    return refused.value.message


# --- 听取意见 (第四十九条) ----------------------------------------------------------------------------


def test_an_ordinary_case_is_not_decided_before_the_parties_are_heard_art_49(staff):
    """2023 法第四十九条: 适用普通程序审理的…应当当面或者通过互联网、电话等方式听取当事人的意见. The 决定
    button says so before anything is filled in; once heard (by phone), the case is decided."""
    officer = staff["officer"]
    case = reviewing_case(staff, D(2026, 9, 1))
    button = decide_button(case, officer, D(2026, 9, 15))
    assert not button.enabled and "第四十九条" in button.reason and "听取当事人意见" in button.reason
    message = refused_unchanged(case, officer, D(2026, 9, 15), "第四十九条")
    assert message == button.reason

    rf.hear_views(case, officer, D(2026, 9, 10))
    assert decide_button(case, officer, D(2026, 9, 15)).enabled
    decide(case, officer, D(2026, 9, 15))
    assert (case.status, case.decision_type) == ("decided", "uphold")


def test_written_review_when_a_party_cannot_be_heard_needs_the_reason_art_49(staff):
    """第四十九条: 因当事人原因不能听取意见的，可以书面审理 — the step records why, then the case is
    decided on the papers."""
    officer = staff["officer"]
    case = reviewing_case(staff, D(2026, 9, 1))
    with pytest.raises(engine.GuardFailed, match="因当事人何种原因"):
        rf.hear_views(case, officer, D(2026, 9, 10), manner="written")
    case.refresh_from_db()
    assert not engine.history(case).filter(transition="hear_views").exists()

    rf.hear_views(
        case,
        officer,
        D(2026, 9, 10),
        manner="written",
        unable_reason="申请人在外地住院，书面表示不能陈述意见",
    )
    decide(case, officer, D(2026, 9, 15))
    assert case.status == "decided"


def test_simple_procedure_and_2017_cases_may_be_decided_on_the_papers_art_54_and_2017_art_22(staff):
    """简易程序 可以书面审理 (2023 法第五十四条); a case received in 2023 follows the 2017 法 (第二十二条:
    原则上采取书面审查的办法) — neither needs 听取意见 before its decision."""
    officer = staff["officer"]
    simple = reviewing_case(staff, D(2026, 9, 1), simple_procedure=True, simple_procedure_ground="consent")
    assert decide_button(simple, officer, D(2026, 9, 10)).enabled
    decide(simple, officer, D(2026, 9, 10))
    old = reviewing_case(staff, D(2023, 9, 20))
    assert old.law_version == "2017"
    decide(old, officer, D(2023, 10, 9), decision_type="revoke")
    assert (simple.status, old.status) == ("decided", "decided")


def test_a_converted_case_is_heard_before_its_decision_art_49_and_55(staff):
    """简易程序转为普通程序 (第五十五条): from then on the ordinary rule of 第四十九条 applies."""
    officer, head = staff["officer"], staff["head"]
    case = reviewing_case(staff, D(2026, 9, 1), simple_procedure=True, simple_procedure_ground="consent")
    engine.perform(
        case,
        "convert_to_ordinary",
        actor=officer,
        data={"reason": "案情复杂", "approver": head.pk, "converted_on": D(2026, 9, 7)},
        today=D(2026, 9, 7),
    )
    case.refresh_from_db()
    assert not case.simple_procedure
    refused_unchanged(case, officer, D(2026, 9, 10), "第四十九条")


# --- 重大、疑难、复杂: 听证 (第五十条) and 咨询意见 (第五十二条) ----------------------------------------


def _hold_hearing(case, officer, notified, held):
    engine.perform(
        case,
        "schedule_hearing",
        actor=officer,
        data={
            "basis": "major",
            "hearing_date": held,
            "place": "东区司法局听证室",
            "matters": "处罚事实是否清楚",
            "notified_on": notified,
        },
        today=notified,
    )
    factories_attach(case, officer, "听证笔录")
    engine.perform(
        case,
        "hold_hearing",
        actor=officer,
        data={"held_on": held, "presided_by": "李四", "summary": "双方当事人质证、辩论"},
        today=held,
    )


def _consult(case, officer, requested, advised):
    engine.perform(
        case,
        "consult_committee",
        actor=officer,
        data={"requested_on": requested, "advised_on": advised, "opinion": "多数委员认为处罚幅度明显过重"},
        today=advised,
    )


def test_a_major_case_is_heard_in_a_hearing_and_put_to_the_committee_before_its_decision_art_50_52(staff):
    """2023 法第五十条第一款: 审理重大、疑难、复杂的行政复议案件，行政复议机构应当组织听证; 第五十二条第二款
    第一项: 案情重大、疑难、复杂的，应当提请行政复议委员会提出咨询意见. Heard by phone is not enough."""
    officer = staff["officer"]
    case = reviewing_case(staff, D(2026, 9, 1))
    engine.perform(
        case,
        "mark_complex",
        actor=officer,
        data={"ground": "major", "reason": "涉及群体利益，社会影响大", "marked_on": D(2026, 9, 3)},
        today=D(2026, 9, 3),
    )
    assert case.committee_ground == "major"
    rf.hear_views(case, officer, D(2026, 9, 4))
    button = decide_button(case, officer, D(2026, 9, 4))
    assert not button.enabled and "第五十条第一款" in button.reason
    refused_unchanged(case, officer, D(2026, 9, 4), "应当组织听证")

    # Notice Mon 09-07, five working days → the hearing no earlier than Mon 09-14.
    _hold_hearing(case, officer, D(2026, 9, 7), D(2026, 9, 14))
    button = decide_button(case, officer, D(2026, 9, 15))
    assert not button.enabled and "第五十二条第二款" in button.reason
    assert "案情重大、疑难、复杂" in button.reason
    refused_unchanged(case, officer, D(2026, 9, 15), "提请行政复议委员会")

    _consult(case, officer, D(2026, 9, 15), D(2026, 9, 22))
    log = engine.history(case).get(transition="consult_committee")
    assert log.article == "《行政复议法》第五十二条" and log.data["opinion"] == "多数委员认为处罚幅度明显过重"
    decide(case, officer, D(2026, 9, 25), decision_type="change")
    assert case.status == "decided"


def test_noticing_a_mandatory_hearing_marks_the_case_major_and_a_cancelled_one_does_not_count_art_50(staff):
    """A hearing noticed as 案件重大、疑难、复杂，应当听证 makes the case major (第五十条第一款); cancelling it
    leaves the decision refused until a hearing is held."""
    officer = staff["officer"]
    case = reviewing_case(staff, D(2026, 9, 1))
    rf.hear_views(case, officer, D(2026, 9, 4))
    engine.perform(
        case,
        "schedule_hearing",
        actor=officer,
        data={
            "basis": "major",
            "hearing_date": D(2026, 9, 14),
            "place": "东区司法局听证室",
            "matters": "处罚事实是否清楚",
            "notified_on": D(2026, 9, 7),
        },
        today=D(2026, 9, 7),
    )
    assert case.committee_ground == "major"
    engine.perform(
        case,
        "cancel_hearing",
        actor=officer,
        data={"reason": "听证场地不能使用", "cancelled_on": D(2026, 9, 8)},
        today=D(2026, 9, 8),
    )
    _consult(case, officer, D(2026, 9, 9), D(2026, 9, 10))
    refused_unchanged(case, officer, D(2026, 9, 11), "第五十条第一款")


def test_a_hearing_held_hears_the_parties_art_49_50(staff):
    """A 听证 held at the applicant's request (第五十条第二款) hears the parties in person, its 听证笔录 on
    file: 第四十九条 needs no separate 听取意见 then."""
    officer = staff["officer"]
    case = reviewing_case(staff, D(2026, 9, 1))
    engine.perform(
        case,
        "schedule_hearing",
        actor=officer,
        data={
            "basis": "requested",
            "hearing_date": D(2026, 9, 14),
            "place": "东区司法局听证室",
            "matters": "处罚事实是否清楚",
            "notified_on": D(2026, 9, 7),
        },
        today=D(2026, 9, 7),
    )
    factories_attach(case, officer, "听证笔录")
    engine.perform(
        case,
        "hold_hearing",
        actor=officer,
        data={"held_on": D(2026, 9, 14), "presided_by": "李四", "summary": "双方当事人质证、辩论"},
        today=D(2026, 9, 14),
    )
    assert case.committee_ground == "" and not engine.history(case).filter(transition="hear_views").exists()
    decide(case, officer, D(2026, 9, 15))
    assert case.status == "decided"


def test_a_technical_case_waits_for_the_committee_opinion_not_for_a_hearing_art_52(staff):
    """第五十二条第二款第二项: 专业性、技术性较强 — the 咨询意见 is required, a hearing is not (第五十条
    requires one only for 重大、疑难、复杂). The opinion cannot be dated before it was asked for."""
    officer = staff["officer"]
    case = reviewing_case(staff, D(2026, 9, 1))
    rf.hear_views(case, officer, D(2026, 9, 4))
    engine.perform(
        case,
        "mark_complex",
        actor=officer,
        data={"ground": "technical", "reason": "涉及建筑工程质量检测标准", "marked_on": D(2026, 9, 4)},
        today=D(2026, 9, 4),
    )
    message = refused_unchanged(case, officer, D(2026, 9, 8), "专业性、技术性较强")
    assert "第五十二条第二款" in message
    with pytest.raises(engine.GuardFailed, match="不能早于提请咨询的日期"):
        _consult(case, officer, D(2026, 9, 10), D(2026, 9, 9))
    assert not engine.history(case).filter(transition="consult_committee").exists()
    _consult(case, officer, D(2026, 9, 8), D(2026, 9, 10))
    decide(case, officer, D(2026, 9, 11))
    assert case.status == "decided"


def test_a_simple_procedure_case_is_not_marked_major_without_conversion_art_53_55(staff):
    """简易程序 is for cases 事实清楚、权利义务关系明确、争议不大 (第五十三条): a major case is converted
    first (第五十五条); marking one is refused and nothing changes."""
    officer = staff["officer"]
    case = reviewing_case(staff, D(2026, 9, 1), simple_procedure=True, simple_procedure_ground="consent")
    with pytest.raises(engine.GuardFailed, match="请先转为普通程序"):
        engine.perform(
            case,
            "mark_complex",
            actor=officer,
            data={"ground": "major", "reason": "社会影响大", "marked_on": D(2026, 9, 3)},
            today=D(2026, 9, 3),
        )
    case.refresh_from_db()
    assert case.committee_ground == ""


def test_a_2017_case_marked_major_is_decided_without_hearing_or_committee(staff):
    """The 2017 text (实施条例第三十三条) leaves the 听证 to discretion and has no 行政复议委员会: marking
    a case received in 2023 asks nothing more of its decision."""
    officer = staff["officer"]
    case = reviewing_case(staff, D(2023, 9, 20))
    engine.perform(
        case,
        "mark_complex",
        actor=officer,
        data={"ground": "major", "reason": "案情复杂", "marked_on": D(2023, 9, 25)},
        today=D(2023, 9, 25),
    )
    assert engine.history(case).get(transition="mark_complex").article == "《行政复议法实施条例》第三十三条"
    decide(case, officer, D(2023, 10, 9))
    assert case.status == "decided"


def test_the_reviewing_queue_waits_for_the_committee_consultation_too(staff):
    """待审理决定 lists what a case in 审理 waits for: 听取意见, 听证, the 咨询意见 (第五十二条) and 决定."""
    actions = actions_for(PROCEDURE, PROCEDURE.state("reviewing"), ("officer", "reviewer"))
    assert actions == ("听取当事人意见", "提请行政复议委员会咨询", "通知听证", "作出行政复议决定")


# --- 决定方式 and the 决定书's content (第六十一条第一款、第七十五条) -------------------------------------


def test_the_decision_says_how_it_was_approved_art_61(staff):
    """2023 法第六十一条第一款 (2017 法第二十八条第一款): 经行政复议机关的负责人同意或者集体讨论通过. The
    决定方式 is required, and the 负责人 named when it is his 同意; refused, nothing changes."""
    officer, head = staff["officer"], staff["head"]
    case = reviewing_case(staff, D(2026, 9, 1))
    rf.hear_views(case, officer, D(2026, 9, 4))
    data = rf.decision("uphold", D(2026, 9, 10))
    del data["approval"]
    with pytest.raises(engine.MissingInput, match="决定方式") as missing:
        engine.perform(case, "decide", actor=officer, data=data, today=D(2026, 9, 10))
    assert set(missing.value.field_errors) == {"approval"}
    message = refused_unchanged(case, officer, D(2026, 9, 10), "同意的行政复议机关负责人", approval="leader")
    assert "第六十一条第一款" in message
    asked = decide(case, officer, D(2026, 9, 10), approval="leader", approver=head.pk)
    confirm_pending(asked, D(2026, 9, 11))
    assert engine.history(case).get(transition="decide").data["approver"]["id"] == head.pk

    old = reviewing_case(staff, D(2023, 9, 20))
    message = refused_unchanged(old, officer, D(2023, 10, 9), "负责人", approval="leader")
    assert "第二十八条第一款" in message


def test_a_decision_the_head_agrees_to_waits_for_his_own_confirmation_and_dates_from_it_art_61(staff):
    """经行政复议机关的负责人同意 (第六十一条第一款) is the 负责人's act, not the officer's word for it:
    the decision waits on the named 负责人's 待办, changes nothing meanwhile, and when he confirms
    it is made on that day (the 决定书's date); he may refuse it. 经集体讨论通过 is made as entered."""
    officer, head = staff["officer"], staff["head"]
    case = reviewing_case(staff, D(2026, 9, 1))
    rf.hear_views(case, officer, D(2026, 9, 4))
    asked = decide(case, officer, D(2026, 9, 10), approval="leader", approver=head.pk)
    case.refresh_from_db()
    assert (case.status, case.decision_type) == ("reviewing", "")
    waiting = list(engine.pending_approvals_for(head))
    assert [(p.transition, p.subject_id) for p in waiting] == [("decide", case.pk)]
    with pytest.raises(engine.ApprovalRefused):  # the officer cannot confirm for him
        engine.confirm(asked.pending_approval, actor=officer, today=D(2026, 9, 14))
    engine.refuse(asked.pending_approval, actor=head, note="请补充经审理查明的事实")
    case.refresh_from_db()
    assert case.status == "reviewing"

    asked = decide(case, officer, D(2026, 9, 15), approval="leader", approver=head.pk)
    engine.confirm(asked.pending_approval, actor=head, today=D(2026, 9, 17))
    case.refresh_from_db()
    assert (case.status, case.decided_on) == ("decided", D(2026, 9, 17))
    log = engine.history(case).get(transition="decide")
    assert (log.legal_date, log.actor_id) == (D(2026, 9, 17), officer.pk)

    other = reviewing_case(staff, D(2026, 9, 1))
    rf.hear_views(other, officer, D(2026, 9, 4))
    decide(other, officer, D(2026, 9, 10), approval="collective")
    other.refresh_from_db()
    assert (other.status, other.decided_on) == ("decided", D(2026, 9, 10))


def test_a_decision_states_the_parties_facts_and_reasons_a_mediation_its_agreement(staff):
    """The 决定书 (2023 法第七十五条) states 申请人称, 被申请人称, 经审理查明 and 本机关认为: a decision
    without them is refused, naming what is missing. A 调解书 (第七十三条) carries the agreement instead."""
    officer = staff["officer"]
    case = reviewing_case(staff, D(2026, 9, 1))
    rf.hear_views(case, officer, D(2026, 9, 4))
    message = refused_unchanged(case, officer, D(2026, 9, 10), "第七十五条", facts="", reasoning=" ")
    assert message.endswith("请填写：经审理查明、本机关认为。")
    refused_unchanged(case, officer, D(2026, 9, 10), "调解协议内容", decision_type="mediation")

    decide(
        case,
        officer,
        D(2026, 9, 10),
        decision_type="mediation",
        reasoning="",
        agreement="被申请人将罚款变更为二千元，申请人放弃其他复议请求",
    )
    assert (case.status, case.decision_type) == ("decided", "mediation")


def test_without_an_answer_the_decision_needs_no_respondent_statement_art_70(staff):
    """被申请人逾期未答复 (第四十八条、第七十条): there is no 被申请人称 to state — the 决定书 says it did
    not answer."""
    officer = staff["officer"]
    case = rf.registered(staff["org"], officer, D(2026, 8, 31))
    engine.perform(case, "accept", actor=officer, data={"accepted_on": D(2026, 9, 1)}, today=D(2026, 9, 1))
    engine.perform(case, "send_copy", actor=officer, data={"sent_on": D(2026, 9, 1)}, today=D(2026, 9, 1))
    # 10 个工作日 from 09-01: due 09-15.
    engine.perform(
        case, "answer_overdue", actor=officer, data={"noted_on": D(2026, 9, 16)}, today=D(2026, 9, 16)
    )
    rf.hear_views(case, officer, D(2026, 9, 17))
    decide(case, officer, D(2026, 9, 18), decision_type="revoke", respondent_says="")
    assert case.status == "decided"


# --- the published text is the 决定书's content, masked (第七十九条) --------------------------------------


def test_the_published_decision_carries_the_decision_content_with_persons_masked(
    staff, django_capture_on_commit_callbacks
):
    """公开行政复议决定书 (第七十九条第一款): the text is what the 决定书 says — 申请人称, 被申请人称, 经审理
    查明, 本机关认为 and the decision with its article — with the applicant's name masked wherever the
    复议机构 wrote it."""
    officer = staff["officer"]
    case = reviewing_case(staff, D(2026, 9, 1))
    rf.hear_views(case, officer, D(2026, 9, 4))
    decide(
        case,
        officer,
        D(2026, 9, 10),
        decision_type="revoke",
        applicant_says="张三称其已于检查当日补正价签，处罚过重",
        facts="张三经营的门店于2026年6月3日未按规定明码标价，次日已改正",
        reasoning="被申请人未考虑当事人及时改正的情节，处罚明显不当",
    )
    with django_capture_on_commit_callbacks(execute=True):
        engine.perform(case, "serve", actor=officer, data={"served_on": D(2026, 9, 11)}, today=D(2026, 9, 11))
    pub = Publication.objects.get(subject_type=ContentType.objects.get_for_model(case), subject_id=case.pk)
    text = next(f["value"] for f in pub.fields if f["key"] == "text")
    assert "申请人称：张某称其已于检查当日补正价签，处罚过重。" in text
    assert "被申请人称：被申请人作出的行政处罚事实清楚，证据确凿，程序合法。" in text
    assert "经审理查明：张某经营的门店于2026年6月3日未按规定明码标价，次日已改正。" in text
    assert "本机关认为：被申请人未考虑当事人及时改正的情节，处罚明显不当。" in text
    assert "根据《中华人民共和国行政复议法》第六十四条的规定，本机关决定：撤销被申请人" in text
    assert "张三" not in text and "张三" not in pub.search_text
