"""Filters every document template has without ``{% load %}``: dates and numbers as 公文 write them."""

from django import template

from fazhi.core.documents.chinese import arabic_date, chinese_number, item_number

register = template.Library()

register.filter("arabic_date", arabic_date)  # 2026年8月20日
register.filter("chinese_number", chinese_number)  # 10 → 十
register.filter("item_number", item_number)  # 1 → （一）
