"""Tables as files: a list or a dashboard table exports the rows it shows as Excel (.xlsx) or CSV
(UTF-8 with a byte-order mark, so Excel reads Chinese), headers in the reader's language.

A view declares its columns once and hands them the same rows its page shows:

    COLUMNS = (Column(_("编号"), lambda c: c.number), Column(_("受理时间"), lambda c: c.received_at))
    fmt = export_format(request)          # "xlsx", "csv" or None (show the page)
    if fmt:
        return table_response(fmt=fmt, name="complaints", title=_("投诉"), columns=COLUMNS,
                              rows=export_rows(rows))

A list page offers the links with `{% include "web/_export_links.html" %}` (its query string kept).

Times are written in Asia/Shanghai; text that a spreadsheet would run as a formula (=, +, -, @)
stays text in both formats."""

import csv
import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header

FORMATS = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
SHEET_TITLE_MAX = 31  # Excel's limit
ROW_LIMIT = 100_000   # an export past this asks for a narrower filter


@dataclass(frozen=True)
class Column:
    header: Any  # a (lazy) translated string
    value: Callable[[Any], Any]


def export_format(request) -> str | None:
    """The format asked for by `?export=xlsx|csv`, or None for the page itself."""
    fmt = request.GET.get("export", "")
    return fmt if fmt in FORMATS else None


def export_rows(rows: Iterable) -> Iterable:
    """The rows of a whole list for its export: a queryset in its own order, read in chunks and
    limited to ROW_LIMIT in the database (not only the page the list shows)."""
    if isinstance(rows, QuerySet):
        return rows[:ROW_LIMIT].iterator(chunk_size=2000)
    return rows


def deadline_text(deadline, *, overdue: bool = False) -> str:
    """An open deadline as a list's 期限 column shows it: its kind, when it falls due, and
    "overdue" when it is; "—" when there is none."""
    from django.utils.translation import gettext as _

    from utilicase.web.templatetags.utilicase import due, kind_label

    if deadline is None:
        return "—"
    text = f"{kind_label(deadline.kind)}{_('：')}{due(deadline)}"
    return f"{text} {_('已超期')}" if overdue else text


def _cell(value: Any) -> Any:
    """A value as a spreadsheet cell: aware times in local time without a zone (Excel has none),
    choices and lazy strings as text, None as empty."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.replace(tzinfo=None, microsecond=0)
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float | Decimal | date):
        return value
    return str(value)


def table_rows(columns: Sequence[Column], rows: Iterable) -> list[list[Any]]:
    """The header row and one row of cells per item (at most ROW_LIMIT items)."""
    out: list[list[Any]] = [[str(c.header) for c in columns]]
    for i, row in enumerate(rows):
        if i >= ROW_LIMIT:
            break
        out.append([_cell(c.value(row)) for c in columns])
    return out


def _csv_text(value: Any) -> str:
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def csv_bytes(table: list[list[Any]]) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    for row in table:
        writer.writerow([_csv_text(v) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def xlsx_bytes(table: list[list[Any]], *, title: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=_sheet_title(title))
    bold = Font(bold=True)
    for n, row in enumerate(table):
        cells = []
        for value in row:
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # never a formula, whatever the text starts with
            if isinstance(value, datetime):
                cell.number_format = "yyyy-mm-dd hh:mm:ss"
            elif isinstance(value, date):
                cell.number_format = "yyyy-mm-dd"
            if n == 0:
                cell.font = bold
            cells.append(cell)
        sheet.append(cells)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _sheet_title(title: str) -> str:
    cleaned = "".join("_" if ch in "[]:*?/\\" else ch for ch in str(title)).strip() or "Sheet"
    return cleaned[:SHEET_TITLE_MAX]


def table_response(*, fmt: str, name: str, title: Any, columns: Sequence[Column], rows: Iterable) -> HttpResponse:
    """The table as a download named `<name>-<local date>.<fmt>`."""
    table = table_rows(columns, rows)
    body = xlsx_bytes(table, title=str(title)) if fmt == "xlsx" else csv_bytes(table)
    response = HttpResponse(body, content_type=FORMATS[fmt])
    day = timezone.localdate().isoformat()
    response["Content-Disposition"] = content_disposition_header(True, f"{name}-{day}.{fmt}")
    return response
