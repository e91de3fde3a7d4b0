"""Deterministic demo data: a fictional province, its cities, counties, organisations and staff.

Geography. The demo lives in the fictional 云岭省. The region validator accepts only the province
codes GB/T 2260 assigns, so the demo borrows code **45** for the province, with names that are
clearly made up (云岭省, 云岭市, …), and puts its prefectures at **4571–4580**, numbers GB/T 2260
leaves unused under 45 (real prefectures there are 4501–4514). Demo rows therefore never collide
with a real prefecture or county, and everything the demo owns lies in the code range
[4571, 4581) (plus the province row 450000 and the province-level organisations of the
``province`` scale, recognised by the 云岭省 name). Each prefecture has 8 county-level divisions
whose last two digits follow GB/T 2260 practice (02–03 区, 21–25 县, 81 县级市); townships get
9-digit 统计用区划代码 (001–099 街道, 101–199 镇, 201–299 乡). Place and person names are made up
(see :mod:`fazhi.demo.names`).

Scales. ``county``: the 县 457121 alone (its government, 30 departments, 10–14 townships/streets
each with a 司法所, ~300 staff). ``city``: 云岭市 with its own departments and 8 counties.
``province``: the province government and departments, 10 cities × 8 counties.

Determinism. Everything comes from ``random.Random`` instances seeded with the seed and a fixed
label (the county's code for its contents), so a seed gives the same names and codes every run and
a county has the same organisations at every scale. Only passwords are random (``secrets``).

Credit codes. Every organ gets a valid 统一社会信用代码 (GB 32100-2015): 登记管理部门码 1 (机构编制),
机构类别 1 (机关), the county (or city/province) code, a 9-character 组织机构代码 whose last
character is the GB 11714 check character, and the GB 32100 check character. 司法所 are 派出机构 of
the 司法局 and have none.

Passwords. Filler staff get unusable passwords (they exist to populate lists and scopes). The demo
logins (:data:`LOGINS`) get random passwords at install, printed once by ``fazhi demo``.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import ProtectedError, Q

from fazhi.core.audit.models import AuditImmutable
from fazhi.core.audit.services import record
from fazhi.core.imports import hash_passwords, random_password
from fazhi.core.models import (
    DataScope,
    Organisation,
    OrganisationFunction,
    OrganisationKind,
    OrgFunction,
    Region,
    RegionLevel,
    RoleCode,
    User,
    normalise_login,
)
from fazhi.core.validators import org_code_check_char, uscc_check_char
from fazhi.demo import names, registry

DEFAULT_SEED = 2026
PROVINCE_CODE = "450000"
FIRST_CITY = 71  # prefectures 4571–4580 (unused by GB/T 2260 under 45)
DEMO_CITY = "457100"
DEMO_COUNTY = "457121"
DEMO_RANGE = ("4571", "4581")  # [lo, hi): every demo code below the province
SCALES = {"county": "县级", "city": "市级", "province": "省级"}
CITY_COUNT = {"county": 1, "city": 1, "province": 10}


@dataclass(frozen=True)
class RegionSpec:
    code: str
    name: str
    level: str
    parent: str | None


@dataclass(frozen=True)
class OrgSpec:
    key: str
    name: str
    kind: str
    region: str
    parent: str | None
    uscc: str | None
    enforcement: bool


@dataclass(frozen=True)
class StaffSpec:
    username: str
    full_name: str
    org: str
    roles: tuple[str, ...]
    scope: str


@dataclass(frozen=True)
class LoginSpec:
    username: str
    label: str
    org: str
    roles: tuple[str, ...]
    scope: str
    scales: frozenset[str]


_ALL = frozenset(SCALES)
LOGINS = (
    LoginSpec(
        "officer", "承办人（县司法局）", f"{DEMO_COUNTY}:justice", (RoleCode.OFFICER,), DataScope.OWN, _ALL
    ),
    LoginSpec(
        "reviewer",
        "法制审核人员（县司法局）",
        f"{DEMO_COUNTY}:justice",
        (RoleCode.REVIEWER,),
        DataScope.OWN,
        _ALL,
    ),
    LoginSpec(
        "leader",
        "分管领导（县司法局，本级及下级）",
        f"{DEMO_COUNTY}:justice",
        (RoleCode.LEADER,),
        DataScope.SUBTREE,
        _ALL,
    ),
    LoginSpec(
        "supervisor",
        "依法治县办（全县）",
        f"{DEMO_COUNTY}:justice",
        (RoleCode.SUPERVISOR,),
        DataScope.REGION,
        _ALL,
    ),
    LoginSpec(
        "market_officer",
        "承办人（县市场监督管理局）",
        f"{DEMO_COUNTY}:market",
        (RoleCode.OFFICER,),
        DataScope.OWN,
        _ALL,
    ),
    LoginSpec(
        "market_leader",
        "分管领导（县市场监督管理局）",
        f"{DEMO_COUNTY}:market",
        (RoleCode.LEADER,),
        DataScope.OWN,
        _ALL,
    ),
    LoginSpec("sysadmin", "系统管理员", f"{DEMO_COUNTY}:data", (RoleCode.SYSADMIN,), DataScope.OWN, _ALL),
    LoginSpec("secadmin", "安全管理员", f"{DEMO_COUNTY}:data", (RoleCode.SECADMIN,), DataScope.OWN, _ALL),
    LoginSpec("auditadmin", "审计管理员", f"{DEMO_COUNTY}:data", (RoleCode.AUDITADMIN,), DataScope.OWN, _ALL),
    LoginSpec(
        "city_supervisor",
        "依法治市办（全市）",
        f"{DEMO_CITY}:justice",
        (RoleCode.SUPERVISOR,),
        DataScope.REGION,
        frozenset({"city", "province"}),
    ),
    LoginSpec(
        "province_supervisor",
        "依法治省办（全省）",
        f"{PROVINCE_CODE}:justice",
        (RoleCode.SUPERVISOR,),
        DataScope.REGION,
        frozenset({"province"}),
    ),
)
LOGIN_USERNAMES = tuple(login.username for login in LOGINS)


@dataclass
class DemoPlan:
    scale: str
    seed: int
    regions: list[RegionSpec] = field(default_factory=list)
    orgs: list[OrgSpec] = field(default_factory=list)
    staff: list[StaffSpec] = field(default_factory=list)
    logins: list[tuple[LoginSpec, StaffSpec]] = field(default_factory=list)


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str
    label: str
    organisation: str


@dataclass
class Installed:
    created: bool
    scale: str
    organisations: int
    users: int
    logins: list[DemoLogin]
    framework: str = ""  # the 示范指标体系 loaded with the demo (its load summary)


# --- planning (pure, no database) ------------------------------------------------------------


class _People:
    """Fictional names with unique pinyin usernames across the whole plan."""

    def __init__(self) -> None:
        self.taken: set[str] = set(LOGIN_USERNAMES)

    def person(self, rng: random.Random) -> tuple[str, str]:
        surname, s_py = rng.choice(names.SURNAMES)
        given = rng.sample(names.GIVEN, 2 if rng.random() < 0.7 else 1)
        full_name = surname + "".join(g for g, _ in given)
        base = s_py + "".join(py for _, py in given)
        username, n = base, 1
        while username in self.taken:
            n += 1
            username = f"{base}{n}"
        self.taken.add(username)
        return full_name, username


def _place(rng: random.Random, used: set[str]) -> str:
    while True:
        name = "".join(rng.sample(names.PLACE_SYLLABLES, 2))
        if name not in used:
            used.add(name)
            return name


def _uscc(rng: random.Random, region6: str, used: set[str]) -> str:
    while True:
        body = f"{rng.randrange(10**8):08d}"
        if body not in used:
            used.add(body)
            break
    first17 = "11" + region6 + body + org_code_check_char(body)
    return first17 + uscc_check_char(first17)


def _geography(seed: int) -> list[tuple[str, str, list[tuple[str, str, str]]]]:
    """All 10 cities with their 8 counties: (city code, name, [(county code, name, suffix)])."""
    rng = random.Random(f"{seed}:geography")
    used = {names.PROVINCE_NAME[:2], names.FIRST_CITY_NAME[:2]}
    cities = []
    for i in range(CITY_COUNT["province"]):
        prefix = f"{PROVINCE_CODE[:2]}{FIRST_CITY + i:02d}"
        city_name = names.FIRST_CITY_NAME if i == 0 else _place(rng, used) + "市"
        counties = [
            (f"{prefix}{slot}", _place(rng, used) + suffix, suffix) for slot, suffix in names.COUNTY_SLOTS
        ]
        cities.append((f"{prefix}00", city_name, counties))
    return cities


def _staff(
    plan: DemoPlan,
    rng: random.Random,
    people: _People,
    org: str,
    count: int,
    roles: Iterable[tuple[str, str]],
) -> None:
    """``count`` staff in ``org``: the given (role, scope) pairs first, officers for the rest."""
    roles = list(roles)
    for i in range(max(count, len(roles))):
        role, scope = roles[i] if i < len(roles) else (RoleCode.OFFICER, DataScope.OWN)
        full_name, username = people.person(rng)
        plan.staff.append(StaffSpec(username, full_name, org, (role,), scope))


def _department_roles(key: str, enforcement: bool) -> list[tuple[str, str]]:
    roles = [(RoleCode.LEADER, DataScope.SUBTREE)]
    if key == "justice":
        # 依法治县(市)办 sits in the 司法局; its 法制审核 staff review the government's own acts.
        roles += [(RoleCode.REVIEWER, DataScope.OWN)] * 3 + [(RoleCode.SUPERVISOR, DataScope.REGION)] * 2
    elif enforcement:
        roles.append((RoleCode.REVIEWER, DataScope.OWN))  # 行政处罚法 art. 58: 法制审核 within the agency
    return roles


def _level(
    plan: DemoPlan,
    rng: random.Random,
    people: _People,
    code: str,
    name: str,
    parent_gov: str | None,
    *,
    province: bool,
    staff_per_dept: float,
) -> str:
    """A government and its departments at one level; returns the government's key."""
    used: set[str] = set()
    gov = f"{code}:gov"
    plan.orgs.append(
        OrgSpec(
            gov,
            f"{name}人民政府",
            OrganisationKind.GOVERNMENT,
            code,
            parent_gov,
            _uscc(rng, code, used),
            False,
        )
    )
    _staff(plan, rng, people, gov, rng.randint(5, 7), [(RoleCode.LEADER, DataScope.SUBTREE)])
    for key, local_name, province_name, enforcement, weight in names.DEPARTMENTS:
        dept_name = province_name if province else local_name
        if dept_name is None:
            continue
        if key == "ecology" and code[4:] != "00":
            # Since the 2019 vertical reform a county's bureau is a branch of the city bureau.
            city = next(r.name for r in plan.regions if r.code == code[:4] + "00")
            full = f"{city}生态环境局{name[:-1]}分局"
        else:
            full = f"{name}{dept_name}"
        org = f"{code}:{key}"
        plan.orgs.append(
            OrgSpec(org, full, OrganisationKind.DEPARTMENT, code, gov, _uscc(rng, code, used), enforcement)
        )
        count = max(3, round(staff_per_dept * weight) + rng.randint(-1, 1))
        _staff(plan, rng, people, org, count, _department_roles(key, enforcement))
    return gov


