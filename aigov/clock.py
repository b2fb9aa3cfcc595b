"""Every deadline: calendar days and working days on the calendar of a regime's zone.

Inputs and outputs are aware datetimes (stored in UTC). Counting happens on the local
calendar of the regime (`ZONES`): a filing submitted at 23:30 UTC on a Sunday is a
Monday filing in Beijing.

How a period of N days is read (the reading of the EU's rules on periods, Regulation
1182/71 Art. 3, and of China's Civil Code Art. 201, neither of them in REGULATION.md):

- the day of the event is not counted; day 1 is the next local day;
- the period ends at the **end of its last day** in the regime's zone (23:59:59.999999
  local time), not at the event's time of day: an act done on the last day is in time;
- working days skip Saturdays, Sundays and the regime's public holidays, and count the
  regime's make-up working days (调休: a Saturday or Sunday declared a working day);
- a calendar-day period is not extended when it ends on a weekend or holiday (Reg.
  1182/71 Art. 3(4) would extend EU periods; unconfirmed for these obligations).

Holidays and make-up days come from the settings `<CODE>_PUBLIC_HOLIDAYS` and
`<CODE>_MAKEUP_WORKING_DAYS` (regime code upper-cased, e.g. `CN_PUBLIC_HOLIDAYS`); a
regime without them counts Monday to Friday.

    >>> add_working_days(submitted_at, 30, regime="cn")     # CAC decision deadline
    >>> add_calendar_days(date(2026, 11, 20), 14, regime="eu")  # GPAI notification
    >>> local_date(now, regime="cn")                         # the date inside CAC numbers
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings


@dataclass(frozen=True)
class Zone:
    """Where a regime's authority counts its days, and how pages name that zone."""

    key: str
    label: str

    @property
    def tzinfo(self) -> ZoneInfo:
        return ZoneInfo(self.key)


# The regime code → the zone of its authority. The EO 14110 reports went to the Department
# of Commerce (BIS) in Washington, DC.
ZONES = {
    "cn": Zone("Asia/Shanghai", "Beijing time"),
    "eu": Zone("Europe/Brussels", "Brussels time"),
    "us": Zone("America/New_York", "Washington time"),
    "us_ca": Zone("America/Los_Angeles", "California time"),
}
FALLBACK = Zone("UTC", "UTC")


def zone(regime: str) -> Zone:
    """The regime's zone; UTC for a regime without one."""
    return ZONES.get(regime, FALLBACK)


def local_date(moment: datetime, *, regime: str) -> date:
    """The date an instant falls on in the regime's zone."""
    return _aware(moment).astimezone(zone(regime).tzinfo).date()


def end_of_day(day: date, *, regime: str) -> datetime:
    """The last instant (23:59:59.999999) of a local day, in UTC."""
    local = datetime.combine(day, time.max, tzinfo=zone(regime).tzinfo)
    return local.astimezone(UTC)


def public_holidays(regime: str) -> frozenset[date]:
    return frozenset(getattr(settings, f"{regime.upper()}_PUBLIC_HOLIDAYS", ()))


def makeup_working_days(regime: str) -> frozenset[date]:
    return frozenset(getattr(settings, f"{regime.upper()}_MAKEUP_WORKING_DAYS", ()))


def format_local(moment: datetime, *, regime: str, with_time: bool = False) -> str:
    """An instant as the regime's authority reads it, labelled with the zone:
    "2026-12-07 (Beijing time)", or "2026-12-07 09:30 (Beijing time)" `with_time`."""
    local = _aware(moment).astimezone(zone(regime).tzinfo)
    shown = f"{local:%Y-%m-%d %H:%M}" if with_time else f"{local:%Y-%m-%d}"
    return f"{shown} ({zone(regime).label})"


def is_working_day(day: date, *, regime: str) -> bool:
    """Monday to Friday, unless a public holiday; a make-up working day always is."""
    if day in makeup_working_days(regime):
        return True
    return day.weekday() < 5 and day not in public_holidays(regime)


def add_calendar_days(start: datetime | date, days: int, *, regime: str) -> datetime:
    """The end of the `days`-th local day after `start` (its own day not counted)."""
    return end_of_day(_start_day(start, regime) + timedelta(days=days), regime=regime)


def add_working_days(start: datetime | date, days: int, *, regime: str) -> datetime:
    """The end of the `days`-th local working day after `start` (its own day not counted)."""
    day = _start_day(start, regime)
    remaining = days
    while remaining > 0:
        day += timedelta(days=1)
        if is_working_day(day, regime=regime):
            remaining -= 1
    return end_of_day(day, regime=regime)


def _start_day(start: datetime | date, regime: str) -> date:
    """A date is already the regime's local date; an instant is converted to it."""
    if isinstance(start, datetime):
        return local_date(start, regime=regime)
    return start


def _aware(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise ValueError("Deadlines are counted from aware datetimes (stored in UTC).")
    return moment
