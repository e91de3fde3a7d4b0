"""Regions, organisations, staff accounts and roles: who works where, and what they may see.

A region is a GB/T 2260 administrative division (6 digits; townships 9 digits, 统计用区划代码).
Its subtree is every code that starts with its significant prefix (2 digits for a province, 4 for
a prefecture, 6 for a county), so a county, a city and a province view are the same range query
at different prefix lengths (docs/conventions.md, idea 6).

An organisation is a government, a department, a township or a 司法所. Staff accounts belong to
one organisation and see records according to their data scope:

- 本单位 (``own``): records of their own organisation;
- 本级及下级 (``subtree``): their organisation and every organisation below it;
- 全辖区 (``region``): every record whose region lies in their organisation's region subtree.
"""

from __future__ import annotations

import unicodedata

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from fazhi.core.validators import validate_phone, validate_region_code, validate_uscc


class RegionLevel(models.TextChoices):
    PROVINCE = "province", "省级"
    PREFECTURE = "prefecture", "地级"
    COUNTY = "county", "县级"
    TOWNSHIP = "township", "乡级"


PREFIX_LENGTH = {
    RegionLevel.PROVINCE: 2,
    RegionLevel.PREFECTURE: 4,
    RegionLevel.COUNTY: 6,
    RegionLevel.TOWNSHIP: 9,
}


def subtree_bounds(prefix: str) -> tuple[str, str]:
    """Half-open range [lo, hi) of codes under ``prefix``; both engines use an index for it."""
    return prefix, prefix + "\uffff"


def subtree_q(field: str, prefix: str) -> models.Q:
    lo, hi = subtree_bounds(prefix)
    return models.Q(**{f"{field}__gte": lo, f"{field}__lt": hi})


class Region(models.Model):
    code = models.CharField("区划代码", max_length=12, primary_key=True, validators=[validate_region_code])
    name = models.CharField("名称", max_length=64)
    level = models.CharField("级别", max_length=16, choices=RegionLevel.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name="上级区划",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )

    class Meta:
        verbose_name = "行政区划"
        verbose_name_plural = "行政区划"
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name}（{self.code}）"

    @property
    def prefix(self) -> str:
        return self.code[: PREFIX_LENGTH[RegionLevel(self.level)]]

    def subtree(self):
        return Region.objects.filter(subtree_q("code", self.prefix))


class OrganisationKind(models.TextChoices):
    GOVERNMENT = "government", "人民政府"
    DEPARTMENT = "department", "工作部门"
    TOWNSHIP = "township", "乡镇/街道"
    JUSTICE_OFFICE = "justice_office", "司法所"
    OTHER = "other", "其他"


class OrgFunction(models.TextChoices):
    """What an organisation does for the platform, as data rather than guessed from its name.

    An organisation may hold several (a 司法局 is 司法行政机关 and, since the 2023 《行政复议法》
    第四条, the 行政复议机构 of its government). Add a member here to add a function; the table
    :class:`OrganisationFunction` stores them.
    """

    JUSTICE_ADMINISTRATION = "justice_administration", "司法行政机关"
    RECONSIDERATION_BODY = "reconsideration_body", "行政复议机构"
    ENFORCEMENT_BODY = "enforcement_body", "行政执法主体"
    DISCLOSURE_BODY = "disclosure_body", "政务公开机构"
    PETITION_BODY = "petition_body", "信访工作机构"
    HOTLINE = "hotline", "12345热线"
    RULE_OF_LAW_OFFICE = "rule_of_law_office", "依法治县（市）办"


