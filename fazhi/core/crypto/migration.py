"""Data migration helper: encrypt a column that used to hold plaintext, fill its blind index.

Used by a migration that first turns the column into an ``EncryptedCharField`` (both are text
columns, so the schema change only widens it) and adds the ``BlindIndexField``. The rows are read
and written with raw SQL, because the historical model's field would try to decrypt plaintext.
Rows already holding ciphertext are left alone, so the migration can be re-run after an interruption;
the reverse operation decrypts back to plaintext.

    operations = [
        migrations.AlterField(...EncryptedCharField...),
        migrations.AddField(...BlindIndexField...),
        encrypt_existing("reconsideration", "party", ["id_number", "phone", "address"]),
    ]
"""

from __future__ import annotations

from django.db import migrations

from fazhi.core import crypto


def _columns(model, fields):
    from fazhi.core.crypto.fields import BlindIndexField

    meta = model._meta
    enc = [meta.get_field(name) for name in fields]
    indexes = {
        f.source: f for f in meta.concrete_fields if isinstance(f, BlindIndexField) and f.source in fields
    }
    return meta, enc, indexes


def _run(apps, schema_editor, app_label, model_name, fields, forward):
    model = apps.get_model(app_label, model_name)
    meta, enc, indexes = _columns(model, fields)
    connection = schema_editor.connection
    qn = connection.ops.quote_name
    table = qn(meta.db_table)
    pk = qn(meta.pk.column)
    context = {f.name: f"{meta.label_lower}.{f.name}" for f in enc}
    select = f"SELECT {pk}, {', '.join(qn(f.column) for f in enc)} FROM {table} ORDER BY {pk}"
    with connection.cursor() as cursor:
        cursor.execute(select)
        rows = cursor.fetchall()
    updates = []
    for row in rows:
        key, values = row[0], row[1:]
        changes = {}
        for field, value in zip(enc, values, strict=True):
            if not value:
                continue
            if forward and not crypto.is_ciphertext(value):
                changes[field.column] = crypto.encrypt(value, context[field.name])
                plain = value
            elif not forward and crypto.is_ciphertext(value):
                plain = crypto.decrypt(value, context[field.name])
                changes[field.column] = plain
            else:
                plain = crypto.decrypt(value, context[field.name]) if forward else value
            if forward and field.name in indexes:
                index = indexes[field.name]
                changes[index.column] = index.index_for(plain)
        if changes:
            updates.append((key, changes))
    with connection.cursor() as cursor:
        for key, changes in updates:
            assignments = ", ".join(f"{qn(column)} = %s" for column in changes)
            cursor.execute(f"UPDATE {table} SET {assignments} WHERE {pk} = %s", [*changes.values(), key])


def encrypt_existing(app_label: str, model_name: str, fields: list[str]) -> migrations.RunPython:
    def forward(apps, schema_editor):
        _run(apps, schema_editor, app_label, model_name, fields, True)

    def backward(apps, schema_editor):
        _run(apps, schema_editor, app_label, model_name, fields, False)

    return migrations.RunPython(forward, backward, elidable=False)
