"""Import kinds of the core: organisations (单位) and staff accounts (工作人员).

Registered with :mod:`fazhi.core.excel`; the staff UI downloads their templates and calls
``run_import("organisations" | "staff", file, actor)``; ``uv run fazhi import`` does the same from
the command line.

Staff accounts get a random initial password each (docs/security.md 2 and 6): it is returned once in
``ImportResult.credentials`` for the person importing to hand over, and only its hash is stored.
The account must change it at its first login (``password_changed_at`` is left empty).
"""

from __future__ import annotations

import re
import secrets
import unicodedata
from concurrent.futures import ThreadPoolExecutor

from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError

from fazhi.core.excel import Column, Credential, ImportKind, ImportSession, RowProblem, register
from fazhi.core.excel import parsers as p
from fazhi.core.models import (
    DataScope,
    Organisation,
    OrganisationFunction,
    OrganisationKind,
    OrgFunction,
    Region,
    RoleCode,
    User,
    normalise_login,
)

# --- passwords -------------------------------------------------------------------------------

_UPPER = "ABCDEFGHJKLMNPQRSTUVWXYZ"
_LOWER = "abcdefghijkmnpqrstuvwxyz"
_DIGITS = "23456789"  # no 0/O, 1/l/I: passwords are read off a screen or a printout


def random_password(username: str = "", length: int = 14) -> str:
    """A random password meeting docs/security.md 2: ≥ 10 characters, 3 classes, no username in it."""
    length = max(length, 10)
    rng = secrets.SystemRandom()
    key = normalise_login(username)
    while True:
        chars = [rng.choice(_UPPER), rng.choice(_LOWER), rng.choice(_DIGITS)]
        chars += [rng.choice(_UPPER + _LOWER + _DIGITS) for _ in range(length - 3)]
        rng.shuffle(chars)
        password = "".join(chars)
        if not key or key not in password.casefold():
            return password


def hash_passwords(passwords: list[str]) -> list[str]:
    """Hash many passwords at once; PBKDF2 in hashlib releases the GIL, so threads help."""
    if len(passwords) < 4:
        return [make_password(pw) for pw in passwords]
    with ThreadPoolExecutor(max_workers=4) as pool:
        return list(pool.map(make_password, passwords))


# --- organisations ---------------------------------------------------------------------------

ORG_KINDS = {
    "人民政府": OrganisationKind.GOVERNMENT,
    "工作部门": OrganisationKind.DEPARTMENT,
    "乡镇": OrganisationKind.TOWNSHIP,
    "街道": OrganisationKind.TOWNSHIP,
    "司法所": OrganisationKind.JUSTICE_OFFICE,
    "其他": OrganisationKind.OTHER,
}
# The parser compares NFKC forms (full-width brackets become ASCII), so the keys are NFKC too.
ORG_FUNCTIONS = {unicodedata.normalize("NFKC", function.label): function.value for function in OrgFunction}
_ORG_KIND_INPUT = {**ORG_KINDS, "乡镇/街道": OrganisationKind.TOWNSHIP, "乡镇街道": OrganisationKind.TOWNSHIP}


def _within(region: Region, ancestor: Region) -> bool:
    return region.code.startswith(ancestor.prefix)


def _resolve_parent(name: str, region: Region, session: ImportSession) -> Organisation:
    """An organisation named ``name`` whose region is this one or above it: earlier rows first."""
    candidates = {org.pk: org for org in session.state.setdefault("created", {}).get(name, [])}
    for org in Organisation.objects.filter(name=name).select_related("region"):
        candidates.setdefault(org.pk, org)
    if not candidates:
        failed = [row for row, values in session.failed.items() if values.get("name") == name]
        if failed:
            raise RowProblem(f"上级单位“{name}”在第{failed[0]}行，该行有错误未能导入。", "parent")
        raise RowProblem(
            f"找不到上级单位“{name}”。请填写系统中已有的单位，或本文件中写在前面的单位。", "parent"
        )
    fitting = sorted(
        (org for org in candidates.values() if _within(region, org.region)),
        key=lambda org: len(org.region.prefix),
        reverse=True,
    )
    if not fitting:
        raise RowProblem(f"上级单位“{name}”不在本单位所属区划或其上级区划内。", "parent")
    if len(fitting) > 1 and len(fitting[0].region.prefix) == len(fitting[1].region.prefix):
        raise RowProblem(f"有多个名为“{name}”的单位，无法确定上级单位。", "parent")
    return fitting[0]


