"""``fazhi startdomain``: a new domain app that is nothing but declarations (docs/adr/0013-scaffolding.md,
docs/howto/add-a-domain.md).

The files it writes are the templates beside this module (``app/*.py-tpl`` → ``fazhi/<label>/``,
``tests/*.py-tpl`` → ``tests/<label>/``), with ``{{label}}``, ``{{Label}}``, ``{{slug}}`` and
``{{title}}`` filled in. Settings find the new app by itself (fazhi.core.kit.domains): nothing
central is edited.
"""

from __future__ import annotations

import keyword
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parents[3]  # the directory holding fazhi/ and tests/
#: The files written, in the order of docs/howto/add-a-domain.md.
ORDER = {
    "app": (
        "__init__.py",
        "apps.py",
        "models.py",
        "workflow.py",
        "views.py",
        "api.py",
        "indicators.py",
        "imports.py",
        "demo.py",
    ),
    "tests": ("__init__.py", "factories.py", "test_workflow.py", "test_pages.py", "test_imports.py"),
}
NAME = re.compile(r"^[a-z][a-z0-9_]{1,39}$")


class ScaffoldRefused(ValueError):
    """The name cannot be used; ``message`` says why, in Chinese."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Names:
    label: str  # app label, procedure name, indicator prefix: "sample"
    title: str  # Chinese title: "示例事项"

    @property
    def camel(self) -> str:
        return "".join(part.capitalize() for part in self.label.split("_"))

    @property
    def slug(self) -> str:
        return self.label.replace("_", "-")

    def fill(self, text: str) -> str:
        for token, value in (
            ("{{label}}", self.label),
            ("{{Label}}", self.camel),
            ("{{slug}}", self.slug),
            ("{{title}}", self.title),
        ):
            text = text.replace(token, value)
        return text


def check_name(name: str, *, root: Path, taken: set[str], declared: dict[str, str] | None = None) -> None:
    """Refuse a name that is no valid identifier, names an installed app, is already declared (a
    procedure, page, API resource, import kind … of that name), or exists."""
    if not NAME.match(name) or keyword.iskeyword(name):
        raise ScaffoldRefused(
            f"领域名称“{name}”无效：只能用小写英文字母、数字和下划线，以字母开头，2至40个字符，"
            "且不能是Python关键字（如 enforcement、normative_documents）。"
        )
    if name in taken:
        raise ScaffoldRefused(f"领域名称“{name}”与已安装的应用重名，请换一个名称。")
    for candidate in dict.fromkeys((name, name.replace("_", "-"))):
        if candidate in (declared or {}):
            raise ScaffoldRefused(
                f"领域名称“{name}”与已声明的{declared[candidate]}“{candidate}”重名，请换一个名称。"
            )
    for path in (root / "fazhi" / name, root / "tests" / name):
        if path.exists():
            raise ScaffoldRefused(f"“{path.relative_to(root)}”已存在，不会覆盖。请换一个名称。")


def write(names: Names, *, root: Path) -> list[Path]:
    """Write the app and its tests under ``root``; returns the files written."""
    written = []
    for part, target in (("app", root / "fazhi" / names.label), ("tests", root / "tests" / names.label)):
        target.mkdir(parents=True)
        for name in ORDER[part]:
            template = HERE / part / f"{name}-tpl"
            path = target / name
            path.write_text(names.fill(template.read_text(encoding="utf-8")), encoding="utf-8")
            written.append(path)
    (root / "fazhi" / names.label / "migrations").mkdir()
    (root / "fazhi" / names.label / "migrations" / "__init__.py").write_text("", encoding="utf-8")
    tidy(written, root=root)
    return written


def tidy(paths: list[Path], *, root: Path) -> None:
    """Sort the imports and format the written files with the project's ruff settings (the order of
    ``fazhi.<label>`` among the other imports depends on the name); skipped where ruff is absent."""
    files = [str(p) for p in paths]
    for args in (["check", "--fix", "--quiet", "--select", "I", *files], ["format", "--quiet", *files]):
        try:
            subprocess.run([sys.executable, "-m", "ruff", *args], cwd=root, capture_output=True, timeout=120)
        except (OSError, subprocess.SubprocessError):
            return


def make_migrations(names: Names, *, root: Path) -> subprocess.CompletedProcess:
    """``fazhi makemigrations <label>`` in a fresh process (whose settings find the new app)."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(root), env.get("PYTHONPATH", "")) if p)
    env["DJANGO_SETTINGS_MODULE"] = "fazhi.settings"
    return subprocess.run(
        [sys.executable, "-m", "fazhi", "makemigrations", names.label],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def checklist(names: Names) -> list[str]:
    """What the author fills in, in the order of docs/howto/add-a-domain.md."""
    app, tests = f"fazhi/{names.label}", f"tests/{names.label}"
    return [
        f"TODO {app}/workflow.py：把占位的“《（法律依据）》第X条”换成真实的法律条文（ARTICLE、每个期限和环节），"
        f"按法律规定改写状态、环节和期限；用 `fazhi procedures graph {names.label}` 与法制审核人员核对。",
        f"TODO {app}/models.py：写明事项的办理经过和各期限的条文；按需要增改字段和当事人身份"
        "（改后运行 `fazhi makemigrations " + names.label + "`）；NUMBER_CODE 改为编号代字。",
        f"TODO {app}/views.py：列表的列、筛选条件，表单的字段、可编辑的角色和状态。",
        f"TODO {app}/api.py：接口输出的字段（不含个人身份信息）。",
        f"TODO {app}/indicators.py：本领域的统计指标及其定义和来源条文。",
        f"TODO {app}/imports.py：导入模板的列和自然键。",
        f"TODO {app}/demo.py：贴近实际的演示数据。",
        f"TODO {tests}/test_workflow.py：程序的输入、守卫失败方式，以及真实日期上的期限（春节、国庆、调休）。",
        f"TODO {tests}/factories.py：samples() 和 QUERY_BUDGETS（生成的页面测试使用）。",
        f"TODO docs/glossary.md：本领域的术语与标识符；{app}/apps.py 的 order 决定排序。",
        f"运行：uv run pytest {tests} tests/kit -q",
    ]
