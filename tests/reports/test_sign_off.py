"""Sign-off pins the indicator run: regenerating a signed-off report prints the same figures even
after the records change (docs/conventions.md idea 3)."""

import io

import pytest
from django.core.management import call_command
from docx import Document

from fazhi.core.audit.models import AuditEvent
from fazhi.indicators import periods
from fazhi.indicators import services as indicators
from fazhi.reconsideration.models import ReconsiderationCase
from fazhi.reports import services
from fazhi.reports.models import ReportStatus

pytestmark = pytest.mark.django_db


def _measures(report) -> str:
    data, _ = services.generate(report)
    texts = [p.text for p in Document(io.BytesIO(data)).paragraphs]
    return next(t for t in texts if "纠错率" in t)


def _correct_one_more(seed000) -> None:
    """An upheld 2022 case turns out revoked (e.g. a data-entry correction)."""
    upheld = next(c for c in seed000 if c.decision_type == "uphold")
    ReconsiderationCase.objects.filter(pk=upheld.pk).update(decision_type="revoke")


def test_signed_off_report_keeps_its_figures_after_records_change(
    report, seed000, supervisor, tree, tmp_path
):
    assert "纠错率9.1%（纠错3件）" in _measures(report)
    report = services.sign_off(report=report, actor=supervisor)
    assert report.status == ReportStatus.SIGNED_OFF and report.signed_off_by == supervisor
    pinned = report.run_id
    assert pinned is not None

    _correct_one_more(seed000)
    latest = indicators.compute_run(tree["east"], periods.year(2022)).run
    assert latest.pk != pinned  # the records did change: a new current run, 4 / 33
    current = services.current_figures("450206", periods.year(2022))["reconsideration.correction_rate"]
    assert (current.numerator, current.denominator, current.shown) == (4, 33, "12.12%")

    report.refresh_from_db()
    assert report.run_id == pinned
    assert "纠错率9.1%（纠错3件）" in _measures(report)
    stdout = io.StringIO()
    call_command(
        "report",
        region="450206",
        year=2022,
        output=str(tmp_path / "r.docx"),
        stdout=stdout,
        stderr=io.StringIO(),
    )
    assert "已定稿" in stdout.getvalue()
    paragraphs = [p.text for p in Document(str(tmp_path / "r.docx")).paragraphs]
    assert any("纠错率9.1%（纠错3件）" in t for t in paragraphs)


def test_draft_quotes_the_current_figures(report, seed000, tree):
    _correct_one_more(seed000)
    assert "纠错率12.1%（纠错4件）" in _measures(report)


def test_signed_off_report_cannot_be_edited_or_signed_again(report, supervisor):
    report = services.sign_off(report=report, actor=supervisor)
    with pytest.raises(services.ReportError, match="已定稿"):
        services.part_update(report=report, key="other", text="补充", actor=supervisor)
    with pytest.raises(services.ReportError, match="已定稿"):
        services.sign_off(report=report, actor=supervisor)


def test_sign_off_freezes_the_quoted_definitions_and_is_audited(report, supervisor, monkeypatch):
    report = services.sign_off(report=report, actor=supervisor)
    assert set(report.frozen_definitions) == {
        "reconsideration.received",
        "reconsideration.accepted",
        "reconsideration.concluded",
        *(
            f"reconsideration.concluded.{t}"
            for t in ("uphold", "reject", "revoke", "confirm_illegal", "terminated")
        ),
        "reconsideration.correction_rate",
    }
    assert report.frozen_definitions["reconsideration.correction_rate"]["definition"]["basis"] == "审结"
    event = AuditEvent.objects.filter(action="reports.sign_off").get()
    assert event.detail["run"] == report.run_id
    # A later change of a definition's wording does not change the signed-off appendix.
    monkeypatch.setattr(
        services, "_definition", lambda code, period=None: ({"basis": "受理", "numerator": "改"}, 9, 1)
    )
    fig = services.report_figures(report)["reconsideration.correction_rate"]
    assert fig.basis == "审结"
