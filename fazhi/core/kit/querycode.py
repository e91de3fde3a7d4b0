"""查询码: the code a public applicant gets once to follow their matter (portal kit, ADR 0015).

No 0/O, 1/I/L, 2/Z, 5/S, 8/B: read aloud or copied by hand without mistakes. 25^12 ≈ 6×10^16, not
guessable; the portal also throttles failed look-ups (docs/security.md 3).
"""

from __future__ import annotations

import re
import secrets
import unicodedata

QUERY_ALPHABET = "34679ACDEFGHJKMNPQRTUVWXY"
QUERY_CODE_LENGTH = 12


def new_query_code() -> str:
    return "".join(secrets.choice(QUERY_ALPHABET) for _ in range(QUERY_CODE_LENGTH))


def normalise_query_code(raw: str) -> str:
    """As typed (full-width, lower case, spaces or hyphens between groups) to the stored form."""
    return re.sub(r"[\s\-]", "", unicodedata.normalize("NFKC", raw or "").upper())


def well_formed_query_code(code: str) -> bool:
    return len(code) == QUERY_CODE_LENGTH and all(c in QUERY_ALPHABET for c in code)
