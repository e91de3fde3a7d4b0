"""The API suite exposes the test-only SampleMatter as resource "sample", as a domain's api.py would."""

from __future__ import annotations

import pytest
from django.test import Client

from fazhi.api import resources, tokens
from fazhi.api.schemas import WorkflowOut
from fazhi.core.workflow import engine
from tests import factories
from tests.sampleapp.models import SampleMatter


class SampleOut(WorkflowOut):
    title: str
    applicant: str
    outcome: str


resources.register("sample", SampleMatter, list_schema=SampleOut, label="示例事项")


class ApiClient:
    """A test client that sends a bearer token with every request."""

    def __init__(self, raw_token: str | None = None):
        self.client = Client()
        self.headers = {"Authorization": f"Bearer {raw_token}"} if raw_token else {}

    def get(self, path: str, **params):
        return self.client.get(f"/api/v1/{path}", params, headers=self.headers)

    def post(self, path: str, body):
        return self.client.post(
            f"/api/v1/{path}", body, content_type="application/json", headers=self.headers
        )


@pytest.fixture
def api_as():
    """api_as(user) → an ApiClient holding a fresh token of that user."""

    def make(user) -> ApiClient:
        _, raw = tokens.issue(user, name="测试对接系统")
        return ApiClient(raw)

    return make


@pytest.fixture
def matters(tree):
    """Three matters in 东区司法局, two in 西区司法局."""
    east_clerk = factories.user(tree["east_justice"])
    west_clerk = factories.user(tree["west_justice"])
    east = [
        engine.create(
            SampleMatter,
            actor=east_clerk,
            title=f"东区事项{i}",
            applicant="张三",
            organisation=tree["east_justice"],
        )
        for i in range(3)
    ]
    west = [
        engine.create(
            SampleMatter,
            actor=west_clerk,
            title=f"西区事项{i}",
            applicant="李四",
            organisation=tree["west_justice"],
        )
        for i in range(2)
    ]
    return {"east": east, "west": west}
