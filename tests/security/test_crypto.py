"""docs/security.md 16: SM3/SM4 known answers, SM4-GCM ciphertexts of personal identifiers at rest,
HMAC-SM3 blind index for exact search, keys outside the database behind a provider interface."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import stat
from types import SimpleNamespace

import pytest
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from django.apps import apps
from django.core.exceptions import FieldError
from django.db import connection
from django.test import override_settings

from fazhi.conf import config
from fazhi.core import crypto
from fazhi.core.crypto import provider as provider_module
from fazhi.core.crypto.fields import EncryptedCharField
from fazhi.core.crypto.migration import encrypt_existing
from fazhi.core.crypto.software import SoftwareProvider
from fazhi.litigation.models import Party as LitigationParty
from fazhi.reconsideration.models import Party
from tests import factories
from tests.litigation import factories as lf
from tests.reconsideration import factories as rf

ID = rf.VALID_ID
PHONE = "13800138000"
ADDRESS = "示范市东区幸福路1号"

# --- known-answer tests ----------------------------------------------------------------------------


def test_sm3_known_answer_gbt_32905():
    # GB/T 32905-2016 附录 A.1.
    assert hashlib.new("sm3", b"abc").hexdigest() == (
        "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"
    )


def test_sm4_single_block_known_answer_gbt_32907():
    # GB/T 32907-2016 附录 A.1: key = plaintext = 0123456789abcdeffedcba9876543210 (ECB only for the KAT).
    block = bytes.fromhex("0123456789abcdeffedcba9876543210")
    encryptor = Cipher(algorithms.SM4(block), modes.ECB()).encryptor()
    assert (encryptor.update(block) + encryptor.finalize()).hex() == "681edf34d206965e86b3e94f536e4246"


def test_sm4_gcm_known_answer_rfc_8998():
    # RFC 8998 Appendix A.1: the mode the software provider uses.
    key = bytes.fromhex("0123456789ABCDEFFEDCBA9876543210")
    nonce = bytes.fromhex("00001234567800000000ABCD")
    aad = bytes.fromhex("FEEDFACEDEADBEEFFEEDFACEDEADBEEFABADDAD2")
    plaintext = bytes.fromhex(
        "AAAAAAAAAAAAAAAABBBBBBBBBBBBBBBBCCCCCCCCCCCCCCCCDDDDDDDDDDDDDDDD"
        "EEEEEEEEEEEEEEEEFFFFFFFFFFFFFFFFEEEEEEEEEEEEEEEEAAAAAAAAAAAAAAAA"
    )
    encryptor = Cipher(algorithms.SM4(key), modes.GCM(nonce)).encryptor()
    encryptor.authenticate_additional_data(aad)
    ciphertext = encryptor.update(plaintext) + encryptor.finalize()
    assert ciphertext.hex().upper() == (
        "17F399F08C67D5EE19D0DC9969C4BB7D5FD46FD3756489069157B282BB200735"
        "D82710CA5C22F0CCFA7CBF93D496AC15A56834CBCF98C397B4024A2691233B8D"
    )
    assert encryptor.tag.hex().upper() == "83DE3541E4C2B58177E065A9BF7B62EC"


# --- the software provider -------------------------------------------------------------------------


def test_ciphertext_is_versioned_random_per_value_and_round_trips():
    p = SoftwareProvider("encryption-secret-for-test", "index-secret-for-test")
    a, b = p.encrypt(ID, "ctx"), p.encrypt(ID, "ctx")
    assert a.startswith("v1:") and b.startswith("v1:") and a != b  # fresh nonce every time
    payload = base64.b64decode(a[3:])
    assert payload[:4].hex() == p.key_id  # the key id travels with the value
    assert ID.encode() not in payload
    assert p.decrypt(a, "ctx") == p.decrypt(b, "ctx") == ID


def test_tampered_foreign_key_or_other_column_ciphertext_is_refused():
    p = SoftwareProvider("encryption-secret-for-test", "index-secret-for-test")
    token = p.encrypt(ID, "reconsideration.party.id_number")
    raw = bytearray(base64.b64decode(token[3:]))
    raw[-20] ^= 1
    with pytest.raises(crypto.CryptoError):
        p.decrypt("v1:" + base64.b64encode(bytes(raw)).decode(), "reconsideration.party.id_number")
    with pytest.raises(crypto.CryptoError):  # copied into another column
        p.decrypt(token, "reconsideration.party.phone")
    with pytest.raises(crypto.CryptoError):  # another key
        SoftwareProvider("another-secret-entirely", "index-secret-for-test").decrypt(
            token, "reconsideration.party.id_number"
        )
    with pytest.raises(crypto.CryptoError):
        p.decrypt(ID, "reconsideration.party.id_number")  # plaintext is not a ciphertext


def test_retired_key_still_decrypts_after_rotation():
    old = SoftwareProvider("old-encryption-secret", "index-secret-for-test")
    token = old.encrypt(PHONE, "ctx")
    new = SoftwareProvider(
        "new-encryption-secret", "index-secret-for-test", retired_secrets=("old-encryption-secret",)
    )
    assert new.key_id != old.key_id
    assert new.decrypt(token, "ctx") == PHONE
    assert base64.b64decode(new.encrypt(PHONE, "ctx")[3:])[:4].hex() == new.key_id


def test_blind_index_is_keyed_separately_and_normalised():
    p = SoftwareProvider("encryption-secret-for-test", "index-secret-for-test")
    q = SoftwareProvider("encryption-secret-for-test", "other-index-secret")
    assert p.blind_index(ID, "id_number") != q.blind_index(ID, "id_number")  # needs the index key
    assert p.blind_index(ID, "id_number") != p.blind_index(ID, "phone")  # purposes are separate
    assert p.blind_index(ID, "id_number") != hashlib.new("sm3", ID.encode()).hexdigest()
    assert crypto.normalise_identifier(" 110105 19491231 002x ") == ID
    assert crypto.normalise_identifier("１１０１０５１９４９１２３１００２Ｘ") == ID
    assert crypto.normalise_identifier("0771-1234567") == "07711234567"
    assert crypto.blind_index("", "id_number") == ""


def test_default_keys_live_in_the_data_directory_not_the_database(db):
    provider_module.reset_provider()
    crypto.get_provider()
    for name in ("pii-sm4", "pii-blind-index"):
        path = config.keys_dir / name
        assert path.exists()
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert (config.keys_dir / "pii-sm4").read_text() != (config.keys_dir / "pii-blind-index").read_text()


class ReversingProvider(crypto.CryptoProvider):
    """Stands in for a hardware module: anything implementing the interface is used as is."""

    calls: list[str] = []

    key_id = "hsm0"

    def encrypt(self, plaintext, context):
        self.calls.append("encrypt")
        return "v9:" + base64.b64encode(plaintext[::-1].encode()).decode()

    def decrypt(self, token, context):
        self.calls.append("decrypt")
        return base64.b64decode(token[3:]).decode()[::-1]

    def blind_index(self, normalised, purpose):
        self.calls.append("index")
        return hashlib.new("sm3", f"{purpose}:{normalised}".encode()).hexdigest()


def test_the_provider_is_replaceable_by_setting(tree):
    officer = factories.user(tree["east_justice"])
    ReversingProvider.calls.clear()
    with override_settings(FAZHI_CRYPTO_PROVIDER="tests.security.test_crypto.ReversingProvider"):
        assert isinstance(crypto.get_provider(), ReversingProvider)
        case = rf.registered(tree["east_justice"], officer, dt.date(2026, 3, 2))
        party = Party.objects.get(case=case)
        assert party.id_number == ID
        assert Party.objects.filter_by_identifier("id_number", ID).get() == party
    assert {"encrypt", "decrypt", "index"} <= set(ReversingProvider.calls)
    assert not isinstance(crypto.get_provider(), ReversingProvider)  # reset when the setting goes


# --- fields at rest -------------------------------------------------------------------------------


def _raw_rows(model) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {connection.ops.quote_name(model._meta.db_table)}")
        return [str(value) for row in cursor.fetchall() for value in row]


@pytest.fixture
def officer(tree):
    return factories.user(tree["east_justice"])


def test_reconsideration_party_row_never_holds_the_plaintext(tree, officer):
    case = rf.registered(tree["east_justice"], officer, dt.date(2026, 3, 2))
    cells = _raw_rows(Party)
    assert cells, "the party row exists"
    joined = "\n".join(cells)
    for secret in (ID, PHONE, ADDRESS, "幸福路"):
        assert secret not in joined
    assert sum(c.startswith("v1:") for c in cells) == 3  # id_number, phone, address
    party = case.parties.get()
    assert (party.id_number, party.phone, party.address) == (ID, PHONE, ADDRESS)  # attribute is plaintext


def test_litigation_party_row_never_holds_the_plaintext(tree, officer):
    case = lf.register(tree["east_justice"], officer)
    joined = "\n".join(_raw_rows(LitigationParty))
    assert lf.PERSON_ID not in joined and PHONE not in joined
    assert case.parties.get().id_number == lf.PERSON_ID


def test_bulk_created_rows_are_encrypted_and_indexed(tree, officer):
    case = rf.registered(
        tree["east_justice"], officer, dt.date(2026, 3, 2), parties=[rf.applicant(id_number="")]
    )
    Party.objects.bulk_create(
        [Party(case=case, role="third_party", kind="person", name="李四", id_number=ID, phone=PHONE)]
    )
    assert ID not in "\n".join(_raw_rows(Party))
    assert Party.objects.filter_by_identifier("id_number", ID.lower()).get().name == "李四"


def test_filter_by_identifier_finds_exact_matches_only(tree, officer):
    rf.registered(tree["east_justice"], officer, dt.date(2026, 3, 2))
    other = "110105194912310029"  # hypothetical neighbour; only the index is compared
    assert Party.objects.filter_by_identifier("id_number", "11010519491231002x").count() == 1
    assert (
        Party.objects.filter_by_identifier("id_number", "１１０１０５１９４９１２３１００２Ｘ").count() == 1
    )
    assert Party.objects.filter_by_identifier("id_number", other).count() == 0
    assert Party.objects.filter_by_identifier("id_number", "").count() == 0
    with pytest.raises(FieldError):
        Party.objects.filter_by_identifier("name", "张三")  # no blind index on that field


def test_plaintext_queries_on_encrypted_columns_fail_loudly(tree, officer):
    rf.registered(tree["east_justice"], officer, dt.date(2026, 3, 2))
    for lookup in ({"id_number": ID}, {"phone__contains": "138"}, {"address__icontains": "幸福"}):
        with pytest.raises(FieldError, match="filter_by_identifier"):
            list(Party.objects.filter(**lookup))
    # Whether a value is present still works: empty values are stored empty.
    assert Party.objects.exclude(id_number="").count() == 1
    assert Party.objects.filter(address="").count() == 0


def test_model_validation_sees_plaintext_and_limits_its_length(tree, officer):
    case = rf.registered(tree["east_justice"], officer, dt.date(2026, 3, 2))
    party = case.parties.get()
    party.address = "长" * 301
    with pytest.raises(Exception) as exc:
        party.full_clean()
    assert "address" in exc.value.message_dict
    field = Party._meta.get_field("address")
    assert isinstance(field, EncryptedCharField)
    assert field.formfield().max_length == 300


def test_data_migration_encrypts_plaintext_rows_and_reverses(tree, officer):
    """0003_encrypt_identifiers ends with encrypt_existing(); run it over rows holding plaintext."""
    case = rf.registered(tree["east_justice"], officer, dt.date(2026, 3, 2))
    party = case.parties.get()
    table = connection.ops.quote_name(Party._meta.db_table)
    with connection.cursor() as cursor:  # the state before the migration: plaintext, no index
        cursor.execute(
            f"UPDATE {table} SET id_number = %s, phone = %s, address = %s, id_number_index = '' WHERE id = %s",
            [ID, PHONE, ADDRESS, party.pk],
        )
    assert ID in _raw_rows(Party)
    operation = encrypt_existing("reconsideration", "party", ["id_number", "phone", "address"])
    editor = SimpleNamespace(connection=connection)  # RunPython only uses the editor's connection
    operation.code(apps, editor)
    operation.code(apps, editor)  # re-running leaves ciphertext alone
    cells = _raw_rows(Party)
    assert ID not in cells and PHONE not in cells and ADDRESS not in cells
    party = Party.objects.filter_by_identifier("id_number", ID).get()
    assert (party.id_number, party.phone, party.address) == (ID, PHONE, ADDRESS)
    operation.reverse_code(apps, editor)
    cells = _raw_rows(Party)
    assert ID in cells and PHONE in cells and ADDRESS in cells


def test_migrations_name_the_encryption_step():
    from django.db.migrations.loader import MigrationLoader

    loader = MigrationLoader(None, ignore_no_migrations=True)
    for app in ("reconsideration", "litigation"):
        migration = loader.get_migration(app, "0003_encrypt_identifiers")
        assert any(getattr(op, "code", None) for op in migration.operations)