class Organisation(models.Model):
    name = models.CharField("名称", max_length=100)
    kind = models.CharField("类型", max_length=20, choices=OrganisationKind.choices)
    region = models.ForeignKey(
        Region, verbose_name="所属区划", on_delete=models.PROTECT, related_name="organisations"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name="上级单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    uscc = models.CharField(
        "统一社会信用代码", max_length=18, unique=True, null=True, blank=True, validators=[validate_uscc]
    )
    is_enforcement_body = models.BooleanField("执法主体", default=False)
    # Where and when the public reaches it (the portal names the 复议机关 and 复议机构 with these,
    # issue 11 item 18); empty means not entered, and the portal says so rather than print a blank.
    address = models.CharField("办公地址", max_length=200, blank=True)
    phone = models.CharField(
        "联系电话", max_length=30, blank=True, validators=[validate_phone], help_text="如 0771-1234567。"
    )
    office_hours = models.CharField(
        "办公时间", max_length=100, blank=True, help_text="如：工作日上午8:30—12:00，下午15:00—18:00。"
    )
    # Materialised path of ids ("/1/7/12/") so "this organisation and everything below it" is one
    # indexed range query. Maintained in save(); never edited by hand.
    path = models.CharField(max_length=255, editable=False, db_index=True, default="")

    class Meta:
        verbose_name = "单位"
        verbose_name_plural = "单位"
        ordering = ["region_id", "path"]
        constraints = [models.UniqueConstraint(fields=["region", "name"], name="org_unique_name_in_region")]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.parent_id and self.pk and f"/{self.pk}/" in (self.parent.path or ""):
            raise ValidationError({"parent": "上级单位不能是本单位或其下级单位。"})

    def save(self, *args, **kwargs) -> None:
        super().save(*args, **kwargs)
        parent_path = self.parent.path if self.parent_id else "/"
        new_path = f"{parent_path}{self.pk}/"
        if new_path != self.path:
            old = self.path
            Organisation.objects.filter(pk=self.pk).update(path=new_path)
            self.path = new_path
            if old:
                for child in Organisation.objects.filter(path__startswith=old).exclude(pk=self.pk):
                    Organisation.objects.filter(pk=child.pk).update(path=new_path + child.path[len(old) :])
        update_fields = kwargs.get("update_fields")
        if update_fields is None or "is_enforcement_body" in update_fields:
            self._sync_enforcement_function()

    def _sync_enforcement_function(self) -> None:
        # ``is_enforcement_body`` (filters, API, imports) mirrors the 行政执法主体 function row.
        rows = OrganisationFunction.objects.filter(organisation=self, function=OrgFunction.ENFORCEMENT_BODY)
        if self.is_enforcement_body:
            if not rows.exists():
                OrganisationFunction.objects.create(organisation=self, function=OrgFunction.ENFORCEMENT_BODY)
        else:
            rows.delete()

    @property
    def function_codes(self) -> frozenset[str]:
        return frozenset(self.functions.values_list("function", flat=True))

    def has_function(self, function: str) -> bool:
        return function in self.function_codes

    @property
    def function_labels(self) -> str:
        held = self.function_codes
        return "、".join(function.label for function in OrgFunction if function in held)

    def descendants_q(self, field: str = "organisation") -> models.Q:
        lo, hi = subtree_bounds(self.path)
        return models.Q(**{f"{field}__path__gte": lo, f"{field}__path__lt": hi})


class OrganisationFunction(models.Model):
    """One function (:class:`OrgFunction`) held by one organisation."""

    organisation = models.ForeignKey(
        Organisation, verbose_name="单位", on_delete=models.CASCADE, related_name="functions"
    )
    function = models.CharField("职能", max_length=40, choices=OrgFunction.choices)

    class Meta:
        verbose_name = "单位职能"
        verbose_name_plural = "单位职能"
        ordering = ["organisation_id", "function"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "function"], name="org_function_unique")
        ]
        indexes = [models.Index(fields=["function", "organisation"], name="org_function_lookup")]

    def __str__(self) -> str:
        return f"{self.organisation}：{self.get_function_display()}"

    def save(self, *args, **kwargs) -> None:
        super().save(*args, **kwargs)
        if self.function == OrgFunction.ENFORCEMENT_BODY:
            Organisation.objects.filter(pk=self.organisation_id).update(is_enforcement_body=True)

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        if self.function == OrgFunction.ENFORCEMENT_BODY:
            Organisation.objects.filter(pk=self.organisation_id).update(is_enforcement_body=False)
        return result


class RoleCode(models.TextChoices):
    OFFICER = "officer", "承办人"
    REVIEWER = "reviewer", "法制审核人员"
    LEADER = "leader", "分管领导"
    SUPERVISOR = "supervisor", "依法治县办"
    SYSADMIN = "sysadmin", "系统管理员"
    SECADMIN = "secadmin", "安全管理员"
    AUDITADMIN = "auditadmin", "审计管理员"


ADMIN_ROLES = frozenset({RoleCode.SYSADMIN, RoleCode.SECADMIN, RoleCode.AUDITADMIN})


