"""An export batch as the billing system reads it: CSV (UTF-8 with BOM, for Excel) and JSON,
the same fields: batch number, line, entry (the receivable's id, which payments name),
account number, fee type, amount in yuan, case number, document number, due date."""

import csv
import io

from utilicase.billing.domain.money import yuan
from utilicase.billing.models import ExportBatch

COLUMNS = ("batch", "line", "entry", "account_number", "fee_type", "amount", "case_number", "document_number",
           "due_date")


def batch_rows(batch: ExportBatch) -> list[dict[str, str | int]]:
    entries = batch.entries.select_related("receivable").order_by("line")
    return [
        {"batch": batch.number, "line": e.line, "entry": e.receivable_id, "account_number": e.account_number,
         "fee_type": e.fee_type, "amount": yuan(e.amount), "case_number": e.case_number,
         "document_number": e.document_number, "due_date": e.receivable.due_date.isoformat()}
        for e in entries
    ]


def batch_json(batch: ExportBatch) -> dict:
    return {
        "id": batch.pk, "number": batch.number, "enterprise": batch.enterprise.code, "year": batch.year,
        "created_at": batch.created_at.isoformat(), "entry_count": batch.entry_count, "total": yuan(batch.total),
        "entries": [{k: v for k, v in row.items() if k != "batch"} for row in batch_rows(batch)],
    }


def batch_csv(batch: ExportBatch) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(batch_rows(batch))
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def batch_file_name(batch: ExportBatch, ext: str) -> str:
    return f"billing-{batch.enterprise.code}-{batch.number}.{ext}"
