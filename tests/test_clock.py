"""The one clock: deadlines counted on the calendar of the regime's zone."""

from datetime import UTC, date, datetime, time
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.core.checks import run_checks

from aigov import clock
from aigov.checks import STARTUP

BEIJING = ZoneInfo("Asia/Shanghai")
BRUSSELS = ZoneInfo("Europe/Brussels")


def beijing_end(day: date) -> datetime:
    return datetime.combine(day, time.max, tzinfo=BEIJING).astimezone(UTC)


@pytest.fixture
def cn_calendar(settings):
    """A fixed calendar for 2026-2027, independent of the shipped default."""
    settings.CN_PUBLIC_HOLIDAYS = [date(2026, 10, day) for day in range(1, 8)] + [date(2027, 1, 1)]
    settings.CN_MAKEUP_WORKING_DAYS = [date(2026, 9, 20), date(2026, 10, 10)]


# (what, start in UTC, working days, last day in Beijing)
CAC_CASES = [
    (
        # 23:30 UTC on Sunday is 07:30 on Monday in Beijing: Monday is the filing's day,
        # so one working day later is Tuesday (counted in UTC it would be Monday).
        "Sunday night UTC is Monday in Beijing",
        datetime(2026, 11, 29, 23, 30, tzinfo=UTC),
        1,
        date(2026, 12, 1),
    ),
    (
        "15:59 UTC on Sunday is still Sunday in Beijing",
        datetime(2026, 11, 29, 15, 59, tzinfo=UTC),
        1,
        date(2026, 11, 30),
    ),
    (
        "16:00 UTC on Friday is Saturday in Beijing: the weekend is skipped",
        datetime(2026, 11, 27, 16, 0, tzinfo=UTC),
        1,
        date(2026, 11, 30),
    ),
    (
        "Friday in Beijing, 1 working day: the next Monday",
        datetime(2026, 11, 27, 2, 0, tzinfo=UTC),
        1,
        date(2026, 11, 30),
    ),
    (
        "the National Day week is skipped, and 10 October (a Saturday) is worked",
        datetime(2026, 9, 30, 2, 0, tzinfo=UTC),
        2,
        date(2026, 10, 9),
    ),
    (
        "make-up Saturday 10 October counts as a working day",
        datetime(2026, 10, 9, 2, 0, tzinfo=UTC),
        1,
        date(2026, 10, 10),
    ),
    (
        "make-up Sunday 20 September counts",
        datetime(2026, 9, 18, 2, 0, tzinfo=UTC),
        1,
        date(2026, 9, 20),
    ),
    (
        "30 working days over New Year's Day",
        datetime(2026, 11, 27, 2, 0, tzinfo=UTC),
        30,
        date(2027, 1, 11),
    ),
]


@pytest.mark.parametrize(
    ("start", "days", "last_day"),
    [case[1:] for case in CAC_CASES],
    ids=[case[0] for case in CAC_CASES],
)
def test_cac_working_days_are_counted_in_beijing(cn_calendar, start, days, last_day):
    assert clock.add_working_days(start, days, regime="cn") == beijing_end(last_day)


def test_a_deadline_is_the_end_of_its_last_day_in_the_zone(cn_calendar):
    due = clock.add_working_days(datetime(2026, 11, 30, 9, 0, tzinfo=UTC), 1, regime="cn")
    assert due.astimezone(BEIJING).replace(tzinfo=None) == datetime(2026, 12, 1, 23, 59, 59, 999999)
    assert due == datetime(2026, 12, 1, 15, 59, 59, 999999, tzinfo=UTC)


def test_holidays_and_makeup_days_decide_working_days(cn_calendar):
    assert not clock.is_working_day(date(2026, 10, 1), regime="cn")  # a Thursday, holiday
    assert clock.is_working_day(date(2026, 10, 10), regime="cn")  # a Saturday, worked
    assert not clock.is_working_day(date(2026, 10, 11), regime="cn")  # an ordinary Sunday
    assert clock.is_working_day(date(2026, 10, 1), regime="eu")  # not a holiday there