def save_organisation(values: dict, session: ImportSession) -> Organisation | None:
    """Check one row — every column at once — and save it. Values of cells that did not parse are
    None here (``check_partial_rows``): such a row is checked, never saved."""
    errors: dict[str, str] = {}
    name, code = values["name"], values["region"]
    region = Region.objects.filter(pk=code).first() if code else None
    if code and region is None:
        from fazhi.core import regions

        errors["region"] = f"区划代码“{code}”在系统中不存在。{regions.known_codes_hint()}"
    # The same name in the same region twice in a file is refused, and once already stored is
    # skipped (organisation_key), before this runs.
    uscc = values["uscc"]
    if uscc:
        usccs = session.state.setdefault("usccs", {})
        holder = Organisation.objects.filter(uscc=uscc).first()
        if uscc in usccs:
            errors["uscc"] = f"与第{usccs[uscc]}行的统一社会信用代码重复。"
        elif holder is not None:
            errors["uscc"] = f"该代码已属于单位“{holder.name}”。"
        else:
            usccs[uscc] = session.row
    parent = None
    if values["parent"] and region is not None:
        try:
            parent = _resolve_parent(values["parent"], region, session)
        except RowProblem as exc:
            errors[exc.column] = exc.message
    functions = values.get("functions") or []
    org = Organisation(
        name=name or "",
        kind=values["kind"] or "",
        region=region,
        parent=parent,
        uscc=uscc or None,
        is_enforcement_body=bool(values["enforcement_body"]) or OrgFunction.ENFORCEMENT_BODY in functions,
        address=values.get("address") or "",
        phone=values.get("phone") or "",
        office_hours=values.get("office_hours") or "",
    )
    skipped = {
        f for col in ORGANISATIONS.columns if col.key in session.unparsed for f in (col.key, *col.fields)
    }
    try:
        org.full_clean(exclude=sorted(skipped | set(errors) | ({"region"} if region is None else set())))
    except ValidationError as exc:
        for field_name, messages in exc.message_dict.items():
            errors.setdefault(field_name, "".join(messages))
    if errors:
        raise ValidationError(errors)
    if session.unparsed:
        return None
    org.save()
    for function in functions:
        OrganisationFunction.objects.get_or_create(organisation=org, function=function)
    session.state.setdefault("created", {}).setdefault(name, []).append(org)
    return org


