"""``fazhi startdomain`` and docs/howto/add-a-domain.md followed from scratch: in a copy of the
project, ``fazhi startdomain sample --title 示例事项`` writes a domain of declarations only, nothing
central is edited, and the new domain's own tests, the generated suites (tests/kit) and the generated
create-page check pass on it — list, detail, create, edit, export, API, audit, data scope, clocks and
the ProcedureSuite — with no view, form or template of its own; its demo (the demo kit) holds a
matter in every state of its procedure."""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

import fazhi
from fazhi.core.kit import domains

PROJECT = Path(fazhi.__file__).resolve().parent.parent


def _env(copy: Path, data: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "FAZHI_"))}
    # SQLite in the copy's own data dir: a PostgreSQL run (CI) must not share its test database.
    env.update(PYTHONPATH=str(copy), FAZHI_DATA_DIR=str(data), PYTHONDONTWRITEBYTECODE="1")
    return env


def _run(args, *, copy: Path, env: dict, timeout: int = 600) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args], cwd=copy, env=env, capture_output=True, text=True, timeout=timeout
    )


@pytest.fixture(scope="module")
def project_copy(tmp_path_factory):
    copy = tmp_path_factory.mktemp("project")
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "var", "browser")
    for part in ("fazhi", "tests"):
        shutil.copytree(PROJECT / part, copy / part, ignore=ignore)
    shutil.copy(PROJECT / "pyproject.toml", copy / "pyproject.toml")
    return copy


def test_startdomain_gives_a_working_domain_with_nothing_central_to_edit(project_copy, tmp_path):
    copy = project_copy
    env = _env(copy, tmp_path / "var")
    settings_before = (copy / "fazhi" / "settings.py").read_bytes()

    made = _run(["-m", "fazhi", "startdomain", "sample", "--title", "示例事项"], copy=copy, env=env)
    assert made.returncode == 0, made.stdout + made.stderr
    app, tests = copy / "fazhi" / "sample", copy / "tests" / "sample"
    for name in ("apps.py", "models.py", "workflow.py", "views.py", "api.py", "indicators.py", "demo.py"):
        assert (app / name).is_file(), name
    assert (app / "imports.py").is_file() and (app / "migrations" / "0001_initial.py").is_file()
    assert not (app / "urlpolicy.py").exists()  # no routes of its own
    assert {p.name for p in tests.glob("*.py")} == {
        "__init__.py",
        "factories.py",
        "test_workflow.py",
        "test_imports.py",
        "test_pages.py",
    }
    assert not list(app.rglob("*.html")) and not (app / "forms.py").exists()  # declarations only
    # The checklist names the placeholder article the author must replace.
    assert "TODO fazhi/sample/workflow.py" in made.stdout and "《（法律依据）》第X条" in made.stdout
    assert "《（法律依据）》第X条" in (app / "workflow.py").read_text(encoding="utf-8")
    # Nothing central is edited: settings find the app by itself.
    assert (copy / "fazhi" / "settings.py").read_bytes() == settings_before
    found = _run(
        ["-c", "from fazhi.core.kit.domains import domain_apps; print(domain_apps())"], copy=copy, env=env
    )
    apps = ast.literal_eval(found.stdout.strip())  # the module names the copy printed
    # The new one is found by itself, placed by its order (100) after the existing domains.
    assert apps[-1] == "fazhi.sample" and apps[:2] == ["fazhi.reconsideration", "fazhi.litigation"]
    # The written files pass the project's linter as they are.
    lint = _run(["-m", "ruff", "check", "fazhi/sample", "tests/sample"], copy=copy, env=env)
    assert lint.returncode == 0, lint.stdout + lint.stderr

    ran = _run(
        [
            "-m",
            "pytest",
            "tests/sample",
            "tests/kit",
            "tests/web/test_form_specs.py",
            # the demo (with the new domain's hook) builds, every history a path of its procedure
            "tests/core/test_histories.py::test_every_demo_history_is_a_path_of_its_procedure",
            # … and holds a matter in every state of the new procedure (the demo kit's target_states)
            "tests/demo/test_every_state.py::test_county_demo_has_a_record_in_every_state[sample]",
            "--ignore=tests/kit/test_startdomain.py",
            "-p",
            "no:randomly",
            "-m",
            "not browser",
            "-o",
            "addopts=--strict-markers -p no:cacheprovider",
            "-rA",
        ],
        copy=copy,
        env=env,
    )
    out = ran.stdout + ran.stderr
    assert ran.returncode == 0, out[-6000:]
    for check in (
        "tests/kit/test_generated_pages.py::test_list_and_detail_show_the_record_to_those_in_scope[sample]",
        "tests/kit/test_generated_pages.py::test_out_of_scope_users_get_404_and_an_empty_list[other_county-sample]",
        "tests/kit/test_generated_pages.py::test_export_holds_the_row_and_is_audited[sample]",
        "tests/kit/test_generated_pages.py::test_api_lists_and_shows_only_what_the_caller_may_see[sample]",
        "tests/kit/test_generated_pages.py::test_pages_stay_within_their_pinned_query_budget[sample]",
        "tests/kit/test_generated_pages.py::test_every_domain_has_its_declarations",
        "tests/web/test_form_specs.py::test_every_declared_create_page[sample]",
        "tests/core/test_histories.py::test_every_demo_history_is_a_path_of_its_procedure",
        "tests/demo/test_every_state.py::test_county_demo_has_a_record_in_every_state[sample]",
        "tests/sample/test_pages.py::test_create_page_registers_a_numbered_matter_with_its_party",
        "tests/sample/test_pages.py::test_edit_page_changes_the_matter_and_audits_the_field_names",
        "tests/sample/test_pages.py::test_steps_on_the_detail_page_start_and_stop_the_clock_and_end_editing",
        "tests/sample/test_workflow.py::TestSampleProcedure::test_clock_due_date[handling]",
        "tests/sample/test_workflow.py::TestSampleProcedure::test_guard_refuses[accept]",
        "tests/sample/test_workflow.py::TestSampleProcedure::test_outsider_refused[accept]",
        "tests/sample/test_workflow.py::TestSampleProcedure::test_spec_is_complete",
        "tests/sample/test_imports.py::test_a_file_imported_twice_registers_each_matter_once",
    ):
        assert f"PASSED {check}" in out, check


