"""Tables as files (web/exports.py): read back with openpyxl and csv, as a spreadsheet would."""

import csv
import io
from datetime import UTC, date, datetime
from decimal import Decimal

from django.test import RequestFactory
from openpyxl import load_workbook

from utilicase.web.exports import Column, export_format, table_response

COLUMNS = (Column("编号", lambda r: r["number"]), Column("受理时间", lambda r: r["at"]),
           Column("金额", lambda r: r["amount"]), Column("内容", lambda r: r["text"]),
           Column("期限", lambda r: r["day"]))
ROWS = [
    {"number": "TS-2026-0001", "at": datetime(2026, 3, 1, 16, 30, tzinfo=UTC), "amount": Decimal("12.50"),
     "text": "=HYPERLINK(\"http://x\")", "day": date(2026, 3, 9)},
    {"number": "TS-2026-0002", "at": None, "amount": Decimal("0"), "text": "电压低", "day": None},
]


def test_xlsx_reads_back_with_chinese_headers_local_times_and_formulas_as_text():
    response = table_response(fmt="xlsx", name="complaints", title="投诉/列表", columns=COLUMNS, rows=ROWS)
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "complaints-" in response["Content-Disposition"] and ".xlsx" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert sheet.title == "投诉_列表"
    assert rows[0] == ["编号", "受理时间", "金额", "内容", "期限"]
    assert rows[1][0] == "TS-2026-0001"
    assert rows[1][1] == datetime(2026, 3, 2, 0, 30)  # 16:30 UTC is 00:30 next day in Shanghai
    assert rows[1][2] == 12.5
    assert rows[1][3] == "=HYPERLINK(\"http://x\")"
    assert sheet.cell(row=2, column=4).data_type == "s"
    assert rows[1][4] == datetime(2026, 3, 9)
    assert rows[2][1] is None and rows[2][3] == "电压低"


def test_csv_has_a_byte_order_mark_and_neutralises_formulas():
    response = table_response(fmt="csv", name="complaints", title="投诉", columns=COLUMNS, rows=ROWS)
    assert response.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["编号", "受理时间", "金额", "内容", "期限"]
    assert rows[1] == ["TS-2026-0001", "2026-03-02 00:30:00", "12.50", "'=HYPERLINK(\"http://x\")", "2026-03-09"]
    assert rows[2] == ["TS-2026-0002", "", "0", "电压低", ""]


def test_export_format_takes_only_known_formats():
    factory = RequestFactory()
    assert export_format(factory.get("/x", {"export": "xlsx"})) == "xlsx"
    assert export_format(factory.get("/x", {"export": "csv"})) == "csv"
    assert export_format(factory.get("/x", {"export": "pdf"})) is None
    assert export_format(factory.get("/x")) is None
