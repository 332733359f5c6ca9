"""Alembic migration scripts, shipped inside the package and run by ``store.db.migrate``."""
