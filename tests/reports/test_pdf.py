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
    # 28 characters a line: after the two-character indent 26 characters fit, and a closing 。 may
    # stand in the margin (标点溢出边界, on by default in Word and WPS as in LibreOffice).
    lines = [x.replace(" ", "") for t in texts[:appendix] for x in t.splitlines()]
    assert "深入推进严格规范公正文明执法，加强行政复议规范化建设。" in lines, lines
    # The signature and its date are on one page, with the end of the text.
    assert any("东区人民政府" in t and "二〇" in t and "无。" in t for t in flats[:appendix]), flats

    fonts = _run("pdffonts", str(pdf)).splitlines()[2:]
    rows = [m.groupdict() for line in fonts if (m := ROW.match(line))]
    cjk = [r for r in rows if CJK_FONT.search(r["name"])]
    assert cjk, fonts
    assert all(r["emb"] == "yes" for r in cjk), fonts


HEADING = re.compile(r"^([一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)")
PUNCTUATION = "。，、；：？！）》”’"


def test_no_page_overflows_its_type_area_or_ends_with_a_heading(tools, report, tmp_path):
    """Every page of the rendered PDF: no text beyond the right margin (but a closing punctuation
    mark hanging into it), no heading left alone at the foot of a page, the appendix landscape."""
    pdf = _pdf(report, tmp_path)
    html = _run("pdftotext", "-bbox-layout", str(pdf), "-")
    pages = re.findall(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', html, re.S)
    assert len(pages) >= 2
    right_margin = 26 / 25.4 * 72  # 26 mm (GB/T 9704 §5.2.1), portrait and landscape alike
    for number, (width, height, body) in enumerate(pages, start=1):
        edge = float(width) - right_margin
        for x_max, word in re.findall(
            r'<word xMin="[\d.]+" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>', body
        ):
            allowance = 17 if word[-1] in PUNCTUATION else 1.5  # one full-width mark of 3号
            assert float(x_max) <= edge + allowance, f"第{number}页“{word}”超出版心右边缘"
        lines = [
            "".join(re.findall(r">([^<]*)</word>", line))
            for line in re.findall(r"<line[^>]*>(.*?)</line>", body, re.S)
        ]
        text = [line for line in lines if line and not re.fullmatch(r"—\d+—", line)]
        if number < len(pages) and text:
            assert not HEADING.match(text[-1]), f"第{number}页以标题“{text[-1]}”结尾"
        if "指标定义与口径" in "".join(lines):
            assert float(width) > float(height), "附表应为横向页面"
