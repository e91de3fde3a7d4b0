"""Masking personal data for publication (issue #2 item 9)."""

from __future__ import annotations

import random

import pytest

from fazhi.core.masking import (
    COMPOUND_SURNAMES,
    luhn_ok,
    mask_address,
    mask_bank_card,
    mask_id_number,
    mask_person_name,
    mask_phone,
    redact_text,
    scan_text,
)
from fazhi.core.validators import id_number_check_digit, is_valid_id_number, uscc_check_char

VALID_ID = "11010519491231002X"
WRONG_CHECK_ID = "110105194912310021"


def _luhn(prefix: str) -> str:
    return next(prefix + d for d in "0123456789" if luhn_ok(prefix + d))


CARD = _luhn("622202123456789012")  # 19 digits, Luhn-valid


# --- names ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "masked"),
    [
        ("张三丰", "张某"),
        ("张三", "张某"),
        ("张", "张某"),
        (" 李四 ", "李某"),
        ("欧阳娜娜", "欧阳某"),
        ("诸葛亮", "诸葛某"),
        ("司马", "司某"),  # two characters: surname 司 + given name 马
        ("阿卜杜拉·买买提", "阿某"),
        ("", ""),
    ],
)
def test_mask_person_name(name, masked):
    assert mask_person_name(name) == masked


@pytest.mark.parametrize(
    "surname",
    "欧阳 司马 诸葛 上官 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 夏侯 轩辕 令狐 钟离 闾丘 端木 南宫 百里".split(),
)
def test_compound_surnames_are_kept_whole(surname):
    assert surname in COMPOUND_SURNAMES
    assert mask_person_name(surname + "明") == surname + "某"
    assert mask_person_name(surname + "明远") == surname + "某"


# --- single values -------------------------------------------------------------------------------


def test_mask_id_number_keeps_only_first_and_last_character():
    masked = mask_id_number(VALID_ID)
    assert masked == "1" + "*" * 16 + "X"
    assert len(masked) == 18
    # Neither the address code nor the birth date survives.
    assert "110105" not in masked and "1949" not in masked
    assert mask_id_number("110105 19491231 002X") == masked
    assert mask_id_number("110105491231002") == "1" + "*" * 13 + "2"


def test_mask_id_number_with_wider_window_for_staff_screens():
    assert mask_id_number(VALID_ID, keep_head=6, keep_tail=4) == "110105********002X"
    assert mask_id_number("12", keep_head=1, keep_tail=1) == "**"


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("13812345678", "138****5678"),
        ("138-1234-5678", "138****5678"),
        ("138 1234 5678", "138****5678"),
        ("+8613812345678", "+86 138****5678"),
        ("１３８１２３４５６７８", "138****5678"),
        ("0772-1234567", "*********67"),
    ],
)
def test_mask_phone(value, masked):
    assert mask_phone(value) == masked


def test_mask_bank_card():
    assert mask_bank_card(CARD) == CARD[:4] + "*" * 11 + CARD[-4:]
    assert mask_bank_card("6222 0212 3456 7890") == "6222********7890"


@pytest.mark.parametrize(
    ("address", "county", "township"),
    [
        ("广西柳州市柳江区拉堡镇柳堡路123号", "广西柳州市柳江区***", "广西柳州市柳江区拉堡镇***"),
        (
            "广西壮族自治区柳州市柳江区拉堡镇",
            "广西壮族自治区柳州市柳江区***",
            "广西壮族自治区柳州市柳江区拉堡镇",
        ),
        ("北京市朝阳区建国路88号院3号楼", "北京市朝阳区***", "北京市朝阳区***"),
        ("上海市浦东新区张江镇科苑路1号", "上海市浦东新区***", "上海市浦东新区张江镇***"),
        ("湖南省永州市道县道江镇潇水路5号", "湖南省永州市道县***", "湖南省永州市道县道江镇***"),
        ("江苏省镇江市京口区正东路1号", "江苏省镇江市京口区***", "江苏省镇江市京口区***"),
        ("广东省东莞市虎门镇解放路1号", "广东省东莞市***", "广东省东莞市虎门镇***"),
        (
            "内蒙古自治区锡林郭勒盟锡林浩特市宝力根苏木",
            "内蒙古自治区锡林郭勒盟锡林浩特市***",
            "内蒙古自治区锡林郭勒盟锡林浩特市宝力根苏木",
        ),
        ("柳州市柳江区", "柳州市柳江区", "柳州市柳江区"),
        ("柳堡路123号", "***", "***"),
        ("", "", ""),
    ],
)
def test_mask_address(address, county, township):
    assert mask_address(address) == county
    assert mask_address(address, level="township") == township