def _county(
    plan: DemoPlan, people: _People, code: str, name: str, suffix: str, parent_gov: str | None
) -> None:
    rng = random.Random(f"{plan.seed}:county:{code}")
    gov = _level(plan, rng, people, code, name, parent_gov, province=False, staff_per_dept=7)
    n = rng.randint(10, 14)
    if suffix == "区":
        streets, xiang = n - rng.randint(2, 4), 0
    elif suffix == "市":
        streets, xiang = rng.randint(3, 5), 0
    else:
        streets, xiang = rng.randint(1, 2), rng.randint(2, 4)
    kinds = ["街道"] * streets + ["镇"] * (n - streets - xiang) + ["乡"] * xiang
    used = {name[:-1]}
    counters = {"街道": 0, "镇": 100, "乡": 200}
    for kind in kinds:
        counters[kind] += 1
        tcode = f"{code}{counters[kind]:03d}"
        tname = _place(rng, used) + kind
        plan.regions.append(RegionSpec(tcode, tname, RegionLevel.TOWNSHIP, code))
        town = f"{tcode}:gov"
        plan.orgs.append(
            OrgSpec(
                town,
                f"{tname}办事处" if kind == "街道" else f"{tname}人民政府",
                OrganisationKind.TOWNSHIP,
                tcode,
                gov,
                _uscc(rng, code, set()),
                # 行政处罚法 art. 24: provinces delegate enforcement powers to 乡镇 and 街道.
                kind != "乡",
            )
        )
        _staff(plan, rng, people, town, rng.randint(4, 6), [(RoleCode.LEADER, DataScope.SUBTREE)])
        office = f"{tcode}:justice_office"
        plan.orgs.append(
            OrgSpec(
                office,
                f"{tname}司法所",
                OrganisationKind.JUSTICE_OFFICE,
                tcode,
                f"{code}:justice",
                None,
                False,
            )
        )
        _staff(plan, rng, people, office, rng.randint(2, 3), [])


