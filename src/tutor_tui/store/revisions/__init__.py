"""The schema's revisions, one Alembic script each, applied in turn by `store.migrations`.

A revision's id is its schema version, four digits wide; a new one follows the last. Each is
written in Alembic's portable operations, so that it runs on SQLite and on PostgreSQL alike.
"""
