"""The portal's progress look-up (查询码 + applicant name) is throttled like the login (docs/security.md 3):
10 failures from one address or 5 for one 查询码 within 15 minutes refuse every further look-up —
even a correct pair — with a Chinese message that shows nothing about the case."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from fazhi.core.security.models import LookupFailure
from tests.reconsideration.test_portal import _apply, assert_no_personal_data

pytestmark = pytest.mark.django_db

URL = "/reconsideration/query/"
REFUSED = "查询失败次数过多"
NOT_FOUND = "未找到与该查询码和申请人姓名（名称）相符的申请"
OTHER_CODES = ["ACDEFGHJKMN" + c for c in "PQRSTUVWXYZ"]  # well-formed codes that match no case


def _query(code, name, ip="203.0.113.7"):
    return Client(REMOTE_ADDR=ip).post(URL, {"query_code": code, "applicant_name": name})


def _refused(response) -> bool:
    return response.status_code == 429 and REFUSED in response.content.decode()


def _assert_discloses_nothing(response, case):
    body = response.content.decode()
    assert 'id="progress"' not in body
    for value in (case.case_number, "张三", "张某", case.query_code, "东区市场监督管理局"):
        assert value not in body
    assert_no_personal_data(body)
    assert "no-store" in response["Cache-Control"]


def test_the_eleventh_try_from_one_address_is_refused_even_with_the_right_answer(tree):
    case = _apply(tree)
    assert case.query_code not in OTHER_CODES
    for code in OTHER_CODES[:10]:  # ten different codes: the per-code limit never applies
        response = _query(code, "张三")
        assert response.status_code == 200 and NOT_FOUND in response.content.decode()
    right = _query(case.query_code, "张三")
    assert _refused(right)
    _assert_discloses_nothing(right, case)
    # Another address is not affected.
    other = _query(case.query_code, "张三", ip="198.51.100.2")
    assert other.status_code == 200 and case.case_number in other.content.decode()


def test_the_tenth_failure_still_gets_an_answer(tree):
    case = _apply(tree)
    for code in OTHER_CODES[:9]:
        _query(code, "张三")
    right = _query(case.query_code, "张三")
    assert right.status_code == 200 and case.case_number in right.content.decode()


def test_five_wrong_names_for_one_code_close_that_code_from_every_address(tree):
    case = _apply(tree)
    for i in range(5):
        response = _query(case.query_code, f"李{i}", ip=f"192.0.2.{i + 1}")
        assert NOT_FOUND in response.content.decode()
    right = _query(case.query_code, "张三", ip="192.0.2.99")
    assert _refused(right)
    _assert_discloses_nothing(right, case)
    # The limit is per code: another applicant's look-up from the same addresses still works.
    other_case = _apply(tree, applicant_name="王五")
    answer = _query(other_case.query_code, "王五", ip="192.0.2.1")
    assert answer.status_code == 200 and other_case.case_number in answer.content.decode()


def test_malformed_codes_count_against_the_address(tree):
    case = _apply(tree)
    for i in range(10):
        _query("X" * (i + 1), "张三")
    assert _refused(_query(case.query_code, "张三"))


def test_failures_age_out_after_fifteen_minutes(tree):
    case = _apply(tree)
    for code in OTHER_CODES[:10]:
        _query(code, "张三")
    assert _refused(_query(case.query_code, "张三"))
    LookupFailure.objects.update(at=timezone.now() - dt.timedelta(minutes=16))
    answer = _query(case.query_code, "张三")
    assert answer.status_code == 200 and case.case_number in answer.content.decode()


def test_the_code_is_not_stored_in_clear(tree):
    case = _apply(tree)
    _query(case.query_code, "李四")
    row = LookupFailure.objects.get(scope="reconsideration.query")
    assert row.key_digest and case.query_code not in row.key_digest
    assert case.query_code.lower() not in row.key_digest