def test_mask_address_never_keeps_house_numbers():
    for address in ("广西柳州市柳江区拉堡镇柳堡路123号", "市场路12号", "柳州市市场路3号"):
        assert not any(ch.isdigit() for ch in mask_address(address, level="township"))


# --- scanning and redacting free text ------------------------------------------------------------

MIXED = (
    f"申请人张三丰（公民身份号码{VALID_ID}，联系电话138 1234 5678）称，"
    f"其于2026年3月5日向欧阳娜娜转账5000元至银行卡{CARD}，欧阳娜娜至今未还。"
    f"另：张三丰的备用手机为+86 139-1234-5678。"
)


def test_scan_text_finds_each_kind_with_spans():
    findings = scan_text(MIXED, names=["张三丰", "欧阳娜娜"])
    kinds = [f.kind for f in findings]
    assert kinds == ["name", "id_number", "mobile", "name", "bank_card", "name", "name", "mobile"]
    for finding in findings:
        assert MIXED[finding.start : finding.end] == finding.text
    assert [f.text for f in findings if f.kind == "mobile"] == ["138 1234 5678", "86 139-1234-5678"]
    assert next(f for f in findings if f.kind == "id_number").text == VALID_ID
    # Dates and amounts are not personal data.
    assert not any(f.text in ("2026", "5000") for f in findings)


def test_redact_text_masks_everything_found():
    redacted = redact_text(MIXED, names=["张三丰", "欧阳娜娜"])
    assert redacted == (
        "申请人张某（公民身份号码1****************X，联系电话138****5678）称，"
        f"其于2026年3月5日向欧阳某转账5000元至银行卡{CARD[:4]}{'*' * 11}{CARD[-4:]}，欧阳某至今未还。"
        "另：张某的备用手机为+86 139****5678。"
    )
    for secret in ("张三丰", "欧阳娜娜", VALID_ID, "1234 5678", CARD):
        assert secret not in redacted


def test_wrong_check_digit_is_suspected_not_an_id_but_still_masked():
    text = f"编号{WRONG_CHECK_ID}的材料"
    (finding,) = scan_text(text)
    assert finding.kind == "id_number_suspected"
    assert redact_text(text) == "编号1****************1的材料"
    assert redact_text(text, include_suspected=False) == text


def test_random_18_digit_numbers_with_wrong_check_are_never_reported_as_ids():
    rng = random.Random(20261008)
    for _ in range(300):
        first17 = "".join(rng.choice("0123456789") for _ in range(17))
        right = id_number_check_digit(first17)
        wrong = rng.choice([c for c in "0123456789X" if c != right])
        kinds = {f.kind for f in scan_text(f"号码：{first17}{wrong}。")}
        assert "id_number" not in kinds
        assert kinds <= {"id_number_suspected", "bank_card"}


def test_valid_id_with_lower_case_x_and_full_width_digits():
    full_width = "".join(chr(ord(c) + 0xFEE0) for c in VALID_ID)
    for written in (VALID_ID.lower(), full_width, "110105 19491231 002X"):
        (finding,) = scan_text(f"身份证：{written}。")
        assert finding.kind == "id_number"
        assert finding.text == written
        assert redact_text(f"身份证：{written}。") == "身份证：1****************X。"


def test_numbers_inside_longer_digit_runs_are_not_split_out():
    # A 20-digit case serial holds a phone-like and an ID-like substring; neither is flagged.
    serial = "9" + VALID_ID[:-1] + "12"
    assert scan_text(f"流水号{serial}") == []
    assert scan_text("订单2013812345678901") == []


def test_all_digit_uscc_is_not_masked():
    first17 = "12450206000012345"
    uscc = first17 + uscc_check_char(first17)
    assert uscc.isdigit() and not is_valid_id_number(uscc)
    assert scan_text(f"机构代码{uscc}") == []


def test_bank_card_needs_luhn():
    not_luhn = CARD[:-1] + str((int(CARD[-1]) + 1) % 10)
    assert scan_text(f"卡号{not_luhn}") == []
    card16 = _luhn("622202123456789")
    grouped = " ".join(card16[i : i + 4] for i in range(0, 16, 4))
    (finding,) = scan_text(f"卡号{grouped}。")
    assert (finding.kind, finding.text) == ("bank_card", grouped)
    assert redact_text(f"卡号{grouped}。") == f"卡号{card16[:4]}********{card16[-4:]}。"


