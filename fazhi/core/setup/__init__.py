"""Setting up a real government on an empty Fazhi: ``fazhi setup`` and the first-run page ``/setup/``.

One atomic step (all or nothing) that

1. installs the region chain of the government chosen by its GB/T 2260 code from the national list
   shipped with Fazhi (:mod:`fazhi.core.regions`): province, city, county and the towns below;
2. creates the government itself as an organisation (``<区划名称>人民政府``);
3. creates the first 系统管理员, 安全管理员 and 审计管理员 (三员, docs/security.md) with one-time passwords
   (:func:`fazhi.core.imports.random_password`, as ``fazhi demo`` and the staff import make them),
   returned once and never stored in clear; each must change the password at the first login and
   then enrol the second factor (TOTP), like every administrator;
4. optionally imports organisations and staff from the project's own Excel templates
   (``fazhi import --template organisations|staff``), as the server console does (no approval
   step: nobody can approve before the 安全管理员 exists).

It is refused once any administrator exists (then the accounts screens and ``fazhi import`` take
over) — the first-run page answers 404 from then on. The page also asks for the setup code written
on the server (:func:`setup_code`), so only someone with access to the server can claim a fresh
installation.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction

from fazhi.core import regions
from fazhi.core.audit.services import record
from fazhi.core.excel import run_import
from fazhi.core.excel.spec import ImportResult
from fazhi.core.imports import hash_passwords, random_password
from fazhi.core.models import (
    DataScope,
    Organisation,
    OrganisationKind,
    Region,
    RoleCode,
    User,
    normalise_login,
)

# (role, default login, label) of the three administrators, in the order they are printed.
ADMINISTRATORS = (
    (RoleCode.SYSADMIN, "sysadmin", "系统管理员"),
    (RoleCode.SECADMIN, "secadmin", "安全管理员"),
    (RoleCode.AUDITADMIN, "auditadmin", "审计管理员"),
)


class SetupRefused(Exception):
    def __init__(self, message: str, import_result: ImportResult | None = None):
        super().__init__(message)
        self.message = message
        self.import_result = import_result


@dataclass(frozen=True)
class Login:
    username: str
    password: str  # one-time: shown once, must be changed at the first login
    label: str


@dataclass
class Outcome:
    region: regions.Division
    installed: regions.Installed
    government: Organisation
    logins: list[Login]
    imports: list[ImportResult] = field(default_factory=list)

    @property
    def full_name(self) -> str:
        return regions.full_name(self.region.code)


def administrators_exist() -> bool:
    """Whether any administrator account exists (``is_staff`` is derived from the 三员 roles)."""
    return User.objects.filter(is_staff=True).exists()


def needs_setup() -> bool:
    return not administrators_exist()


def _government(region: regions.Division, name: str) -> Organisation:
    gov, _ = Organisation.objects.get_or_create(
        region=Region.objects.get(pk=region.code),
        name=name or f"{region.name}人民政府",
        defaults={"kind": OrganisationKind.GOVERNMENT},
    )
    return gov


def _administrators(usernames: dict[str, str], government: Organisation) -> list[Login]:
    chosen = [
        (role, (usernames.get(role) or default).strip(), label) for role, default, label in ADMINISTRATORS
    ]
    names = [name for _, name, _ in chosen]
    if len({normalise_login(n) for n in names}) != len(names):
        raise SetupRefused("三个管理员的用户名不能相同。")
    passwords = [random_password(name) for name in names]
    logins = []
    for (role, name, label), password, hashed in zip(
        chosen, passwords, hash_passwords(passwords), strict=True
    ):
        if User.objects.filter(username_key=normalise_login(name)).exists():
            raise SetupRefused(f"用户名“{name}”已被使用，请另选。")
        user = User(
            username=name,
            full_name=label,
            organisation=government,
            roles=[role.value],
            data_scope=DataScope.OWN,
            password_changed_at=None,  # one-time password: changed at the first login (docs/security.md 2)
        )
        user.full_clean(exclude=["password", "username_key"])
        user.password = hashed
        user.save()
        logins.append(Login(name, password, label))
    return logins


def _import(kind: str, fileobj) -> ImportResult:
    result = run_import(kind, fileobj, actor=None)
    if not result.ok:
        title = "单位" if kind == "organisations" else "工作人员"
        raise SetupRefused(f"{title}导入未通过，设置未生效（已全部撤销）：", result)
    return result


def run(
    *,
    region_code: str,
    usernames: dict[str, str] | None = None,
    towns: bool = True,
    government_name: str = "",
    organisations=None,
    staff=None,
    via: str = "console",
) -> Outcome:
    """Set up the government of ``region_code``; all or nothing. Raises :class:`SetupRefused` with a
    Chinese message (and the import's row errors) when anything is wrong."""
    try:
        region = regions.get(region_code)
    except regions.UnknownDivision as exc:
        raise SetupRefused(exc.message) from None
    if region.level == "township":
        raise SetupRefused(
            f"“{region.code} {region.name}”是乡镇街道；请选择县级或以上的政府（其乡镇随之建立）。"
        )
    with transaction.atomic():
        if administrators_exist():
            raise SetupRefused(
                "系统已有管理员，不能再次设置。添加区划、单位和人员请由系统管理员登录后办理，或在服务器上运行 `fazhi import`。"
            )
        installed = regions.install(region.code, towns=towns)
        government = _government(region, government_name)
        logins = _administrators(usernames or {}, government)
        imports = []
        if organisations is not None:
            imports.append(_import("organisations", organisations))
        if staff is not None:
            imports.append(_import("staff", staff))
        record(
            "core.setup",
            obj=government,
            object_repr=f"设置本级政府：{regions.full_name(region.code)}（{region.code}）",
            detail={
                "region": region.code,
                "regions_created": installed.created,
                "towns": installed.towns,
                "administrators": [login.username for login in logins],
                "imports": {r.kind: r.created for r in imports},
                "via": via,
                "source": regions.source().splitlines()[1] if regions.source() else "",
            },
        )
    clear_setup_code()
    return Outcome(region, installed, government, logins, imports)


# --- the first-run page's setup code --------------------------------------------------------------


def setup_code_path() -> Path:
    return Path(settings.DATA_DIR) / "keys" / "setup-code"


def setup_code() -> str:
    """The code the first-run page asks for, written (once) to a file only the server's operator
    can read: whoever reaches the page first cannot claim the installation without it."""
    path = setup_code_path()
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    code = "-".join(secrets.token_hex(3).upper() for _ in range(3))
    path.write_text(code + "\n", encoding="utf-8")
    path.chmod(0o600)
    return code


def check_setup_code(given: str) -> bool:
    return secrets.compare_digest((given or "").strip().upper().encode(), setup_code().encode())


def clear_setup_code() -> None:
    setup_code_path().unlink(missing_ok=True)
