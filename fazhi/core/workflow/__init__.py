"""Procedures as data, and the one engine that changes a record's status (DESIGN.md idea 1)."""