def test_phone_glued_to_letters_is_still_found():
    assert redact_text("Tel13812345678，微信同号") == "Tel138****5678，微信同号"


def test_names_longest_first_and_every_occurrence():
    text = "张三与张三丰、张三丰之子张三是两人。"
    findings = scan_text(text, names=["张三", "张三丰"])
    assert [f.text for f in findings] == ["张三", "张三丰", "张三丰", "张三"]
    assert redact_text(text, names=["张三", "张三丰"]) == "张某与张某、张某之子张某是两人。"


def test_text_without_personal_data_is_unchanged():
    text = "依据《行政复议法》第六十二条，本机关于2026年10月8日作出决定，罚款2000元。"
    assert scan_text(text) == []
    assert redact_text(text) == text


# --- normalised forms (issue 10 item 3) ----------------------------------------------------------

ID_GROUPED = "450123199001011233"


@pytest.mark.parametrize(
    "written",
    [
        "4501 2319 9001 0112 33",
        "4501-2319-9001-0112-33",
        "4501.2319.9001.0112.33",
        "４５０１２３１９９００１０１１２３３",
        "四五〇一二三一九九〇〇一〇一一二三三",
        "4501\u200b23199001011233",
        "450123　19900101　1233",
    ],
)
def test_id_numbers_are_found_in_every_written_form(written):
    assert is_valid_id_number(ID_GROUPED)
    text = f"申请人身份证：{written}，特此说明。"
    (finding,) = scan_text(text)
    assert finding.kind == "id_number" and text[finding.start : finding.end] == written
    assert redact_text(text) == "申请人身份证：4****************3，特此说明。"


@pytest.mark.parametrize(
    "written",
    [
        "139.1234.5678",
        "139-1234-5678",
        "139 1234 5678",
        "一三九一二三四五六七八",
        "壹叁玖壹贰叁肆伍陆柒捌",
        "幺三九 1234 五六七八",
    ],
)
def test_mobiles_are_found_with_separators_and_chinese_digits(written):
    text = f"联系电话{written}。"
    assert redact_text(text) == "联系电话139****5678。"


def test_a_number_after_another_number_is_still_found():
    assert redact_text("第1条 13912345678") == "第1条 139****5678"
    assert redact_text("2026-01-01 13912345678") == "2026-01-01 139****5678"


def test_names_with_spaces_dots_and_the_given_name_alone():
    text = "欧阳 娜娜称，欧 阳 娜 娜与娜娜是同一人，张·三丰到场。"
    assert redact_text(text, names=["欧阳娜娜", "张三丰"]) == "欧阳某称，欧阳某与某某是同一人，张某到场。"


def test_names_of_people_who_are_not_parties_after_a_word_that_introduces_them():
    text = "证人王小明称，其邻居李红于当日在场，委托代理人：赵 强律师。"
    assert redact_text(text) == "证人王某称，其邻居李某于当日在场，委托代理人：赵某律师。"


def test_street_part_of_an_address_is_masked_and_the_rest_kept():
    text = "申请人住广西柳州市柳江区柳南路88号3栋201室，于2026年3月5日提出申请。"
    assert redact_text(text) == "申请人住广西柳州市柳江区***，于2026年3月5日提出申请。"
    assert redact_text("住东风村三组12号附近") == "住***附近"


def test_known_values_are_found_despite_spaces():
    assert redact_text("地址：幸福 路 1 号", known=["幸福路1号"]) == "地址：***"


def test_case_and_document_numbers_dates_and_amounts_stay():
    text = "东区市监罚〔2026〕12号，东区司法复〔2026〕3号，2026年10月8日，罚款20000元，第六十二条。"
    assert scan_text(text) == []


def test_places_and_bodies_after_a_word_for_a_person_are_not_names():
    text = "经办人柳州市市场监督管理局执法人员到场，负责人黄山区分局答复，联系人江南区司法所。"
    assert [f for f in scan_text(text) if f.kind == "name_other"] == []
    assert redact_text("被申请人柳州市市场监督管理局") == "被申请人柳州市市场监督管理局"


def test_a_chinese_word_after_a_number_does_not_hide_it():
    assert redact_text("电话13912345678一直无人接听") == "电话139****5678一直无人接听"
    assert redact_text("手机一三九一二三四五六七八1次") == "手机139****56781次"
    assert redact_text("一三九1234五六七八") == "139****5678"
