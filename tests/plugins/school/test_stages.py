"""A class's school stage follows from its name's number: 1–3 stage I, 4–6 II, 7–9 III."""

import pytest

from plugins.school.stages import school_stage


@pytest.mark.parametrize(
    ("name", "stage"),
    [
        ("1.a", 1),
        ("3 b", 1),
        ("4.a", 2),
        ("6.c", 2),
        ("7.a", 3),
        ("9.b", 3),
        ("10.a", None),
        ("12", None),
        ("Sipsikud", None),
        ("0.a", None),
        ("", None),
    ],
)
def test_the_school_stage_of_a_class(name, stage):
    assert school_stage(name) == stage
