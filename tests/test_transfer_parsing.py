"""Reading CSV files as people really save them, and never falling over on anything else."""

import codecs

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from commonroom.transfer.columns import to_cell
from commonroom.transfer.csvfile import MAX_BYTES, MAX_ROWS, Table, clean_cell, read_csv
from commonroom.transfer.forms import YesNoField


def _read(text: str, encoding: str = "utf-8") -> Table:
    table = read_csv(text.encode(encoding))
    assert table.error == "", table.error
    return table


def test_reads_a_plain_comma_file() -> None:
    table = _read("full_name,room\nMary Jones,12\n")
    assert table.columns == ["full_name", "room"]
    assert [(row.number, row.values) for row in table.rows] == [
        (2, {"full_name": "Mary Jones", "room": "12"})
    ]


def test_strips_a_utf8_byte_order_mark() -> None:
    table = read_csv(codecs.BOM_UTF8 + "full_name,room\nSiân,3\n".encode())
    assert table.columns == ["full_name", "room"]
    assert table.rows[0].values["full_name"] == "Siân"


def test_sniffs_semicolons() -> None:
    table = _read("full_name;room;notes\nMary Jones;12;likes tea, no sugar\n")
    assert table.rows[0].values == {
        "full_name": "Mary Jones",
        "room": "12",
        "notes": "likes tea, no sugar",
    }


def test_falls_back_to_windows_1252() -> None:
    table = _read("full_name,faith\nZoë Brontë,Café \u2013 church\n", encoding="cp1252")
    assert table.rows[0].values == {"full_name": "Zoë Brontë", "faith": "Café \u2013 church"}


def test_skips_blank_rows_but_keeps_spreadsheet_row_numbers() -> None:
    table = _read("\nfull_name,room\n\nMary,1\n,\n  ,  \nBob,2\n")
    assert [(row.number, row.values["full_name"]) for row in table.rows] == [
        (4, "Mary"),
        (7, "Bob"),
    ]


def test_a_quoted_newline_stays_in_one_row() -> None:
    table = _read('full_name,ambitions\n"Mary","See the sea\nand sing"\nBob,Garden\n')
    assert table.rows[0].values["ambitions"] == "See the sea\nand sing"
    assert [row.number for row in table.rows] == [2, 3]


def test_header_names_ignore_case_spaces_and_hyphens() -> None:
    table = _read(" Full Name ;ROOM;Date-of-birth\nMary;1;2024-01-01\n")
    assert table.columns == ["full_name", "room", "date_of_birth"]


def test_cells_are_trimmed_and_the_formula_guard_undone() -> None:
    table = _read("a,b,c,d\n  x  ,'=SUM(A1),'+44 7700,'plain\n")
    assert table.rows[0].values == {"a": "x", "b": "=SUM(A1)", "c": "+44 7700", "d": "'plain"}


def test_export_cells_guard_formulas() -> None:
    assert [to_cell(v) for v in ["=1+1", "+44", "-3", "@home", "\tx", "\rx", "ok"]] == [
        "'=1+1",
        "'+44",
        "'-3",
        "'@home",
        "'\tx",
        "'\rx",
        "ok",
    ]
    assert [clean_cell(to_cell(v)) for v in ["=1+1", "+44", "-3", "@home"]] == [
        "=1+1",
        "+44",
        "-3",
        "@home",
    ]


def test_cells_beyond_the_header_are_kept_for_a_warning() -> None:
    table = _read("full_name,room\nMary,1,oops\n")
    assert table.rows[0].extra == ["oops"]


def test_cells_under_a_nameless_column_are_noticed() -> None:
    table = _read("full_name,,room\nMary,x,1\n")
    assert table.columns == ["full_name", "room"]
    assert table.unnamed_with_data


def _error(data: bytes) -> str:
    table = read_csv(data)
    assert table.rows == []
    return table.error


def test_an_empty_file_has_no_header() -> None:
    assert "first row must name the columns" in _error(b"")
    assert "first row must name the columns" in _error(b"\n\n ,, \n")


def test_a_header_without_rows_is_refused() -> None:
    assert "no people" in _error(b"full_name,room\n\n")


def test_duplicate_headers_are_refused() -> None:
    message = _error(b"full_name,Room,ROOM \nMary,1,2\n")
    assert "room" in message
    assert "more than once" in message


def test_binary_files_are_refused() -> None:
    assert "does not look like a CSV" in _error(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert "does not look like a CSV" in _error(bytes(range(1, 32)) * 10)
    assert "does not look like a CSV" in _error("full_name\nMary\n".encode("utf-16"))


def test_an_excel_workbook_gets_its_own_advice() -> None:
    assert "Excel workbook" in _error(b"PK\x03\x04" + b"\x14" * 100)


def test_too_big_and_too_many_rows() -> None:
    assert "larger than 5 MB" in _error(b"a\n" + b"x" * MAX_BYTES)
    many = "full_name\n" + "Mary\n" * (MAX_ROWS + 1)
    assert "more than 5,000 rows" in _error(many.encode())
    assert read_csv(("full_name\n" + "Mary\n" * MAX_ROWS).encode()).error == ""


def test_a_huge_cell_is_a_clear_error() -> None:
    assert "could not read this file" in _error(b'a\n"' + b"x" * 200_000 + b'"\n')


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2000))
def test_never_raises_on_arbitrary_bytes(data: bytes) -> None:
    table = read_csv(data)
    assert bool(table.error) != bool(table.rows)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=500))
def test_never_raises_on_arbitrary_text(text: str) -> None:
    table = read_csv(text.encode())
    assert bool(table.error) != bool(table.rows)
    assert all(row.number >= 2 for row in table.rows)


@pytest.mark.parametrize(
    ("typed", "meaning"),
    [("Yes", True), ("ie", True), ("Oes", True), ("no", False), ("Na", False), ("nac oes", False)],
)
def test_yes_no_in_english_or_welsh(typed: str, meaning: bool) -> None:
    assert YesNoField(required=False).clean(typed) is meaning
