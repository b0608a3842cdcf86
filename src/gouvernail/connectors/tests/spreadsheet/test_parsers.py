from datetime import date, datetime
from decimal import Decimal

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from gouvernail.connectors.spreadsheet.parsers import (
    CellError,
    normalize,
    parse_bool,
    parse_date,
    parse_decimal,
    parse_email,
    parse_int,
    parse_text,
)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("12/03/2021", date(2021, 3, 12)),
        ("12-03-21", date(2021, 3, 12)),
        ("2021-03-12", date(2021, 3, 12)),
        ("2021/03/12", date(2021, 3, 12)),
        ("12.03.2021", date(2021, 3, 12)),
        (" 1/3/2021 ", date(2021, 3, 1)),
        ("12/03/85", date(1985, 3, 12)),
        ("2021-03-12 00:00:00", date(2021, 3, 12)),
        (44267, date(2021, 3, 12)),
        (44267.75, date(2021, 3, 12)),
        ("44267", date(2021, 3, 12)),
        (datetime(2021, 3, 12, 8, 30), date(2021, 3, 12)),
        (date(2021, 3, 12), date(2021, 3, 12)),
        ("", None),
        (None, None),
        ("   ", None),
    ],
)
def test_it_reads_dates_as_written_in_french_files(cell, expected):
    assert parse_date(cell) == expected


@pytest.mark.parametrize("cell", ["31/02/2021", "12/13/2021", "demain", "2021-03", True, -3, float("nan"), 10**9])
def test_it_rejects_what_is_not_a_date_with_a_french_reason(cell):
    with pytest.raises(CellError, match="Date invalide"):
        parse_date(cell)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("1 234,56", Decimal("1234.56")),
        ("1\u202f234,56 €", Decimal("1234.56")),
        ("1.234,56", Decimal("1234.56")),
        ("1,234.56", Decimal("1234.56")),
        ("1234.5", Decimal("1234.5")),
        ("-12", Decimal("-12")),
        ("1.234.567", Decimal("1234567")),
        (12000.5, Decimal("12000.5")),
        (7, Decimal(7)),
        ("", None),
    ],
)
def test_it_reads_french_decimals(cell, expected):
    assert parse_decimal(cell) == expected


@pytest.mark.parametrize("cell", ["douze", "1,2,3", "12 %", "1e5", True, float("inf")])
def test_it_rejects_what_is_not_a_number(cell):
    with pytest.raises(CellError, match="Nombre invalide"):
        parse_decimal(cell)


def test_it_wants_whole_numbers_where_a_count_is_expected():
    assert parse_int("36") == 36
    assert parse_int(36.0) == 36
    with pytest.raises(CellError, match="entier"):
        parse_int("36,5")


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("Oui", True),
        ("non", False),
        ("OUI ", True),
        ("x", True),
        ("Vrai", True),
        ("faux", False),
        (1, True),
        (0.0, False),
        (True, True),
        ("", None),
        (None, None),
    ],
)
def test_it_reads_oui_and_non(cell, expected):
    assert parse_bool(cell) is expected


def test_it_rejects_an_unknown_boolean_word():
    with pytest.raises(CellError, match="attendu Oui ou Non"):
        parse_bool("peut-être")


def test_it_cleans_text_cells():
    assert parse_text("  Mairie \u00a0 annexe  ") == "Mairie annexe"
    assert parse_text(1234.0) == "1234"
    assert parse_text(None) == ""


SPACES_AND_LETTERS = st.text(st.sampled_from(" \t\n\r\x0b\x0c\x1c\x85\u00a0\u2028\u202f\u3000aé-"), max_size=12)


@given(SPACES_AND_LETTERS)
@example("\u202f\u00a0")
def test_it_collapses_every_kind_of_space_as_a_pattern_would(text):
    import re

    spaces = re.compile(r"[\s\u00a0\u202f]+")
    assert parse_text(text) == spaces.sub(" ", text).strip()


@given(st.text(max_size=12))
@example("Total général")
@example("  Sous-total")
@example("ÉTÉ")
def test_a_summary_row_is_known_by_its_first_words_whatever_its_first_letter(text):
    from gouvernail.connectors.spreadsheet.engine import SUMMARY_WORDS, is_summary

    words = normalize(parse_text(text))
    expected = any(words == word or words.startswith(f"{word} ") for word in SUMMARY_WORDS)
    assert is_summary([None, text, "suivante"]) == expected


def test_it_normalizes_header_variants_to_the_same_key():
    assert normalize("N° de Série") == normalize("n de serie") == "n de serie"
    assert normalize("S/N") == "s n"


cells = st.one_of(
    st.none(),
    st.text(),
    st.text(alphabet="0123456789/-.,  €:'", max_size=25),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.dates(),
    st.datetimes(),
    st.decimals(allow_nan=False).map(str),
)


@given(cells)
@example("²")  # a Unicode digit that int() refuses
def test_the_date_parser_raises_nothing_but_its_validation_error(cell):
    try:
        result = parse_date(cell)
    except CellError:
        return
    assert result is None or isinstance(result, date)


@given(cells)
def test_the_number_parsers_raise_nothing_but_their_validation_error(cell):
    for parser in (parse_decimal, parse_int):
        try:
            result = parser(cell)
        except CellError:
            continue
        assert result is None or isinstance(result, (Decimal, int))


@given(cells)
def test_the_boolean_parser_raises_nothing_but_its_validation_error(cell):
    try:
        result = parse_bool(cell)
    except CellError:
        return
    assert result in (True, False, None)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (" Claire.Durand@Mairie.fr ", "claire.durand@mairie.fr"),
        ("mailto:claire.durand@mairie.fr", "claire.durand@mairie.fr"),
        ("<claire.durand@mairie.fr>", "claire.durand@mairie.fr"),
        ("", ""),
        (None, ""),
    ],
)
def test_it_reads_an_email_address_lower_cased(cell, expected):
    assert parse_email(cell) == expected


@pytest.mark.parametrize("cell", ["claire.durand", "claire durand@mairie.fr", "@mairie.fr", "claire@", 12])
def test_it_rejects_what_is_not_an_email_address_in_french(cell):
    with pytest.raises(CellError, match="Adresse e-mail invalide"):
        parse_email(cell)
