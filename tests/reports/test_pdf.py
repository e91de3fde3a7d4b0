"""The report converted to PDF by LibreOffice (as a reader's office suite would render it): page
count, and the Chinese glyphs embedded (pdffonts).

Skipped locally when ``soffice`` is missing; CI sets FAZHI_REQUIRE_LIBREOFFICE=1 (and installs
libreoffice-writer-nogui + poppler-utils), so there a missing tool fails the test instead.
"""

import os
import re
import shutil
import subprocess

import pytest

from fazhi.reports import services

pytestmark = pytest.mark.django_db

TOOLS = ("soffice", "pdfinfo", "pdffonts", "pdftotext")
CJK_FONT = re.compile(r"CJK|Song|Hei|Kai|Fang|Ming|WenQuanYi|Fallback|SimSun|FZ|STZhong", re.IGNORECASE)
ROW = re.compile(r"^(?P<name>\S+)\s+.*?\s(?P<emb>yes|no)\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+\s*$")


@pytest.fixture
def tools():
    missing = [t for t in TOOLS if shutil.which(t) is None]
    if missing:
        if os.environ.get("FAZHI_REQUIRE_LIBREOFFICE"):
            pytest.fail(f"FAZHI_REQUIRE_LIBREOFFICE is set but {', '.join(missing)} not installed")
        pytest.skip(f"{', '.join(missing)} not installed (CI installs LibreOffice and poppler-utils)")


def _run(*args, cwd=None, timeout=180) -> str:
    return subprocess.run(args, cwd=cwd, check=True, capture_output=True, text=True, timeout=timeout).stdout


def _pdf(report, tmp_path):
    data, _ = services.generate(report)
    docx = tmp_path / "report.docx"
    docx.write_bytes(data)
    profile = (tmp_path / "lo-profile").as_uri()  # a private profile: parallel runs do not collide
    _run(
        "soffice",
        f"-env:UserInstallation={profile}",
        "--headless",
        "--convert-to",
        "pdf",
        "--outdir",
        str(tmp_path),
        str(docx),
    )
    pdf = tmp_path / "report.pdf"
    assert pdf.exists()
    return pdf


def test_libreoffice_renders_the_report_with_embedded_chinese_fonts(tools, report, tmp_path):
    pdf = _pdf(report, tmp_path)

    info = _run("pdfinfo", str(pdf))
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE).group(1))
    assert re.search(r"^Page size:.*\(A4\)", info, re.MULTILINE)
    # The narrative and the signature come first; the appendix table starts on a page of its own
    # and runs on as long as it needs.
    assert pages >= 2, info
    texts = [
        _run("pdftotext", "-layout", "-f", str(n), "-l", str(n), str(pdf), "-") for n in range(1, pages + 1)
    ]
    flats = [t.replace(" ", "") for t in texts]
    appendix = next(i for i, t in enumerate(flats) if t.startswith("附表"))
    assert appendix >= 1 and "指标定义与口径" in flats[appendix]
    body = "".join(flats[:appendix])
    assert "东区2022年度法治政府建设工作报告" in flats[0]
    assert "纠错率9.1%" in body.replace("\n", "")
    assert all(h in body for h in ("一、主要举措和成效", "五、其他", "东区人民政府"))
    assert not any("主要举措和成效" in t for t in flats[appendix:])
    # 28 characters a line: the first line of a paragraph is its two-character indent + 26.
    lines = [x.replace(" ", "") for t in texts[:appendix] for x in t.splitlines()]
    assert (
        next(x for x in lines if "深入推进" in x) == "深入推进严格规范公正文明执法，加强行政复议规范化建"
    ), lines

    fonts = _run("pdffonts", str(pdf)).splitlines()[2:]
    rows = [m.groupdict() for line in fonts if (m := ROW.match(line))]
    cjk = [r for r in rows if CJK_FONT.search(r["name"])]
    assert cjk, fonts
    assert all(r["emb"] == "yes" for r in cjk), fonts
