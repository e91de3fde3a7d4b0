"""The product stands on its own: no file points at requirement documents outside the repository,
and nothing a user sees (templates, shipped data, document texts) points at a maintainer's doc."""

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUTSIDE = re.compile(r"\b(SECURITY|DOMAIN|DESIGN|STYLE)\.md\b|\.\./shared")
COMMENTS = re.compile(r"\{%\s*comment\s*%\}.*?\{%\s*endcomment\s*%\}|\{#.*?#\}|<!--.*?-->", re.S)


def _files(*paths: str) -> list[Path]:
    """The tracked files under ``paths`` (every file there when the tree is no git checkout, e.g. the
    copy tests/kit/test_startdomain.py works in)."""
    listed = subprocess.run(["git", "ls-files", *paths], cwd=ROOT, capture_output=True, text=True)
    if listed.returncode == 0 and listed.stdout.strip():
        return [ROOT / name for name in listed.stdout.split() if (ROOT / name).is_file()]
    found = []
    for path in paths:
        top = ROOT / path
        found += (
            [top]
            if top.is_file()
            else [p for p in top.rglob("*") if p.is_file() and "__pycache__" not in p.parts]
        )
    return found


def _text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return ""


def test_nothing_points_at_documents_outside_the_repository():
    found = [
        str(p.relative_to(ROOT))
        for p in _files("fazhi", "tests", "docs", "README.md", "benchmarks", ".ci")
        if p != Path(__file__).resolve() and OUTSIDE.search(_text(p))
    ]
    assert not found, found


def test_what_users_see_names_no_maintainer_document():
    seen = [
        p for p in _files("fazhi") if p.suffix in {".html", ".json", ".txt"} and "/migrations/" not in str(p)
    ]
    found = [str(p.relative_to(ROOT)) for p in seen if re.search(r"docs/|\.md\b", COMMENTS.sub("", _text(p)))]
    assert not found, found
