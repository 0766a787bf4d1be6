"""The meetings-a-year status (four a year, as a municipality's network; twice, as the county
union's meetings with the municipalities' teams), from fixed dates."""

from datetime import date

from core.meeting_rhythm import Rhythm, year_rhythm

HELD = [date(2026, 2, 10), date(2026, 5, 12), date(2026, 9, 8)]


def test_four_held_meetings_meet_the_rule_whatever_is_planned():
    status = year_rhythm(2026, [*HELD, date(2026, 11, 3)], [], date(2026, 11, 23), 4)
    assert status.status == Rhythm.met
    assert status.held == 4
    assert status.next_planned is None


def test_three_held_and_one_planned_before_the_years_end_is_on_track():
    status = year_rhythm(2026, HELD, [date(2026, 12, 8), date(2027, 1, 12)], date(2026, 11, 23), 4)
    assert status.status == Rhythm.on_track
    assert (status.held, status.planned, status.next_planned) == (3, 1, date(2026, 12, 8))


def test_too_few_held_and_planned_for_the_rest_of_the_year_is_at_risk():
    status = year_rhythm(2026, HELD[:2], [date(2026, 12, 8)], date(2026, 11, 23), 4)
    assert status.status == Rhythm.at_risk
    assert status.next_planned == date(2026, 12, 8)


def test_a_planned_meeting_whose_day_passed_unheld_does_not_count():
    status = year_rhythm(2026, HELD, [date(2026, 11, 3)], date(2026, 11, 23), 4)
    assert status.status == Rhythm.at_risk
    assert status.planned == 0


def test_a_meeting_planned_for_today_still_counts():
    status = year_rhythm(2026, HELD, [date(2026, 11, 23)], date(2026, 11, 23), 4)
    assert status.status == Rhythm.on_track


def test_a_year_that_ended_with_fewer_than_four_held_is_missed():
    status = year_rhythm(2025, [date(2025, 3, 1), date(2025, 6, 1)], [], date(2026, 1, 1), 4)
    assert status.status == Rhythm.missed


def test_the_years_last_day_is_still_at_risk_not_missed():
    assert year_rhythm(2025, [], [], date(2025, 12, 31), 4).status == Rhythm.at_risk


def test_meetings_of_other_years_are_not_counted():
    other = [date(2025, 3, 1), date(2025, 6, 1), date(2027, 1, 5), date(2027, 2, 5)]
    status = year_rhythm(2026, other, [date(2027, 3, 1)], date(2026, 1, 10), 4)
    assert (status.held, status.planned, status.status) == (0, 0, Rhythm.at_risk)


def test_the_county_unions_two_a_year_are_met_by_two_held_meetings():
    assert year_rhythm(2026, HELD[:2], [], date(2026, 6, 1), 2).status == Rhythm.met
    assert year_rhythm(2026, HELD[:1], [], date(2026, 6, 1), 2).status == Rhythm.at_risk