def _phone(value: str) -> str:
    """A phone typed with full-width digits or spaces; checked by the model's validator."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", value))


def organisation_key(values: dict, session: ImportSession) -> tuple:
    """An organisation is its name within its region (so a re-imported file adds only new ones)."""
    return (values["region"], values["name"])


def existing_organisation(key: tuple, session: ImportSession) -> Organisation | None:
    return Organisation.objects.filter(region_id=key[0], name=key[1]).first()


ORGANISATIONS = register(
    ImportKind(
        name="organisations",
        title="单位",
        description="批量导入单位（人民政府、工作部门、乡镇街道、司法所等）。",
        notes=(
            "上级单位可以是系统中已有的单位，也可以是本文件中写在前面行的单位（按名称匹配）。",
            "所属区划代码必须是系统中已有的行政区划（6位，乡镇街道为9位）。",
            "同一区划内名称相同的单位已在系统中的，该行跳过，已有单位不作修改；同一文件中出现两次的，报错。",
        ),
        columns=(
            Column(
                "name",
                "名称",
                required=True,
                parse=p.text(100),
                help="单位全称。",
                example="示范区司法局",
                width=28,
            ),
            Column(
                "kind",
                "类型",
                required=True,
                parse=p.choice(_ORG_KIND_INPUT),
                choices=tuple(ORG_KINDS),
                example="工作部门",
                width=12,
            ),
            Column(
                "region",
                "所属区划代码",
                identifier=True,
                required=True,
                parse=p.region_code,
                help="GB/T 2260 行政区划代码，县级6位，乡镇街道9位（统计用区划代码前9位）。",
                example="450206",
                width=16,
            ),
            Column(
                "parent",
                "上级单位名称",
                parse=p.text(100),
                help="可不填（最上级单位）。",
                example="示范区人民政府",
                width=28,
            ),
            Column(
                "uscc",
                "统一社会信用代码",
                identifier=True,
                parse=p.uscc,
                help="18位，按GB 32100-2015校验；没有可不填。",
                example="114502060074981209",
                width=24,
            ),
            Column(
                "enforcement_body",
                "是否执法主体",
                parse=p.yes_no,
                choices=("是", "否"),
                help="是否为依法具有行政执法资格的主体；不填视为“否”。",
                example="是",
                fields=("is_enforcement_body",),
                width=14,
            ),
            Column(
                "functions",
                "单位职能",
                parse=p.multi_choice(ORG_FUNCTIONS),
                choices=tuple(ORG_FUNCTIONS),
                dropdown=False,  # several per cell
                help="可不填。多个用逗号或顿号分隔，如司法局填“司法行政机关、行政复议机构”。",
                example="司法行政机关、行政复议机构",
                width=30,
            ),
            # Shown on the portal for the 复议机关 and 复议机构 (issue 11 item 18); may be left empty.
            Column(
                "address",
                "办公地址",
                parse=p.text(200),
                help="对外办公（当面递交申请、咨询）的地址；可不填。",
                example="示范区人民路1号政务服务中心3楼",
                width=34,
            ),
            Column(
                "phone",
                "联系电话",
                parse=_phone,
                help="11位手机号码或带区号的固定电话；可不填。",
                example="0771-1234567",
                width=16,
            ),
            Column(
                "office_hours",
                "办公时间",
                parse=p.text(100),
                help="可不填。",
                example="工作日上午8:30—12:00，下午15:00—18:00",
                width=30,
            ),
        ),
        save_row=save_organisation,
        check_partial_rows=True,
        key=organisation_key,
        existing=existing_organisation,
        key_label="所属区划代码和名称",
        key_column="name",
        roles=(RoleCode.SYSADMIN.value,),  # 三权分立: the system administrator manages organisations
    )
)


# --- staff -----------------------------------------------------------------------------------

ROLE_LABELS = {role.label: role.value for role in RoleCode}
_ROLE_INPUT = {
    **ROLE_LABELS,
    "法制审核": RoleCode.REVIEWER.value,
    "依法治市办": RoleCode.SUPERVISOR.value,
    "依法治区办": RoleCode.SUPERVISOR.value,
    "依法治省办": RoleCode.SUPERVISOR.value,
    **{role.value: role.value for role in RoleCode},
}
SCOPE_LABELS = {scope.label: scope.value for scope in DataScope}
_ORG_REF = re.compile(r"^\s*(\d{6}(?:\d{3})?)\s*[:：]\s*(.+?)\s*$")


def _find_organisation(text: str) -> Organisation:
    ref = _ORG_REF.match(unicodedata.normalize("NFKC", text))
    qs = Organisation.objects.select_related("region")
    if ref:
        qs, name = qs.filter(region_id=ref.group(1), name=ref.group(2)), ref.group(2)
    else:
        qs, name = qs.filter(name=text), text
    found = list(qs[:10])
    if not found:
        raise RowProblem(f"找不到单位“{name}”，请先导入单位或核对名称。", "organisation")
    if len(found) > 1:
        where = "、".join(f"{org.region_id}" for org in found)
        raise RowProblem(
            f"有多个名为“{name}”的单位（区划代码：{where}），请写成“区划代码:单位名称”，"
            f"如“{found[0].region_id}:{name}”。",
            "organisation",
        )
    return found[0]


def save_staff(values: dict, session: ImportSession) -> User | None:
    """Check one row — every column at once — and save the account. Values of cells that did not
    parse are None here (``check_partial_rows``): such a row is checked, never saved. A username
    already taken is refused, never skipped: the same login may be a different person."""
    errors: dict[str, str] = {}
    username = values["username"] or ""
    key = normalise_login(username) if username else ""
    seen = session.state.setdefault("keys", {})
    holder = User.objects.filter(username_key=key).first() if key else None
    if key in seen:
        row, other = seen[key]
        errors["username"] = f"与第{row}行的用户名“{other}”重复（用户名不区分大小写和全角半角）。"
    elif holder is not None:
        errors["username"] = f"与已有账号“{holder.username}”重复（用户名不区分大小写和全角半角）。"
    elif key:
        seen[key] = (session.row, username)
    organisation = None
    if values["organisation"]:
        try:
            organisation = _find_organisation(values["organisation"])
        except RowProblem as exc:
            errors[exc.column] = exc.message
    user = User(
        username=username,
        full_name=values["full_name"] or "",
        organisation=organisation,
        roles=values["roles"] or [],
        data_scope=values["scope"] or DataScope.OWN,
        # The initial password is known to whoever imported it: change it at first login (docs/security.md 2).
        password_changed_at=None,
    )
    user.set_unusable_password()
    skipped = {f for col in STAFF.columns if col.key in session.unparsed for f in (col.key, *col.fields)}
    try:
        user.full_clean(exclude=sorted({"password", "username_key"} | skipped | set(errors)))
    except ValidationError as exc:
        for field_name, messages in exc.message_dict.items():
            column = STAFF.column_for_field(field_name) if field_name != "__all__" else None
            if column is None or column.key not in session.unparsed:
                errors.setdefault(field_name, "".join(messages))
    if session.actor is not None and user.is_admin_account and "roles" not in errors:
        # 三权分立: administrator accounts are set up on the server console only (docs/security.md 30).
        errors["roles"] = "管理员账号不能通过导入设立，请在服务器控制台办理。"
    if errors:
        raise ValidationError(errors)
    if session.unparsed:
        return None
    if session.actor is not None:
        # Imported on a screen (or with --actor): each row is a request the 安全管理员 approves; the
        # account and its one-time password come into being only then (docs/security.md 29, 31).
        from fazhi.core.security import account_changes

        try:
            return account_changes.request_account_create(
                actor=session.actor,
                username=username,
                full_name=user.full_name,
                organisation=organisation,
                data_scope=user.data_scope,
                roles=user.roles,
                reason=f"批量导入工作人员（第{session.row}行）",
            )
        except account_changes.ChangeRefused as exc:
            raise ValidationError({"__all__": exc.message}) from exc
    user.save()
    session.state.setdefault("pending", []).append(user)
    return user


def finish_staff(session: ImportSession) -> None:
    """After every row passed: give each account its initial password (hashed in parallel)."""
    users = session.state.get("pending", [])
    passwords = [random_password(user.username) for user in users]
    for user, hashed in zip(users, hash_passwords(passwords), strict=True):
        user.password = hashed
    User.objects.bulk_update(users, ["password"], batch_size=500)
    session.credentials.extend(
        Credential(user.username, user.full_name, pw) for user, pw in zip(users, passwords, strict=True)
    )


STAFF = register(
    ImportKind(
        name="staff",
        title="工作人员",
        description=(
            "批量导入工作人员账号：提交新建账号的申请，经安全管理员审批后生效；审批时为每个账号生成"
            "一次性密码，只显示一次，首次登录时须修改。"
        ),
        notes=(
            "用户名不区分大小写和全角半角：ZhangSan 与 ｚｈａｎｇｓａｎ 视为同一用户名。",
            "系统管理员、安全管理员、审计管理员三个角色互斥，且不能同时担任业务角色。",
            "所属单位按名称匹配；如有同名单位，写成“区划代码:单位名称”。",
        ),
        columns=(
            Column(
                "username",
                "用户名",
                required=True,
                parse=p.text(150),
                help="登录用户名，可用字母、数字、汉字及 @ . + - _；不能与已有账号重复。",
                example="zhangsan",
                width=18,
            ),
            Column("full_name", "姓名", required=True, parse=p.text(50), example="张三", width=12),
            Column(
                "organisation",
                "所属单位",
                parse=p.text(120),
                help="单位全称（业务人员必填，管理员可不填）。",
                example="示范区司法局",
                width=28,
            ),
            Column(
                "roles",
                "角色",
                required=True,
                parse=p.multi_choice(_ROLE_INPUT),
                choices=tuple(ROLE_LABELS),
                dropdown=False,  # several roles per cell: a drop-down would refuse "承办人、分管领导"
                help="多个角色用逗号或顿号分隔。",
                example="承办人、法制审核人员",
                width=24,
            ),
            Column(
                "scope",
                "数据范围",
                parse=p.choice(SCOPE_LABELS),
                choices=tuple(SCOPE_LABELS),
                help="不填视为“本单位”。",
                example="本单位",
                fields=("data_scope",),
                width=14,
            ),
        ),
        save_row=save_staff,
        check_partial_rows=True,
        finish=finish_staff,
        roles=(RoleCode.SYSADMIN.value,),  # 三权分立: the system administrator manages accounts
    )
)
