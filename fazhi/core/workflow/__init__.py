"""Procedures as data, and the one engine that changes a record's status (docs/conventions.md idea 1)."""