def build_plan(scale: str = "county", seed: int = DEFAULT_SEED) -> DemoPlan:
    """The whole demo as data (no database access); same ``scale`` and ``seed`` → same plan."""
    if scale not in SCALES:
        raise ValueError(f"未知的规模“{scale}”，可选：{'、'.join(SCALES)}")
    plan = DemoPlan(scale=scale, seed=seed)
    people = _People()
    plan.regions.append(RegionSpec(PROVINCE_CODE, names.PROVINCE_NAME, RegionLevel.PROVINCE, None))
    province_gov = None
    if scale == "province":
        rng = random.Random(f"{seed}:level:{PROVINCE_CODE}")
        province_gov = _level(
            plan, rng, people, PROVINCE_CODE, names.PROVINCE_NAME, None, province=True, staff_per_dept=6
        )
    for city_code, city_name, counties in _geography(seed)[: CITY_COUNT[scale]]:
        plan.regions.append(RegionSpec(city_code, city_name, RegionLevel.PREFECTURE, PROVINCE_CODE))
        if scale == "county":
            counties = [c for c in counties if c[0] == DEMO_COUNTY]
            city_gov = None
        else:
            rng = random.Random(f"{seed}:level:{city_code}")
            city_gov = _level(
                plan, rng, people, city_code, city_name, province_gov, province=False, staff_per_dept=6
            )
        for code, name, suffix in counties:
            plan.regions.append(RegionSpec(code, name, RegionLevel.COUNTY, city_code))
            _county(plan, people, code, name, suffix, city_gov)
    rng = random.Random(f"{seed}:logins")
    for login in LOGINS:
        if scale in login.scales:
            full_name, _ = people.person(rng)
            spec = StaffSpec(login.username, full_name, login.org, login.roles, login.scope)
            plan.staff.append(spec)
            plan.logins.append((login, spec))
    return plan


