"""School age (Basic Schools Act §9(1)): a child starts school in the autumn of the year they
turn 7 when that is on or before 30 September, else a year later."""

from datetime import date, timedelta

import pytest

from core.people.school_age import born_by_school_start, school_start_year


@pytest.mark.parametrize(
    ("born", "starts"),
    [
        (date(2019, 9, 15), 2026),  # turns 7 two weeks after 1 September: still 2026
        (date(2019, 9, 1), 2026),
        (date(2019, 9, 30), 2026),  # the last birthday of the year that starts in 2026
        (date(2019, 10, 1), 2027),  # the first that waits a year
        (date(2019, 1, 1), 2026),
        (date(2019, 12, 31), 2027),
        (date(2016, 2, 29), 2023),  # a leap-day birthday turns 7 before October
    ],
)
def test_the_school_start_year_turns_between_30_september_and_1_october(born, starts):
    assert school_start_year(born) == starts


@pytest.mark.parametrize("year", [2024, 2026, 2027])
def test_born_by_school_start_is_the_last_birthday_of_the_year(year):
    last = born_by_school_start(year)
    assert last == date(year - 7, 9, 30)
    assert school_start_year(last) == year
    assert school_start_year(last + timedelta(days=1)) == year + 1
