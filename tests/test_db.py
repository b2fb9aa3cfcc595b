"""Timestamps read through psycopg's C loader round-trip exactly, whatever the zone."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from psycopg.pq import Format

from aigov import db
from aigov.jobs.models import Job
from tests.factories import JobFactory

ZONES = [
    "UTC",
    "Asia/Shanghai",
    "Europe/Brussels",
    "America/Los_Angeles",
    "Asia/Kathmandu",  # +05:45
    "Pacific/Chatham",  # +12:45 / +13:45
    "America/St_Johns",  # -03:30
    "Pacific/Kiritimati",  # +14
]
MOMENTS = [
    (2026, 3, 29, 1, 59, 59, 999999),  # just before the EU clocks go forward
    (2026, 3, 29, 2, 30, 0, 1),
    (2026, 10, 25, 2, 30, 0, 0),  # the EU hour that happens twice
    (2026, 12, 31, 23, 59, 59, 500000),
    (1999, 12, 31, 16, 0, 0, 0),  # midnight in Beijing
    (2027, 2, 28, 12, 0, 0, 123456),
]


@pytest.mark.django_db
def test_the_connection_uses_the_c_timestamp_loader():
    connection.ensure_connection()
    loader = connection.connection.adapters.get_loader(
        connection.connection.adapters.types["timestamptz"].oid, Format.TEXT
    )
    assert db.FAST_LOADER is not None and loader is db.FAST_LOADER


@pytest.mark.django_db
@pytest.mark.parametrize("zone", ZONES)
def test_aware_datetimes_round_trip_in_every_zone(zone, owner):
    for fields in MOMENTS:
        written = datetime.datetime(*fields, tzinfo=ZoneInfo(zone))
        job = JobFactory(organization=owner, enqueued_at=written)
        read = Job.objects.values_list("enqueued_at", flat=True).get(pk=job.pk)
        # The same instant, to the microsecond (timestamps: PEP 495 makes aware datetimes
        # in a DST gap compare unequal across zones even when they are the same instant).
        assert read.timestamp() == written.timestamp()
        assert read.microsecond == written.microsecond
        assert read.tzinfo is datetime.UTC


@pytest.mark.django_db
def test_the_database_sees_the_same_instant():
    written = datetime.datetime(2026, 12, 6, 23, 30, tzinfo=datetime.UTC)  # Monday in Beijing
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT %s::timestamptz AT TIME ZONE 'Asia/Shanghai', %s::timestamptz",
            [written, written],
        )
        local, back = cursor.fetchone()
    assert local == datetime.datetime(2026, 12, 7, 7, 30)
    assert back == written
