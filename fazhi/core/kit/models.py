"""Links between matters of any two domains: one chain of records across the platform.

12345 工单 —引起→ 执法决定 —复议→ 行政复议案件 —起诉→ 行政诉讼案件 —建议→ 司法建议: each arrow is
one :class:`MatterLink` row, read from both ends. A domain makes a model linkable by declaring
``matter_key`` (and ``matter_number_field``) on it; :mod:`fazhi.core.kit.links` checks both ends
exist, are linkable and lie in the creator's data scope, and refuses to delete a linked record.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models


class LinkKind(models.TextChoices):
    """How the later matter (target) follows from the earlier one (source)."""

    CAUSED = "caused", "引起"  # 12345 工单、投诉举报 → 执法检查或处罚
    RECONSIDERED = "reconsidered", "复议"  # 行政行为 → 行政复议（《行政复议法》第二条）
    LITIGATED = "litigated", "起诉"  # 行政行为或复议决定 → 行政诉讼（《行政诉讼法》第二十六条、第四十五条）
    RECOMMENDED = "recommended", "建议"  # 诉讼 → 司法建议、检察建议（《行政诉讼法》第六十六条）
    RELATED = "related", "关联"


# What the link means, read from each end: (shown on the source, shown on the target).
DIRECTION_LABELS: dict[str, tuple[str, str]] = {
    LinkKind.CAUSED: ("引起了", "由此引起"),
    LinkKind.RECONSIDERED: ("被申请复议", "复议的对象"),
    LinkKind.LITIGATED: ("被提起诉讼", "起诉的对象"),
    LinkKind.RECOMMENDED: ("发出建议", "建议所涉案件"),
    LinkKind.RELATED: ("关联", "关联"),
}


class MatterLink(models.Model):
    source_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    source_id = models.PositiveBigIntegerField("前序事项")
    source = GenericForeignKey("source_type", "source_id")
    target_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    target_id = models.PositiveBigIntegerField("后续事项")
    target = GenericForeignKey("target_type", "target_id")
    kind = models.CharField("关系", max_length=20, choices=LinkKind.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="关联人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField("关联时间", auto_now_add=True)

    class Meta:
        verbose_name = "关联事项"
        verbose_name_plural = "关联事项"
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["source_type", "source_id", "target_type", "target_id", "kind"],
                name="kit_link_unique",
            ),
            models.CheckConstraint(
                condition=~(
                    models.Q(source_type=models.F("target_type")) & models.Q(source_id=models.F("target_id"))
                ),
                name="kit_link_not_self",
            ),
        ]
        indexes = [
            models.Index(fields=["source_type", "source_id"], name="kit_link_source"),
            models.Index(fields=["target_type", "target_id"], name="kit_link_target"),
        ]

    def __str__(self) -> str:
        return f"{self.source_type_id}:{self.source_id} —{self.get_kind_display()}→ {self.target_type_id}:{self.target_id}"
