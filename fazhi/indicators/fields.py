"""A compact column for the record ids behind a figure.

A city's run holds the ids of every case behind each of its figures — hundreds of thousands of
them. As JSON they cost a parse per number on every write (PostgreSQL ``jsonb`` stores each as a
``numeric``); here they are stored as the zlib-compressed differences between consecutive ids as
8-byte little-endian integers (sorted ids differ by small numbers, which compress to about a byte
each). The Python value is a plain ``list[int]`` in the stored order.
"""

from __future__ import annotations

import operator
import sys
import zlib
from array import array
from itertools import accumulate

from django.db import models

MAGIC = b"ID1"


def encode(ids) -> bytes:
    ids = list(ids)
    deltas = array("q", ids[:1])
    deltas.extend(map(operator.sub, ids[1:], ids[:-1]))
    if sys.byteorder == "big":
        deltas.byteswap()
    return MAGIC + zlib.compress(deltas.tobytes(), 1)


def decode(data) -> list[int]:
    data = bytes(data)
    if not data.startswith(MAGIC):
        raise ValueError("不是记录编号列表的存储格式。")
    deltas = array("q")
    deltas.frombytes(zlib.decompress(data[len(MAGIC) :]))
    if sys.byteorder == "big":
        deltas.byteswap()
    return list(accumulate(deltas))


class IdListField(models.BinaryField):
    """A list of record ids (see the module doc); never null, empty by default."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("default", list)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if kwargs.get("default") is list:
            del kwargs["default"]
        return name, path, args, kwargs

    def from_db_value(self, value, expression, connection):
        return None if value is None else decode(value)

    def to_python(self, value):
        if value is None or isinstance(value, list):
            return value
        if isinstance(value, (bytes, bytearray, memoryview)):
            return decode(value)
        return list(value)

    def get_prep_value(self, value):
        return None if value is None else encode(value)

    def get_db_prep_value(self, value, connection, prepared=False):
        if not prepared:
            value = self.get_prep_value(value)
        return connection.Database.Binary(value) if value is not None else None

    def value_to_string(self, obj):
        return ",".join(map(str, self.value_from_object(obj)))
