from datetime import date

import pytest

from core.i18n import set_language
from core.people.folding import fold, like_pattern
from core.people.isikukood import isikukood_problem, mask


@pytest.fixture(autouse=True)
def estonian():
    set_language("et")


def test_a_valid_code_of_the_right_date_passes():
    assert isikukood_problem("51501010012", date(2015, 1, 1)) is None
    assert isikukood_problem("51501010012", None) is None


@pytest.mark.parametrize(
    ("code", "born", "message"),
    [
        ("5150101001", None, "11 numbrit"),
        ("5150101001x", None, "11 numbrit"),
        ("51501010011", None, "kontrollnumber"),
        ("51513010014", None, "sünnikuupäeva"),
        ("51501010012", date(2015, 1, 2), "ei ühti sünnikuupäevaga"),
    ],
)
def test_a_wrong_code_gets_a_clear_estonian_message(code, born, message):
    assert message in isikukood_problem(code, born)


def test_lists_show_a_masked_code():
    assert mask("51501010012") == "5******0012"
    assert mask(None) == ""


def test_folding_ignores_case_and_estonian_diacritics():
    assert fold("  Õie  ÄRA Ööbik Üle Šokk Žanr ") == "oie ara oobik ule sokk zanr"
    assert like_pattern("50%_x") == "%50\\\\%\\\\_x%".replace("\\\\", "\\")