class DataScope(models.TextChoices):
    OWN = "own", "本单位"
    SUBTREE = "subtree", "本级及下级"
    REGION = "region", "全辖区"


def normalise_login(value: str) -> str:
    """Login ids are unique regardless of case and full-width forms (docs/security.md 1)."""
    return unicodedata.normalize("NFKC", value or "").strip().casefold()


class StaffManager(UserManager):
    def get_by_natural_key(self, username):
        return self.get(username_key=normalise_login(username))


class User(AbstractUser):
    """A staff account. Administrators (三员) hold exactly one admin role and no case role."""

    username_key = models.CharField(max_length=150, unique=True, editable=False)
    full_name = models.CharField("姓名", max_length=50, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name="所属单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="staff",
    )
    data_scope = models.CharField("数据范围", max_length=10, choices=DataScope.choices, default=DataScope.OWN)
    roles = models.JSONField("角色", default=list, blank=True)
    # docs/security.md 2: a password older than FAZHI_PASSWORD_MAX_AGE_DAYS must be changed before any
    # other page. Set whenever the password is set (fazhi.core.security.signals); empty = must change.
    password_changed_at = models.DateTimeField("密码设置时间", null=True, blank=True, default=timezone.now)

    objects = StaffManager()

    class Meta:
        verbose_name = "工作人员"
        verbose_name_plural = "工作人员"

    def __str__(self) -> str:
        return self.full_name or self.username

    def clean(self) -> None:
        super().clean()
        unknown = set(self.roles) - set(RoleCode.values)
        if unknown:
            raise ValidationError({"roles": f"未知角色：{'、'.join(sorted(unknown))}"})
        admin = set(self.roles) & ADMIN_ROLES
        if len(admin) > 1:
            raise ValidationError(
                {"roles": "系统管理员、安全管理员、审计管理员三个角色互斥，不能由同一账号兼任。"}
            )
        if admin and len(self.roles) > 1:
            raise ValidationError({"roles": "管理员账号不能同时担任业务角色。"})
        if not admin and not self.organisation_id:
            raise ValidationError({"organisation": "业务人员必须属于一个单位。"})

    def save(self, *args, **kwargs) -> None:
        self.username_key = normalise_login(self.username)
        # Only the three administrators use the admin site; their rights come from their role
        # (fazhi.core.permissions), never from the superuser flag.
        self.is_staff = bool(set(self.roles) & ADMIN_ROLES)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "username_key", "is_staff"}
        super().save(*args, **kwargs)

    def has_role(self, *codes: str) -> bool:
        return any(code in self.roles for code in codes)

    @property
    def is_admin_account(self) -> bool:
        return bool(set(self.roles) & ADMIN_ROLES)

    @property
    def role_labels(self) -> str:
        return "、".join(RoleCode(code).label for code in self.roles if code in RoleCode.values)


class ScopedModel(models.Model):
    """Base for every record that belongs to an organisation and is protected by data scope.

    ``region_code`` copies the organisation's region so region-subtree queries (indicators, city
    views) need no join, and so a large deployment can partition by it.
    """

    organisation = models.ForeignKey(
        Organisation, verbose_name="承办单位", on_delete=models.PROTECT, related_name="+"
    )
    region_code = models.CharField("区划代码", max_length=12, db_index=True, editable=False)

    # The function (:class:`OrgFunction`) the 承办单位 must hold, or "" for any organisation: a
    # 行政复议 case belongs to a 行政复议机构, never to the department whose act it reviews. Checked
    # by ``clean()`` on every write path (pages, API, imports, portal registration) and offered as
    # the only choices on the generic create page.
    organisation_function: str = ""

    class Meta:
        abstract = True

    def clean(self) -> None:
        super().clean()
        function = self.organisation_function
        if function and self.organisation_id and not self.organisation.has_function(function):
            noun = self._meta.verbose_name
            raise ValidationError(
                {
                    "organisation": f"“{self.organisation.name}”不是{OrgFunction(function).label}，"
                    f"不能承办{noun}；请由{OrgFunction(function).label}登记和办理。"
                }
            )

    def save(self, *args, **kwargs) -> None:
        if self.organisation_id and not self.region_code:
            self.region_code = self.organisation.region_id
        super().save(*args, **kwargs)
