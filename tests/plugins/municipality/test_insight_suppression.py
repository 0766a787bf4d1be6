"""Small counts are hidden, and so is enough else that no total gives them away."""

import pytest

from plugins.municipality.insight.charts import Bar, bar_chart
from plugins.municipality.insight.suppression import suppress


def test_counts_from_one_to_four_are_hidden_and_zero_and_larger_shown():
    table = suppress([[0, 5, 7], [0, 6, 9]])
    assert table.cells == ((0, 5, 7), (0, 6, 9))
    assert table.row_totals == (12, 15)
    assert table.column_totals == (0, 11, 16)
    assert table.total == 27


def test_a_lone_hidden_cell_takes_the_next_smallest_of_its_row_and_column_with_it():
    # 3 is hidden; its row would reveal it (20 - 8 - 9), so 8 goes too; its column would
    # reveal it (23 - 20), so 20 goes too; 8's column then has one hidden figure, and so on.
    table = suppress([[3, 8, 9], [20, 6, 30], [25, 40, 12]])
    assert table.cells == ((None, None, 9), (None, None, 30), (25, 40, 12))
    assert table.row_totals == (20, 56, 77)
    assert table.column_totals == (48, 54, 51)
    assert table.total == 153


def test_no_row_or_column_with_its_total_has_exactly_one_hidden_figure():
    counts = [[1, 12, 7, 30], [9, 2, 14, 6], [11, 15, 16, 3], [40, 8, 5, 22]]
    table = suppress(counts)
    grid = [[*row, total] for row, total in zip(table.cells, table.row_totals, strict=True)]
    grid.append([*table.column_totals, table.total])
    for line in [*grid, *zip(*grid, strict=True)]:
        assert sum(value is None for value in line) != 1
    shown = [value for line in grid for value in line if value is not None]
    assert not any(1 <= value <= 4 for value in shown)


def test_a_small_total_is_hidden_with_its_cells():
    table = suppress([[2, 0], [0, 0]])
    assert table.cells == ((None, 0), (0, 0))
    assert table.row_totals == (None, 0)
    assert table.column_totals == (None, 0)
    assert table.total is None


def test_a_table_with_one_row_hides_the_month_and_another_month():
    table = suppress([[0, 2, 10, 6]])
    assert table.cells == ((0, None, 10, None),)
    assert table.row_totals == (18,)
    assert table.total == 18


def test_rows_of_different_lengths_are_refused():
    with pytest.raises(ValueError, match="same number of cells"):
        suppress([[1, 2], [3]])


def test_the_chart_has_a_visible_caption_a_text_alternative_and_no_bar_for_a_hidden_month():
    svg = str(
        bar_chart(
            "c", "Juhtumid <2026>", "Tulbad kuude kaupa.", [Bar("jaan", None), Bar("veebr", 7)]
        )
    )
    assert 'role="img"' in svg and 'aria-labelledby="c-title" aria-describedby="c-desc"' in svg
    assert '<figcaption id="c-title">Juhtumid &lt;2026&gt;</figcaption>' in svg
    assert '<desc id="c-desc">Tulbad kuude kaupa. jaan: &lt;5; veebr: 7</desc>' in svg
    assert svg.count("<rect") == 1
    assert "&lt;5" in svg
