"""The deadline table: every regime and category, a DST change in Brussels, a leap day,
late-evening awareness in another zone, and severity never buying a later deadline."""

from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assessments.incidents import deadlines
from assessments.incidents.deadlines import REGIMES, notice_due, remaining, report_due

BRUSSELS = ZoneInfo("Europe/Brussels")
LOS_ANGELES = ZoneInfo("America/Los_Angeles")
# 11:00 in Brussels (CET), 03:00 in California (PDT since 8 March).
AWARE = datetime(2026, 3, 10, 10, 0, tzinfo=UTC)


def end_of(day: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time.max, tzinfo=zone).astimezone(UTC)


@pytest.mark.parametrize(
    "regime,category,last_day",
    [
        ("eu", "widespread_infringement", date(2026, 3, 12)),
        ("eu", "critical_infrastructure", date(2026, 3, 12)),
        ("eu", "death", date(2026, 3, 20)),
        ("eu", "health", date(2026, 3, 25)),
        ("eu", "fundamental_rights", date(2026, 3, 25)),
        ("eu", "property_environment", date(2026, 3, 25)),
        ("eu_gpai", "critical_infrastructure", date(2026, 3, 12)),
        ("eu_gpai", "cyber_breach", date(2026, 3, 15)),
        ("eu_gpai", "death", date(2026, 3, 20)),
        ("eu_gpai", "other", date(2026, 3, 25)),
        # SB 53: 15 days to Cal OES, whether or not an imminent risk also calls for the notice.
        ("us_ca", "imminent_risk", date(2026, 3, 25)),
        ("us_ca", "critical_safety_incident", date(2026, 3, 25)),
    ],
)
def test_calendar_day_deadlines_end_with_the_last_local_day(regime, category, last_day):
    zone = LOS_ANGELES if regime == "us_ca" else BRUSSELS
    assert report_due(regime, category, AWARE) == end_of(last_day, zone)


def test_every_category_of_every_regime_is_in_the_table_test():
    listed = {(r.code, c.code) for r in REGIMES.values() for c in r.categories}
    assert len(listed) == 12  # the rows above; the one category with a notice is below
    assert {(r, c.code) for r in REGIMES for c in REGIMES[r].categories if c.notice} == {
        ("us_ca", "imminent_risk")
    }


def test_an_imminent_risk_under_sb53_calls_for_a_notice_24_hours_after_awareness():
    assert notice_due("us_ca", "imminent_risk", AWARE) == AWARE + timedelta(hours=24)
    assert notice_due("us_ca", "critical_safety_incident", AWARE) is None
    assert notice_due("eu", "death", AWARE) is None


def test_each_category_names_its_legal_basis():
    assert "Art. 73(4)" in deadlines.category("eu", "death").basis
    assert "Art. 73(3)" in deadlines.category("eu", "widespread_infringement").basis
    assert "cybersecurity" in deadlines.category("eu_gpai", "cyber_breach").basis
    imminent = deadlines.category("us_ca", "imminent_risk")
    assert imminent.notice is not None and "24 hours" in imminent.notice.basis
    assert "15 days" in imminent.basis


def test_the_sb53_imminent_risk_notice_goes_to_law_enforcement_not_cal_oes():
    """SB 53: 24 hours to an appropriate authority (law enforcement / public safety); the
    15-day report goes to Cal OES (REGULATION.md)."""
    imminent = deadlines.category("us_ca", "imminent_risk")
    assert imminent.notice is not None
    notice = imminent.notice.basis
    assert "24 hours to an appropriate authority (law enforcement / public safety)" in notice
    assert "not Cal OES" in notice
    assert "to Cal OES within 15 days of discovery" in imminent.basis
    assert "law enforcement" not in imminent.basis
    assert "law enforcement" not in deadlines.category("us_ca", "critical_safety_incident").basis