@pytest.mark.parametrize(
    "name, message",
    [
        ("Sample", "领域名称“Sample”无效"),
        ("9lives", "领域名称“9lives”无效"),
        ("class", "领域名称“class”无效"),
        ("litigation", "与已安装的应用重名"),
        ("web", "与已安装的应用重名"),
        ("staff", "与已声明的.*“staff”重名"),
        ("lawsuits", "重名"),
    ],
)
def test_startdomain_refuses_a_bad_or_taken_name_in_chinese(tmp_path, name, message):
    (tmp_path / "fazhi").mkdir()
    with pytest.raises(CommandError, match=message):
        call_command("startdomain", name, "--dir", str(tmp_path))
    assert list((tmp_path / "fazhi").iterdir()) == []


def test_a_domain_the_figure_catalogue_reserves_may_be_started():
    """行政执法, 人民调解 …: the catalogue names their figures before the domain exists (reported
    figures, fazhi.indicators.catalogue); the app that records the matter takes the code over. An
    installed app's code stays taken."""
    from fazhi.core.management.commands.startdomain import available_names

    taken = {"reconsideration", "litigation", "web"}
    names = available_names(taken)
    assert "enforcement" not in names and "mediation" not in names
    assert names["staff"] and "reconsideration" in names


def test_startdomain_never_overwrites_an_existing_package(tmp_path):
    (tmp_path / "fazhi" / "permits").mkdir(parents=True)
    (tmp_path / "fazhi" / "permits" / "models.py").write_text("# mine\n", encoding="utf-8")
    with pytest.raises(CommandError, match="“fazhi/permits”已存在，不会覆盖"):
        call_command("startdomain", "permits", "--dir", str(tmp_path))
    assert (tmp_path / "fazhi" / "permits" / "models.py").read_text(encoding="utf-8") == "# mine\n"
    assert not (tmp_path / "tests").exists()


def test_domain_apps_are_found_by_their_config_and_placed_by_order(tmp_path):
    assert domains.domain_apps()[:2] == ["fazhi.reconsideration", "fazhi.litigation"]
    root = tmp_path / "fazhi"
    configs = {
        "zeta": "class ZConfig(registry.DomainConfig):\n    order = 5\n",
        "alpha": "class AConfig(registry.DomainConfig):\n    name = 'fazhi.alpha'\n",
        "beta": "class BConfig(DomainConfig):\n    order = 100\n",
        "shell": "class ShellConfig(AppConfig):\n    order = 1\n",  # not a domain
        "broken": "class (:\n",
    }
    for name, text in configs.items():
        (root / name).mkdir(parents=True)
        (root / name / "apps.py").write_text(text, encoding="utf-8")
    assert domains.domain_apps(root) == ["fazhi.zeta", "fazhi.alpha", "fazhi.beta"]


def test_every_template_is_written():
    from fazhi.core.kit import scaffold

    for part, names in scaffold.ORDER.items():
        kept = {p.name.removesuffix("-tpl") for p in (scaffold.HERE / part).glob("*.py-tpl")}
        assert set(names) == kept, part
