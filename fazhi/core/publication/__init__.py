"""Publication of records on the public portal: masking, review hold, minors, withdrawal.

See :mod:`fazhi.core.publication.services` (docs/security.md 17–20).
"""