def test_a_period_crossing_the_spring_dst_change_in_brussels_ends_at_local_midnight():
    # Aware Wednesday 25 March 2026 (CET); clocks go forward on Sunday 29 March.
    aware = datetime(2026, 3, 25, 12, 0, tzinfo=UTC)
    due = report_due("eu", "death", aware)
    assert due == datetime(2026, 4, 4, 21, 59, 59, 999999, tzinfo=UTC)  # 23:59:59 CEST
    assert due.astimezone(BRUSSELS).utcoffset() == timedelta(hours=2)


def test_a_period_crossing_the_autumn_dst_change_in_brussels():
    aware = datetime(2026, 10, 20, 8, 0, tzinfo=UTC)  # CEST
    due = report_due("eu", "health", aware)  # 15 days: 4 November, CET again
    assert due == datetime(2026, 11, 4, 22, 59, 59, 999999, tzinfo=UTC)


def test_a_leap_day_is_a_day_of_the_period():
    aware = datetime(2028, 2, 19, 10, 0, tzinfo=UTC)
    assert report_due("eu", "death", aware) == end_of(date(2028, 2, 29), BRUSSELS)
    cyber = report_due("eu_gpai", "cyber_breach", datetime(2028, 2, 27, 10, 0, tzinfo=UTC))
    assert cyber == end_of(date(2028, 3, 3), BRUSSELS)  # 28, 29, 1, 2, 3


def test_late_evening_awareness_in_new_york_is_next_morning_in_brussels():
    # 23:30 in New York on 10 June is 05:30 on 11 June in Brussels: day 1 is 12 June.
    aware = datetime(2026, 6, 10, 23, 30, tzinfo=ZoneInfo("America/New_York"))
    assert report_due("eu", "death", aware) == end_of(date(2026, 6, 21), BRUSSELS)


def test_late_evening_awareness_in_berlin_is_still_the_same_day_in_california():
    # 23:30 in Berlin on 10 June is 14:30 on 10 June in Los Angeles.
    aware = datetime(2026, 6, 10, 23, 30, tzinfo=ZoneInfo("Europe/Berlin"))
    assert report_due("us_ca", "critical_safety_incident", aware) == end_of(
        date(2026, 6, 25), LOS_ANGELES
    )


@given(
    aware=st.datetimes(
        min_value=datetime(2024, 1, 1), max_value=datetime(2032, 12, 31), timezones=st.just(UTC)
    )
)
def test_a_more_severe_category_never_has_a_later_deadline(aware):
    for regime in REGIMES.values():
        ranked = sorted(regime.categories, key=lambda c: c.severity)
        for more, less in pairwise(ranked):
            assert report_due(regime.code, more.code, aware) <= report_due(
                regime.code, less.code, aware
            ), (regime.code, more.code, less.code)


@given(
    aware=st.datetimes(
        min_value=datetime(2024, 1, 1), max_value=datetime(2032, 12, 31), timezones=st.just(UTC)
    )
)
def test_a_notice_is_due_before_the_report(aware):
    # The incident queue relies on it: a notice not yet recorded is the first deadline.
    for regime in REGIMES.values():
        for rule in regime.categories:
            notice = notice_due(regime.code, rule.code, aware)
            assert notice is None or notice < report_due(regime.code, rule.code, aware)


def test_gpai_follow_ups_every_four_weeks_and_final_within_60_days_of_resolution():
    last = datetime(2026, 5, 4, 9, 0, tzinfo=UTC)
    assert deadlines.next_update_due("eu_gpai", last) == end_of(date(2026, 6, 1), BRUSSELS)
    assert deadlines.final_due("eu_gpai", last) == end_of(date(2026, 7, 3), BRUSSELS)
    assert deadlines.next_update_due("eu", last) is None
    assert deadlines.authority_due("eu", last) == end_of(date(2026, 5, 11), BRUSSELS)
    assert deadlines.authority_due("us_ca", last) is None


def test_the_countdown_reads_as_people_say_it():
    now = datetime(2026, 3, 10, 10, 0, tzinfo=UTC)
    assert remaining(report_due("eu", "death", now), now) == "10 days left"
    assert remaining(now + timedelta(hours=30), now) == "30 hours left"
    assert remaining(now + timedelta(hours=1), now) == "1 hour left"
    assert remaining(now - timedelta(days=3), now) == "3 days overdue"