# --- loading ---------------------------------------------------------------------------------


def _load_organisations(plan: DemoPlan) -> dict[str, Organisation]:
    depth: dict[str, int] = {}
    for spec in plan.orgs:
        depth[spec.key] = 0 if spec.parent is None else depth[spec.parent] + 1
    objs: dict[str, Organisation] = {}
    for level in sorted(set(depth.values())):
        specs = [s for s in plan.orgs if depth[s.key] == level]
        batch = [
            Organisation(
                name=s.name,
                kind=s.kind,
                region_id=s.region,
                parent_id=objs[s.parent].pk if s.parent else None,
                uscc=s.uscc,
                is_enforcement_body=s.enforcement,
                **_contact(s),
            )
            for s in specs
        ]
        Organisation.objects.bulk_create(batch, batch_size=500)
        if any(obj.pk is None for obj in batch):  # backends that return no ids from bulk inserts
            ids = {(o.region_id, o.name): o.pk for o in demo_organisations().only("id", "region_id", "name")}
            for obj in batch:
                obj.pk = ids[(obj.region_id, obj.name)]
        objs.update(zip((s.key for s in specs), batch, strict=True))
    for spec in plan.orgs:  # parents come first in the plan
        parent_path = objs[spec.parent].path if spec.parent else "/"
        objs[spec.key].path = f"{parent_path}{objs[spec.key].pk}/"
    Organisation.objects.bulk_update(list(objs.values()), ["path"], batch_size=500)
    OrganisationFunction.objects.bulk_create(
        [
            OrganisationFunction(organisation=objs[spec.key], function=function)
            for spec in plan.orgs
            for function in _functions(spec)
        ],
        batch_size=1000,
    )
    return objs


