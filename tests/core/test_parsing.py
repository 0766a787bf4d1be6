"""The one parsing layer: what it accepts, what it refuses with a message, and what the app
answers when a request brings input it refuses."""

from datetime import date

import pytest

from core import i18n, parsing
from core.parsing import InputError
from tests.helpers import post

pytestmark = pytest.mark.anyio


@pytest.mark.parametrize("text", ["1", " 42 ", str(2**63 - 1)])
def test_ids_are_ascii_digits_that_fit_the_database(text):
    assert parsing.parse_id(text) == int(text)


@pytest.mark.parametrize("text", ["", "0", "-1", "²", "٣", "１２", "1e3", str(2**63), "9" * 40])
def test_anything_else_is_no_id(text):
    with pytest.raises(InputError, match="Valik ei sobi"):
        parsing.parse_id(text)
    assert parsing.id_or_none(text) is None


def test_years_numbers_and_pages_keep_to_their_range():
    assert parsing.parse_year("2026", 2000, 2100) == 2026
    with pytest.raises(InputError, match="2000 kuni 2100"):
        parsing.parse_year("²⁰²⁶", 2000, 2100)
    with pytest.raises(InputError):
        parsing.parse_number("11", 0, 10)
    assert parsing.page_number("") == 1
    with pytest.raises(InputError):
        parsing.page_number(str(2**64))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("23.11.2026", date(2026, 11, 23)),
        ("1.2.2027", date(2027, 2, 1)),
        (" 29.02.2028 ", date(2028, 2, 29)),
    ],
)
def test_dates_are_typed_as_dd_mm_yyyy(text, expected):
    assert parsing.parse_date(text) == expected


def test_a_badly_typed_date_gets_a_message_in_the_users_language():
    with pytest.raises(InputError, match="pp.kk.aaaa"):
        parsing.parse_date("2026-11-23")
    with pytest.raises(InputError, match="Sellist kuupäeva kalendris ei ole"):
        parsing.parse_date("31.02.2026")
    with pytest.raises(InputError, match="pp.kk.aaaa"):
        parsing.parse_date("²³.11.2026")
    i18n.set_language("en")
    with pytest.raises(InputError, match="dd.mm.yyyy"):
        parsing.parse_date("23/11/2026")


def test_text_is_cleaned_and_bounded():
    assert parsing.clean_text(" a\x00b\x07c ") == "abc"
    assert parsing.clean_text("one\r\ntwo\tthree", multiline=True) == "one\ntwo\tthree"
    assert parsing.clean_text("one\ntwo") == "onetwo"
    with pytest.raises(InputError, match="kuni 5 märki"):
        parsing.bounded_text("abcdef", 5)
    assert parsing.length_problems({"name": "x" * 101}, {"name": 100, "post": None})
    assert parsing.search_term("x" * 100_000) == "x" * parsing.SEARCH_LENGTH


async def test_a_bad_query_parameter_is_a_400_with_a_message(staff_client):
    response = await staff_client.get("/cases", params={"responsible": "²"})
    assert response.status_code == 400
    assert "Valik ei sobi. Laadi leht uuesti ja vali uuesti." in response.text
    huge = await staff_client.get("/children", params={"page": str(2**63)})
    assert huge.status_code == 400
    long_search = await staff_client.get("/children", params={"q": "x" * 60_000})
    assert long_search.status_code == 200


async def test_nul_and_huge_path_ids_are_refused_before_the_handler(staff_client):
    assert (await staff_client.get(f"/cases/{2**64}")).status_code == 404
    assert (await staff_client.get("/children", params={"q": "a\x00b"})).status_code == 400
    response = await post(staff_client, "/account/membership", {"membership": "1\x00"})
    assert response.status_code == 400
    assert "NUL" in response.text
