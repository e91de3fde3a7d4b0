"""The public 行政复议 pages name the 复议机关 and the 复议机构 with address and phone, and an online
application carries the applicant's files (issue 11 item 18)."""

import io

import pytest
from django.test import Client

from fazhi.core.workflow.models import Attachment
from fazhi.portal.models import IntakeFile, OnlineApplication
from tests import factories
from tests.reconsideration.test_portal import form_data, register_intake

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def upload(name: str, content: bytes):
    f = io.BytesIO(content)
    f.name = name
    return f


def test_the_pages_name_the_government_and_its_reconsideration_body_with_address_and_phone(tree):
    """《行政复议法》第四条: the county government is the 行政复议机关, its 司法局 the 行政复议机构;
    第二十二条: an application may be handed in or posted — so the public needs where and whom to call."""
    justice, gov = tree["east_justice"], tree["east_gov"]
    justice.address, justice.phone, justice.office_hours = (
        "东区人民路1号政务服务中心二楼",
        "0771-5551234",
        "工作日8:30—17:30",
    )
    justice.save()
    gov.phone = "0771-3330000"
    gov.save()
    for url in ("/reconsideration/", "/reconsideration/apply/", "/reconsideration/query/"):
        html = Client().get(url).content.decode()
        offices = html.split('id="offices"')[1]
        assert "行政复议机关：东区人民政府" in offices and "行政复议机构：东区司法局" in offices, url
        assert "东区人民路1号政务服务中心二楼" in offices and "0771-5551234" in offices, url
        assert "工作日8:30—17:30" in offices and "0771-3330000" in offices, url
        assert "邮寄" in offices and "口头申请" in offices, url
        # The government's address was never entered: said plainly, not left blank.
        government = offices.split("行政复议机关：东区人民政府")[1].split("行政复议机构")[0]
        assert '<dd class="office-address">尚未公布</dd>' in government


def test_an_organisation_s_phone_is_checked_where_it_is_edited(tree):
    from django.core.exceptions import ValidationError

    justice = tree["east_justice"]
    justice.phone = "5551234"
    with pytest.raises(ValidationError) as exc:
        justice.full_clean()
    assert "联系电话应为11位手机号码或带区号的固定电话" in str(exc.value)


def test_files_sent_with_the_application_are_shown_to_staff_and_carried_into_the_case(tree):
    """《行政复议法》第三十一条 (补正 when 申请材料不齐全) and 第四十四条 (evidence the applicant
    provides): the 身份证明, the act's 文书 and evidence come with the online application."""
    data = form_data(tree["east_justice"])
    data |= {
        "id_copy": upload("身份证.png", PNG),
        "act_document": upload("处罚决定书.pdf", PDF),
        "evidence": [upload("证据1.pdf", PDF), upload("证据2.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 32)],
    }
    response = Client().post("/reconsideration/apply/", data)
    assert response.status_code == 200, response.content.decode()[:3000]
    assert "处罚决定书.pdf" in response.content.decode()
    intake = OnlineApplication.objects.get()
    files = {f.kind: f for f in intake.files.all()}
    assert set(files) == {"身份证明材料", "被申请行政行为的文书", "其他证据材料"}
    assert intake.files.count() == 4

    officer = factories.user(tree["east_justice"], roles=("officer",))
    staff = Client()
    staff.force_login(officer)
    page = staff.get("/staff/online-applications/").content.decode()
    row = files["被申请行政行为的文书"]
    link = f"/staff/online-applications/{intake.pk}/files/{row.pk}/"
    assert "被申请行政行为的文书：处罚决定书.pdf" in page and link in page
    download = staff.get(link)
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert "attachment" in download["Content-Disposition"]

    # The public never gets a file back, and staff of another county do not either.
    assert Client().get(link).status_code in (302, 404)
    other = Client()
    other.force_login(factories.user(tree["west_justice"], roles=("officer",)))
    assert other.get(link).status_code == 404

    case = register_intake(intake, officer)
    carried = Attachment.objects.filter(subject_id=case.pk, subject_type__model="reconsiderationcase")
    assert sorted(carried.values_list("kind", "filename")) == sorted(
        [
            ("其他证据材料", "证据1.pdf"),
            ("其他证据材料", "证据2.jpg"),
            ("身份证明材料", "身份证.png"),
            ("被申请行政行为的文书", "处罚决定书.pdf"),
        ]
    )
    assert carried.get(filename="处罚决定书.pdf").file.open("rb").read() == PDF


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({"act_document": upload("决定书.docx", b"PK\x03\x04xx")}, "只接受PDF、JPEG 图片、PNG 图片"),
        ({"act_document": upload("决定书.pdf", b"MZ\x90\x00 not a pdf")}, "不是PDF文件"),
        ({"id_copy": upload("身份证.png", PNG + b"\x00" * (10 * 2**20))}, "超过10MB"),
        ({"evidence": [upload(f"证据{i}.pdf", PDF) for i in range(11)]}, "最多上传10个文件"),
    ],
    ids=["type", "content", "size", "count"],
)
def test_a_bad_file_refuses_the_application_in_chinese_and_stores_nothing(tree, media, files, message):
    response = Client().post("/reconsideration/apply/", form_data(tree["east_justice"]) | files)
    assert response.status_code == 400
    html = response.content.decode()
    assert "申请未提交" in html and message in html
    assert not OnlineApplication.objects.exists() and not IntakeFile.objects.exists()
    assert not any(p.is_file() for p in media.rglob("*")) if media.exists() else True


def test_the_demo_county_shows_its_government_and_justice_bureau_with_contacts(db):
    """The demo (fazhi.demo) gives every government and 司法局 an address, phone and hours, so the
    portal shows them rather than “尚未公布”."""
    from fazhi.demo import generator

    generator.install("county")
    offices = Client().get("/reconsideration/").content.decode().split('id="offices"')[1]
    assert "行政复议机构：" in offices and "司法局" in offices
    assert "尚未公布" not in offices
    assert "0771-" in offices and "行政复议受理窗口" in offices


def test_an_unregistered_application_s_review_day_in_an_unconfirmed_year_is_marked_provisional(tree):
    """第三十条 (五个工作日 from receipt) counted into 2027, whose 放假安排 is not confirmed in the
    test calendar: 网上收件 says the day may still move (ADR 0003)."""
    import datetime as dt

    from django.utils import timezone

    assert Client().post("/reconsideration/apply/", form_data(tree["east_justice"])).status_code == 200
    received = timezone.make_aware(dt.datetime(2026, 12, 29, 10, 0))
    OnlineApplication.objects.update(received_at=received)
    staff = Client()
    staff.force_login(factories.user(tree["east_justice"], roles=("officer",)))
    page = staff.get("/staff/online-applications/").content.decode()
    assert "审查期限届满日：2027-01-05（暂定，待该年度节假日安排公布后确认）" in page