# Functions by department key (fazhi.demo.names.DEPARTMENTS): the 司法局 is the 司法行政机关 and the
# 行政复议机构 of its government (《行政复议法》(2023) 第四条) and hosts the 依法治县(市)办; the
# government office runs 政务公开 (《政府信息公开条例》第四条); the 信访局 handles 信访.
DEPARTMENT_FUNCTIONS = {
    "justice": (
        OrgFunction.JUSTICE_ADMINISTRATION,
        OrgFunction.RECONSIDERATION_BODY,
        OrgFunction.RULE_OF_LAW_OFFICE,
    ),
    "office": (OrgFunction.DISCLOSURE_BODY,),
    "petition": (OrgFunction.PETITION_BODY,),
}


OFFICE_HOURS = "工作日上午8:30—12:00，下午15:00—18:00（法定节假日除外）"


def _contact(spec: OrgSpec) -> dict:
    """Address, phone and office hours of the bodies the portal names for 行政复议 (issue 11 item
    18): each government (the 行政复议机关) and its 司法局 (the 行政复议机构); others are left empty,
    as an organisation imported without them would be."""
    role = spec.key.rsplit(":", 1)[-1]
    if not (spec.kind == OrganisationKind.GOVERNMENT or (spec.kind == "department" and role == "justice")):
        return {}
    serial = int(spec.region[2:6])  # the same region code, the same made-up numbers
    room = "政务服务中心二楼行政复议受理窗口" if role == "justice" else "政府办公大楼一楼收发室"
    return {
        "address": f"人民路{serial % 200 + 1}号{room}",
        "phone": f"0771-{'5' if role == 'justice' else '3'}{serial:04d}{'12' if role == 'justice' else '00'}",
        "office_hours": OFFICE_HOURS,
    }


def _functions(spec: OrgSpec) -> tuple[str, ...]:
    found = DEPARTMENT_FUNCTIONS.get(spec.key.rsplit(":", 1)[-1], ()) if spec.kind == "department" else ()
    return (*found, OrgFunction.ENFORCEMENT_BODY) if spec.enforcement else found


def _load_users(plan: DemoPlan, orgs: dict[str, Organisation]) -> tuple[list[User], list[DemoLogin]]:
    logins = {spec.username: login for login, spec in plan.logins}
    passwords = {username: random_password(username) for username in logins}
    hashed = dict(zip(passwords, hash_passwords(list(passwords.values())), strict=True))
    users = []
    for spec in plan.staff:
        users.append(
            User(
                username=spec.username,
                username_key=normalise_login(spec.username),
                full_name=spec.full_name,
                organisation_id=orgs[spec.org].pk,
                roles=[str(r) for r in spec.roles],
                data_scope=spec.scope,
                # Filler staff cannot log in; only the demo logins get a (random) password.
                password=hashed.get(spec.username) or make_password(None),
            )
        )
    User.objects.bulk_create(users, batch_size=1000)
    if any(user.pk is None for user in users):
        ids = dict(
            User.objects.filter(username__in=[u.username for u in users]).values_list("username", "pk")
        )
        for user in users:
            user.pk = ids[user.username]
    printed = [
        DemoLogin(login.username, passwords[login.username], login.label, orgs[login.org].name)
        for login, _ in plan.logins
    ]
    return users, printed


def load(plan: DemoPlan) -> tuple[list[Organisation], list[User], list[DemoLogin]]:
    """Write ``plan`` with bulk inserts, then run the domain apps' demo hooks."""
    # The province row may exist already (a deployment in province 45): keep it, add below it.
    Region.objects.bulk_create(
        [Region(code=r.code, name=r.name, level=r.level, parent_id=r.parent) for r in plan.regions],
        batch_size=1000,
        ignore_conflicts=True,
    )
    orgs = _load_organisations(plan)
    users, logins = _load_users(plan, orgs)
    org_list = [orgs[s.key] for s in plan.orgs]
    for hook in registry.hooks():
        rng = random.Random(f"{plan.seed}:hook:{hook.__module__}.{hook.__qualname__}")
        hook(rng, plan.scale, org_list, users)
    return org_list, users, logins


# --- the installed demo ----------------------------------------------------------------------


def _in_demo_range(field: str) -> Q:
    return Q(**{f"{field}__gte": DEMO_RANGE[0], f"{field}__lt": DEMO_RANGE[1]})


def demo_organisations():
    return Organisation.objects.filter(
        _in_demo_range("region_id") | Q(region_id=PROVINCE_CODE, name__startswith=names.PROVINCE_NAME)
    )


