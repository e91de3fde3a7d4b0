"""Operations: security headers, backup and restore (docs/security.md 23, 25–27)."""
