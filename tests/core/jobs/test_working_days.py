"""Working days on real Estonian dates: weekends and public holidays are skipped."""

from datetime import date

import pytest

from core.working_days import add_working_days, is_working_day, working_days_between


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2026, 12, 23), True),  # Wednesday before Christmas (a shortened day, still work)
        (date(2026, 12, 24), False),  # Christmas Eve, a public holiday in Estonia
        (date(2026, 12, 25), False),
        (date(2026, 12, 26), False),
        (date(2026, 6, 23), False),  # Victory Day
        (date(2026, 6, 24), False),  # Midsummer Day
        (date(2026, 4, 3), False),  # Good Friday
        (date(2026, 4, 6), True),  # Easter Monday is no holiday in Estonia
        (date(2026, 2, 24), False),  # Independence Day
        (date(2026, 8, 20), False),  # Restoration of Independence
        (date(2026, 11, 21), False),  # a Saturday
        (date(2026, 11, 23), True),  # a Monday
    ],
)
def test_is_working_day_knows_estonian_holidays(day, working):
    assert is_working_day(day) is working


def test_add_working_days_skips_christmas():
    # Wednesday 23.12.2026; Thursday to Saturday are holidays, then a Sunday.
    assert add_working_days(date(2026, 12, 23), 1) == date(2026, 12, 28)
    assert add_working_days(date(2026, 12, 23), 4) == date(2026, 12, 31)
    # New Year's Day 2027 is a Friday: the fifth working day is Monday 4 January.
    assert add_working_days(date(2026, 12, 23), 5) == date(2027, 1, 4)


def test_add_working_days_skips_victory_day_and_midsummer():
    # Monday 22.06.2026; Tuesday 23 and Wednesday 24 June are holidays.
    assert add_working_days(date(2026, 6, 22), 1) == date(2026, 6, 25)
    assert add_working_days(date(2026, 6, 22), 3) == date(2026, 6, 29)


def test_add_working_days_skips_good_friday_but_not_easter_monday():
    # Easter 2026 is on 5 April: Good Friday (3 April) is a holiday, Easter Monday is not.
    assert add_working_days(date(2026, 4, 2), 1) == date(2026, 4, 6)
    # Easter 2027 is on 28 March.
    assert add_working_days(date(2027, 3, 25), 1) == date(2027, 3, 29)


def test_add_working_days_from_a_holiday_or_weekend_and_backwards():
    assert add_working_days(date(2026, 12, 25), 1) == date(2026, 12, 28)
    assert add_working_days(date(2026, 11, 21), 1) == date(2026, 11, 23)
    assert add_working_days(date(2026, 11, 23), 0) == date(2026, 11, 23)
    # Two working days before Monday 28.12.2026 is Tuesday 22.12.2026.
    assert add_working_days(date(2026, 12, 28), -2) == date(2026, 12, 22)


def test_working_days_between_counts_what_add_working_days_adds():
    assert working_days_between(date(2026, 12, 23), date(2026, 12, 28)) == 1
    assert working_days_between(date(2026, 12, 18), date(2027, 1, 4)) == 8
    assert working_days_between(date(2026, 12, 28), date(2026, 12, 22)) == -2
    assert working_days_between(date(2026, 6, 22), date(2026, 6, 22)) == 0
    start = date(2026, 12, 1)
    for n in range(-30, 31):
        end = add_working_days(start, n)
        assert working_days_between(start, end) == n