def existing_scale() -> str | None:
    """The scale of the demo already in the database, or None."""
    if not demo_organisations().exists():
        return None
    counties = Region.objects.filter(_in_demo_range("code"), level=RegionLevel.COUNTY).count()
    if counties <= 1:
        return "county"
    return "city" if counties <= len(names.COUNTY_SLOTS) else "province"


def reset_passwords(scale: str) -> list[DemoLogin]:
    """New random passwords for the demo logins (so whoever runs ``fazhi demo`` can log in)."""
    out = []
    keys = {normalise_login(login.username): login for login in LOGINS if scale in login.scales}
    users = User.objects.filter(username_key__in=keys, organisation__in=demo_organisations()).select_related(
        "organisation"
    )
    for user in sorted(users, key=lambda u: LOGIN_USERNAMES.index(keys[u.username_key].username)):
        password = random_password(user.username)
        user.set_password(password)
        user.is_active = True
        user.save(update_fields=["password", "is_active"])
        login = keys[user.username_key]
        out.append(
            DemoLogin(
                user.username, password, login.label, user.organisation.name if user.organisation else ""
            )
        )
    return out


def purge() -> None:
    """Delete the demo: rows of other apps pointing at demo staff/organisations, then the demo."""
    from django.apps import apps

    orgs = demo_organisations()
    users = User.objects.filter(organisation__in=orgs)
    for _ in range(5):  # a few passes: rows of one app may protect rows of another
        blocked = False
        for model in apps.get_models():
            if model in (Organisation, User, Region):
                continue
            for f in model._meta.concrete_fields:
                if not f.is_relation or f.related_model not in (Organisation, User):
                    continue
                target = orgs if f.related_model is Organisation else users
                try:
                    with transaction.atomic():
                        model._base_manager.filter(**{f"{f.name}__in": target}).delete()
                except ProtectedError:
                    blocked = True
                except AuditImmutable:  # the append-only audit chain keeps its rows
                    pass
        if not blocked:
            break
    users.delete()
    for org in sorted(orgs.only("id", "path"), key=lambda o: -len(o.path)):
        Organisation.objects.filter(pk=org.pk).delete()
    for region in sorted(Region.objects.filter(_in_demo_range("code")), key=_depth, reverse=True):
        Region.objects.filter(pk=region.pk).delete()
    Region.objects.filter(pk=PROVINCE_CODE, name=names.PROVINCE_NAME, children__isnull=True).delete()


def _depth(region: Region) -> int:
    return list(RegionLevel).index(RegionLevel(region.level))


#: The 《市县法治政府建设示范指标体系》 the demo shows (a shipped file of fazhi/indicators/framework_data/).
DEMO_FRAMEWORK = "demonstration-2021"


def load_framework() -> str:
    """Load (or reload) the 2021 示范指标体系 through the same loader as ``fazhi framework load``.

    The loader is idempotent: a second run finds every item unchanged and writes nothing new but
    its audit row. Returns the loader's summary line.
    """
    from fazhi.indicators import framework

    return framework.load_framework(DEMO_FRAMEWORK).summary


def install(scale: str = "county", seed: int = DEFAULT_SEED, *, reset: bool = False) -> Installed:
    """Build the demo once; if it exists, only give its logins new passwords. One transaction.

    Either way the 2021 示范指标体系 is loaded (or reloaded, unchanged), so a demo built before it
    shipped gets it too."""
    with transaction.atomic():
        framework = load_framework()
        existing = existing_scale()
        if existing and reset:
            purge()
            record("demo.purge", object_type="demo", object_repr="删除演示数据", detail={"scale": existing})
            existing = None
        if existing:
            logins = reset_passwords(existing)
            record(
                "demo.reset_passwords",
                object_type="demo",
                object_repr="重置演示账号密码",
                detail={"usernames": [login.username for login in logins]},
            )
            return Installed(
                created=False,
                scale=existing,
                organisations=demo_organisations().count(),
                users=User.objects.filter(organisation__in=demo_organisations()).count(),
                logins=logins,
                framework=framework,
            )
        plan = build_plan(scale, seed)
        orgs, users, logins = load(plan)
        record(
            "demo.load",
            object_type="demo",
            object_repr=f"生成{SCALES[scale]}演示数据",
            detail={"scale": scale, "seed": seed, "organisations": len(orgs), "users": len(users)},
        )
        return Installed(
            created=True,
            scale=scale,
            organisations=len(orgs),
            users=len(users),
            logins=logins,
            framework=framework,
        )
