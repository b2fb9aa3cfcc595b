"""Database connection tuning that Django does not do itself.

Django's psycopg 3 backend loads every `timestamptz` with a pure-Python subclass of
psycopg's loader (to attach the connection's time zone), about 5 µs per value; a list
page of 50 filings with their related rows decodes some 450 of them. psycopg's C loader
does the same parse in under 1 µs. `use_c_timestamp_loader` puts the C parse behind a
thin Python class that keeps the `timezone` attribute Django's `create_cursor` compares,
so Django never swaps it back. It only applies where the C implementation is installed
and the connection works in UTC (USE_TZ with no per-database TIME_ZONE), which is how
aigov always runs; anywhere else Django's loader stays.
"""

import datetime

from django.db.backends.signals import connection_created


def _fast_loader_class():
    """The loader class, or None where psycopg's C implementation is missing."""
    try:
        import psycopg
        from psycopg.types.datetime import TimestamptzLoader
    except ImportError:
        return None
    if psycopg.pq.__impl__ not in ("c", "binary"):
        return None
    if psycopg.pq.__impl__ == "binary":
        from psycopg_binary import _psycopg as c_types
    else:
        from psycopg_c import _psycopg as c_types

    class UtcTimestamptzLoader(TimestamptzLoader):
        """psycopg's C timestamptz parse, returned in UTC as Django expects."""

        timezone = datetime.UTC

        def __init__(self, oid, context=None):
            super().__init__(oid, context)
            self._parse = c_types.TimestamptzLoader(oid, context).load

        def load(self, data):
            return self._parse(data).astimezone(datetime.UTC)

    return UtcTimestamptzLoader


FAST_LOADER = _fast_loader_class()


def use_c_timestamp_loader(sender, connection, **kwargs) -> None:
    """On each new PostgreSQL connection in UTC, load timestamps with the C parser."""
    if (
        FAST_LOADER is None
        or connection.vendor != "postgresql"
        or connection.timezone != datetime.UTC
    ):
        return
    connection.connection.adapters.register_loader("timestamptz", FAST_LOADER)


def install() -> None:
    connection_created.connect(use_c_timestamp_loader, dispatch_uid="aigov.db.c_timestamps")
