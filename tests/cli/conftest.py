"""The store tests' database fixtures, for the commands that save, list and re-analyse sets.

Every such command test runs on SQLite and on PostgreSQL, exactly like the store's own tests.
"""

from tests.store.conftest import db_url, pg_url, strict_knee, synthetic_rdl

__all__ = ["db_url", "pg_url", "strict_knee", "synthetic_rdl"]