def test_the_2026_state_council_schedule_is_the_default():
    from django.conf import settings

    assert date(2026, 2, 17) in settings.CN_PUBLIC_HOLIDAYS  # Spring Festival
    assert date(2026, 2, 28) in settings.CN_MAKEUP_WORKING_DAYS  # a Saturday worked
    assert len(settings.CN_PUBLIC_HOLIDAYS) == 33
    assert len(settings.CN_MAKEUP_WORKING_DAYS) == 6


# (start, calendar days, expected instant in UTC): the end of the local day in Brussels.
EU_CASES = [
    # 14 days from 20 March 2027 (CET, +1) end on 3 April (CEST, +2): 21:59:59 UTC.
    (date(2027, 3, 20), 14, datetime(2027, 4, 3, 21, 59, 59, 999999, tzinfo=UTC)),
    # Back to winter time: 20 October 2026 (CEST) + 14 = 3 November (CET): 22:59:59 UTC.
    (
        datetime(2026, 10, 20, 10, 0, tzinfo=UTC),
        14,
        datetime(2026, 11, 3, 22, 59, 59, 999999, tzinfo=UTC),
    ),
    # 23:30 UTC on 31 December 2026 is already 1 January 2027 in Brussels.
    (
        datetime(2026, 12, 31, 23, 30, tzinfo=UTC),
        14,
        datetime(2027, 1, 15, 22, 59, 59, 999999, tzinfo=UTC),
    ),
]


@pytest.mark.parametrize(("start", "days", "due"), EU_CASES)
def test_eu_calendar_days_across_daylight_saving_changes(start, days, due):
    result = clock.add_calendar_days(start, days, regime="eu")
    assert result == due
    assert result.astimezone(BRUSSELS).time() == time.max


def test_local_dates_and_zones():
    sunday_night = datetime(2026, 11, 29, 23, 30, tzinfo=UTC)
    assert clock.local_date(sunday_night, regime="cn") == date(2026, 11, 30)
    assert clock.local_date(sunday_night, regime="us_ca") == date(2026, 11, 29)
    assert clock.zone("cn").label == "Beijing time"
    assert clock.zone("eu").key == "Europe/Brussels"
    assert clock.zone("us_ca").key == "America/Los_Angeles"
    assert clock.zone("uk").key == "UTC"  # the fallback
    with pytest.raises(ValueError):
        clock.local_date(datetime(2026, 11, 29, 23, 30), regime="cn")


def cn_calendar_warnings(beijing_day: date) -> list:
    """The system check's warnings about China's calendar, run at noon in Beijing."""
    noon = datetime.combine(beijing_day, time(12), tzinfo=BEIJING)
    with mock.patch("aigov.checks.timezone.now", return_value=noon.astimezone(UTC)):
        return [m for m in run_checks(tags=[STARTUP]) if m.id == "aigov.W003"]


def test_a_chinese_calendar_not_configured_for_next_year_is_warned_from_november(settings):
    """A CAC clock started in December runs into January: without next year's holidays it
    would count them as working days, silently."""
    settings.CN_PUBLIC_HOLIDAYS = [date(2026, 10, day) for day in range(1, 8)]
    settings.CN_MAKEUP_WORKING_DAYS = [date(2026, 10, 10)]
    assert cn_calendar_warnings(date(2026, 10, 31)) == []
    [warning] = cn_calendar_warnings(date(2026, 12, 2))
    assert "2027" in warning.msg and "CN_PUBLIC_HOLIDAYS" in warning.hint
    # A year with no configured day at all is warned about from its first day.
    [warning] = cn_calendar_warnings(date(2027, 3, 1))
    assert "2027" in warning.msg and "2028" not in warning.msg
    settings.CN_MAKEUP_WORKING_DAYS = [date(2026, 10, 10), date(2027, 1, 2)]
    assert cn_calendar_warnings(date(2026, 12, 2)) == []
