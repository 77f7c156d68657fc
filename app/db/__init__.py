"""Persistence: typed SQLAlchemy 2 models, the engine/session wrapper and the Alembic entry points."""
