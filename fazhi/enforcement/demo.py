"""Demo 行政执法 registers: every enforcement department of each county is a confirmed 执法主体 (a
few entrusted, e.g. a 综合行政执法队 entrusted by its 局), each with its officers — most certified,
some with a certificate ending within 90 days, one or two expired while still in post, some who
left, this year's training hours and last year's qualification exam (about seven in ten pass) — so
the lists, the 待办 reminders and the figures have something in every state. Deterministic: all
randomness comes from ``rng``; dates count from today."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from fazhi.demo import kit
from fazhi.demo.registry import register
from fazhi.enforcement.models import (
    BodyBasis,
    CertificateKind,
    EnforcementBody,
    EnforcementOfficer,
    ExamResult,
)

OFFICERS = {"county": (8, 14), "city": (4, 8), "province": (2, 4)}
CATEGORIES = {
    "市场监督管理局": "市场监管",
    "生态环境局": "生态环境",
    "交通运输局": "交通运输",
    "农业农村局": "农业农村",
    "自然资源局": "自然资源",
    "卫生健康局": "卫生健康",
    "应急管理局": "应急管理",
    "住房和城乡建设局": "住房城乡建设",
    "文化广电和旅游局": "文化市场",
    "公安局": "公安",
}


def _category(name: str) -> str:
    return next((c for suffix, c in CATEGORIES.items() if name.endswith(suffix)), "综合行政执法")


@register
def enforcement_registers(rng, scale, orgs, users):
    today = timezone.localdate()
    bodies, officers = [], []
    enforcing = [o for o in orgs if o.is_enforcement_body]
    low, high = OFFICERS.get(scale, OFFICERS["county"])
    serial = 0
    for org in enforcing:
        confirmed = today - dt.timedelta(days=rng.randint(400, 1500))
        bodies.append(
            EnforcementBody(
                organisation=org,
                region_code=org.region_id,
                basis_kind=BodyBasis.STATUTORY,
                scope=f"{_category(org.name)}领域的行政处罚、行政强制和行政检查。",
                legal_basis="《中华人民共和国行政处罚法》第十七条；相关法律、法规规定的职责。",
                confirmed_on=confirmed,
            )
        )
        for _ in range(rng.randint(low, high)):
            serial += 1
            officers.append(_officer(rng, org, serial, today))
    EnforcementBody.objects.bulk_create(bodies)
    EnforcementOfficer.objects.bulk_create(officers)


def _officer(rng, org, serial: int, today: dt.date) -> EnforcementOfficer:
    officer = EnforcementOfficer(
        organisation=org,
        region_code=org.region_id,
        full_name=kit.person_name(rng),
        category=_category(org.name),
        certificate_kind=CertificateKind.SUPERVISION if rng.random() < 0.05 else CertificateKind.ENFORCEMENT,
        training_year=today.year,
        training_hours=rng.choice([24, 32, 40, 42, 48, 56, 60]),
    )
    roll = rng.random()
    if roll < 0.08:  # registered for last year's exam, no certificate yet
        officer.exam_on = dt.date(today.year - 1, 11, 15)
        officer.exam_result = rng.choice([ExamResult.FAILED, ExamResult.ABSENT])
        return officer
    officer.certificate_number = f"{org.region_id}{serial:05d}"
    officer.issued_on = today - dt.timedelta(days=rng.randint(200, 1700))
    officer.valid_until = officer.issued_on + dt.timedelta(days=5 * 365)
    if roll < 0.16:  # ending within 90 days
        officer.valid_until = today + dt.timedelta(days=rng.randint(5, 85))
    elif roll < 0.19:  # ended while still in post
        officer.valid_until = today - dt.timedelta(days=rng.randint(3, 60))
    elif roll < 0.24:  # left enforcement work
        officer.left_on = today - dt.timedelta(days=rng.randint(10, 300))
    if officer.issued_on >= officer.valid_until:
        officer.issued_on = officer.valid_until - dt.timedelta(days=5 * 365)
    if roll >= 0.24 and rng.random() < 0.2:  # passed last year's exam, then got the certificate
        officer.exam_on = dt.date(today.year - 1, 11, 15)
        officer.exam_result = ExamResult.PASSED
        officer.issued_on = officer.exam_on + dt.timedelta(days=45)
        officer.valid_until = officer.issued_on + dt.timedelta(days=5 * 365)
    return officer


from fazhi.enforcement import demo_lists  # noqa: E402,F401  (权责清单, 裁量基准, 免罚清单)
from fazhi.enforcement import demo_penalty as _penalty  # noqa: E402,F401  (行政处罚)
from fazhi.enforcement import demo_review as _review  # noqa: E402,F401  (案卷评查)
