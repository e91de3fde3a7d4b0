"""A record published on the public portal (docs/security.md 17–20).

A :class:`Publication` holds only the *rendered public fields* of its subject — a whitelist, already
masked by :mod:`fazhi.core.publication.services` — never a reference the portal could follow back
to the parties' personal data. Public pages read nothing else.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models

from fazhi.core.models import ScopedModel


class PublicationStatus(models.TextChoices):
    PENDING_REVIEW = "pending_review", "待审核"
    PUBLISHED = "published", "已公开"
    WITHDRAWN = "withdrawn", "已撤回"


class PublishedQuerySet(models.QuerySet):
    def public(self):
        """What the portal may show as content: published, never pending or withdrawn."""
        return self.filter(status=PublicationStatus.PUBLISHED)

    def of_kind(self, kind: str):
        return self.filter(kind=kind)

    def withdrawn_notices(self):
        """Withdrawn after having been public: the portal shows their withdrawal notice."""
        return self.filter(status=PublicationStatus.WITHDRAWN, published_at__isnull=False)

    def on_portal(self):
        """What a portal detail page may open: published, or its withdrawal notice; never pending."""
        return self.filter(published_at__isnull=False).exclude(status=PublicationStatus.PENDING_REVIEW)


class Publication(ScopedModel):
    """One published (or held, or withdrawn) record. ``organisation`` is the publishing body."""

    subject_type = models.ForeignKey(
        ContentType, verbose_name="公开对象类型", on_delete=models.PROTECT, related_name="+"
    )
    subject_id = models.PositiveBigIntegerField("公开对象")
    subject = GenericForeignKey("subject_type", "subject_id")
    kind = models.CharField("公开类别", max_length=60, db_index=True)
    title = models.CharField("公开标题", max_length=200)
    # [{"key", "label", "value", "text"}] in display order (a list: jsonb does not keep key order); masked.
    fields = models.JSONField("公开内容", default=list)
    search_text = models.TextField("检索文本", blank=True, editable=False)
    public_date = models.DateField("文书日期", null=True, blank=True)
    status = models.CharField(
        "公开状态", max_length=20, choices=PublicationStatus.choices, default=PublicationStatus.PENDING_REVIEW
    )
    findings = models.JSONField("待审核原因", default=list, blank=True)  # kinds and masked snippets only
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="提交人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审核人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_at = models.DateTimeField("审核时间", null=True, blank=True)
    published_at = models.DateTimeField("公开时间", null=True, blank=True)
    withdrawn_at = models.DateTimeField("撤回时间", null=True, blank=True)
    withdrawal_notice = models.TextField("撤回公告", blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = PublishedQuerySet.as_manager()

    class Meta:
        verbose_name = "公开信息"
        verbose_name_plural = "公开信息"
        ordering = ["-public_date", "-published_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["subject_type", "subject_id"], name="publication_one_per_subject")
        ]
        indexes = [models.Index(fields=["kind", "status", "public_date"], name="publication_listing")]

    def __str__(self) -> str:
        return self.title

    @property
    def values(self) -> dict[str, str]:
        """{key: masked value}, for templates."""
        return {item.get("key"): item.get("value", "") for item in self.fields}

    def value(self, key: str) -> str:
        for item in self.fields:
            if item.get("key") == key:
                return item.get("value", "")
        return ""
