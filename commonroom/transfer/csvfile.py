"""Reading a CSV file that a person saved from a spreadsheet. Pure functions, no database.

Whatever bytes arrive, ``read_csv`` returns a ``Table``: either rows to check, or an ``error``
that says in plain words why the file cannot be read. It never raises.
"""

import codecs
import csv
import io
from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000
DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]

# Spreadsheets run a cell that starts with one of these as a formula. Our exports put a single
# quote in front (CSV injection); reading strips it again so that an export re-imports as it was.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

_ZIP_MAGIC = b"PK\x03\x04"
_SNIFF_CHARS = 8192


@dataclass(frozen=True)
class Limits:
    """How much one file may hold. Years of connection history run to far more rows than a
    home has people, so each kind of file has its own."""

    max_bytes: int
    max_rows: int
    no_rows: str | Promise
    """What to say when the file has a header but no rows (translated when said)."""


PEOPLE = Limits(MAX_BYTES, MAX_ROWS, gettext_lazy("The file has a header row but no people in it."))


@dataclass(frozen=True)
class Problem:
    """Something wrong with one cell (or one row, or the header), as a spreadsheet shows it."""

    row: int
    """Row number as a spreadsheet shows it: the header is row 1."""
    column: str
    value: str
    message: str


@dataclass
class Row:
    number: int
    values: dict[str, str]
    extra: list[str] = field(default_factory=list)
    """Cells beyond the last column: usually a comma that should have been quoted."""
    unnamed_with_data: bool = False


@dataclass
class Table:
    columns: list[str] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    error: str = ""
    """Why the whole file cannot be read; empty when it can."""
    unnamed_with_data: bool = False
    """Some cells sit under a column with no name, so they will be ignored."""


def normalise_header(name: str) -> str:
    """``" Full Name "`` and ``"full-name"`` both become ``"full_name"``."""
    words = name.replace("\ufeff", "").replace("-", " ").replace("_", " ").split()
    return "_".join(words).casefold()


def clean_cell(value: str) -> str:
    """Trim spaces and undo the quote our exports put before formula-like text."""
    value = value.strip()
    if value[:1] == "'" and value[1:2] in FORMULA_STARTS:
        value = value[1:].strip()
    return value


def read_csv(data: bytes, limits: Limits = PEOPLE) -> Table:
    """Decode, sniff the delimiter and read a header and rows from ``data``."""
    if len(data) > limits.max_bytes:
        return Table(error=too_big_message(limits.max_bytes))
    text, error = _decode(data)
    if error:
        return Table(error=error)
    try:
        return _read_text(text, limits)
    except csv.Error:
        return Table(
            error=_("We could not read this file as CSV. Save it again as CSV and try once more.")
        )


def too_big_message(max_bytes: int) -> str:
    return _("The file is larger than %(size)s MB. Split it into smaller files.") % {
        "size": max_bytes // (1024 * 1024)
    }


def _decode(data: bytes) -> tuple[str, str]:
    not_csv = _(
        "This does not look like a CSV file. In your spreadsheet choose “Save as”, "
        "then “CSV UTF-8 (comma delimited)”, and upload that file."
    )
    if data.startswith(_ZIP_MAGIC):
        return "", _(
            "This looks like an Excel workbook. In Excel choose “Save as”, then "
            "“CSV UTF-8 (comma delimited)”, and upload that file."
        )
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or b"\x00" in data:
        return "", not_csv
    data = data.removeprefix(codecs.BOM_UTF8)
    for encoding in ("utf-8", "cp1252"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return ("", not_csv) if _looks_binary(text) else (text, "")
    return "", not_csv


def _looks_binary(text: str) -> bool:
    sample = text[:_SNIFF_CHARS]
    controls = sum(1 for char in sample if ord(char) < 32 and char not in "\t\r\n")
    return controls > max(2, len(sample) // 100)


def sniff_delimiter(text: str) -> str:
    """Comma or semicolon (many European spreadsheets save with semicolons), read from the first
    line with any content; a tie goes to the comma."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    return ";" if first.count(";") > first.count(",") else ","


def _read_text(text: str, limits: Limits) -> Table:
    records = enumerate(csv.reader(io.StringIO(text), delimiter=sniff_delimiter(text)), start=1)
    header: list[str] = []
    for _number, record in records:
        if _is_blank(record):
            continue
        header = [normalise_header(cell) for cell in record]
        break
    if not header:
        return Table(error=_("The file is empty. The first row must name the columns."))
    duplicates = sorted({name for name in header if name and header.count(name) > 1})
    if duplicates:
        return Table(error=_duplicate_message(duplicates))
    rows: list[Row] = []
    for number, record in records:
        if _is_blank(record):
            continue
        if len(rows) == limits.max_rows:
            return Table(error=_too_many_rows_message(limits.max_rows))
        rows.append(_row(number, header, record))
    if not rows:
        return Table(error=str(limits.no_rows))
    return Table(
        columns=[name for name in header if name],
        rows=rows,
        unnamed_with_data=any(row.unnamed_with_data for row in rows),
    )


def _duplicate_message(duplicates: list[str]) -> str:
    return ngettext(
        "The column %(columns)s appears more than once. Keep one and upload again.",
        "The columns %(columns)s appear more than once. Keep one of each and upload again.",
        len(duplicates),
    ) % {"columns": ", ".join(duplicates)}


def _too_many_rows_message(max_rows: int) -> str:
    return _("The file has more than %(rows)s rows. Split it into smaller files.") % {
        "rows": f"{max_rows:,}"
    }


def name_key(name: str) -> str:
    """A name as matching sees it: letter case and extra spaces do not count."""
    return " ".join(name.split()).casefold()


def _is_blank(record: list[str]) -> bool:
    return not any(cell.strip() for cell in record)


def _row(number: int, header: list[str], record: list[str]) -> Row:
    values = {name: clean_cell(cell) for name, cell in zip(header, record, strict=False) if name}
    extra = [cell for cell in record[len(header) :] if cell.strip()]
    unnamed = any(cell.strip() for name, cell in zip(header, record, strict=False) if not name)
    return Row(number=number, values=values, extra=extra, unnamed_with_data=unnamed)
