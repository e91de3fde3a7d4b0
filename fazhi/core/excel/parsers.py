"""Reusable cell parsers for import columns. Each raises ValidationError with a Chinese message."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping

from django.core.exceptions import ValidationError

from fazhi.core.validators import validate_region_code, validate_uscc


def text(max_length: int) -> Callable[[str], str]:
    def parse(value: str) -> str:
        if len(value) > max_length:
            raise ValidationError(f"不能超过{max_length}个字（现为{len(value)}个）。")
        return value

    return parse


def code(value: str) -> str:
    """Codes typed with full-width digits or letters, spaces or lower case are normalised."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", value)).upper()


def choice(mapping: Mapping[str, object]) -> Callable[[str], object]:
    """One of the Chinese labels in ``mapping`` (label → stored value)."""

    def parse(value: str) -> object:
        key = unicodedata.normalize("NFKC", value).strip()
        if key not in mapping:
            raise ValidationError(f"“{value}”不是有效的选项，可选：{'、'.join(mapping)}。")
        return mapping[key]

    return parse


_SEPARATORS = re.compile(r"[,，、;；/\s]+")


def multi_choice(mapping: Mapping[str, object]) -> Callable[[str], list]:
    """Several labels separated by commas or 、; duplicates collapse, order is kept."""

    def parse(value: str) -> list:
        out: list = []
        unknown: list[str] = []
        for part in _SEPARATORS.split(unicodedata.normalize("NFKC", value)):
            if not part:
                continue
            if part not in mapping:
                unknown.append(part)
            elif mapping[part] not in out:
                out.append(mapping[part])
        if unknown:
            raise ValidationError(
                f"“{'、'.join(unknown)}”不是有效的选项，可选：{'、'.join(mapping)}（多个用逗号或顿号分隔）。"
            )
        if not out:
            raise ValidationError("至少填写一项。")
        return out

    return parse


_NAME_SEPARATORS = re.compile(r"[、,，;；\n]+")


def names(max_length: int, what: str) -> Callable[[str], list[str]]:
    """Several names of ``what`` (e.g. 原告) separated by 、, commas or semicolons; a name itself
    may contain spaces."""

    def parse(value: str) -> list[str]:
        out = [n.strip() for n in _NAME_SEPARATORS.split(value) if n.strip()]
        too_long = [n for n in out if len(n) > max_length]
        if too_long:
            raise ValidationError(f"“{too_long[0][:20]}…”过长，每个名称不能超过{max_length}个字。")
        if not out:
            raise ValidationError(f"至少填写一名{what}。")
        return out

    return parse


YES_NO = {"是": True, "否": False}


def yes_no(value: str) -> bool:
    return choice(YES_NO)(value)


def region_code(value: str) -> str:
    value = code(value)
    validate_region_code(value)
    return value


def uscc(value: str) -> str:
    value = code(value)
    validate_uscc(value)
    return value
