"""Operations: security headers, backup and restore (SECURITY.md 23, 25–27)."""
