"""Where the time of issuing a document goes: rendering the HTML, WeasyPrint's layout and its
PDF writing (drawing, subsetting the embedded CJK font) for a one-page and a several-page
result notice, loading the fonts, the QR code, hashing, and a whole issue (number, hash, two
copies rendered and stored, audit) in a throwaway database. CPU time is printed beside the wall
time: on a shared machine it is the steadier figure.

Then notices per second: one notice issued alone (the median of the rounds) and a batch of
BATCH notices issued one after another in one process, each its own transaction through the
same services the pages call (numbered, both copies rendered, stored and audited).

    .venv/bin/python benchmarks/documents_pdf.py
    .venv/bin/python benchmarks/documents_pdf.py --rounds 10 --batch 1000
"""

import argparse
import hashlib
import os
import statistics
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

NOW = datetime(2026, 9, 30, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
NOTICE = {
    "inspection_date": "2026-09-29",
    "findings": "配电室未设置挡鼠板，电缆沟盖板缺失。",
    "rules_broken": "违反《电力设施保护条例》及安全用电规定。",
    "rectification": "加装挡鼠板，补齐电缆沟盖板。",
    "rectification_date": "2026-10-20",
}


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "utilicase.config.settings")
    os.environ.setdefault("UTILICASE_VAR_DIR", tempfile.mkdtemp(prefix="utilicase-bench-"))
    import django
    from django.conf import settings

    django.setup()
    settings.DATABASES["default"].setdefault("TEST", {})["NAME"] = (
        str(Path(os.environ["UTILICASE_VAR_DIR"]) / "bench.sqlite3")
        if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3")
        else f"utilicase_bench_{os.getpid()}"
    )
    # A throwaway audit key too (nothing is audited without one).
    from utilicase.audit.keys import create_key

    settings.AUDIT_KEY_FILE = Path(tempfile.mkdtemp(prefix="utilicase-bench-key-")) / "audit.key"
    create_key(legacy=None)
    settings.MEDIA_ROOT = Path(os.environ["UTILICASE_VAR_DIR"]) / "media"


def timed(fn, rounds: int) -> tuple[float, float, float]:
    """(median wall ms, max wall ms, median CPU ms)."""
    wall, cpu = [], []
    for _ in range(rounds):
        t0, c0 = time.perf_counter(), time.process_time()
        fn()
        wall.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
    return statistics.median(wall), max(wall), statistics.median(cpu)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--batch", type=int, default=100, help="notices issued in the batch")
    args = parser.parse_args()
    setup_django()
    from django.db import connection, transaction
    from django.test.utils import setup_test_environment
    from tests.integration.customers.factories import CustomerFactory
    from tests.integration.documents.conftest import EVERY_TYPE, TARGET_TYPE, _load, case_info
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    from utilicase.core import cases
    from utilicase.demo.data import load_demo_org
    from utilicase.documents import services
    from utilicase.documents.models import Document
    from utilicase.documents.rendering import document_html, html_to_pdf, qr_data_uri
    from utilicase.org.models import User

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0)
    try:
        units = load_demo_org(now=NOW)
        cases.register_case_type(TARGET_TYPE, load=_load, info=case_info, documents=EVERY_TYPE)
        info = case_info(CustomerFactory(office=units["tf-power-city"], name="熊超"))
        user = User.objects.get(username="inspector1")
        short = services.document_create(actor=user, case=info, doc_type_code="result_notice", content=NOTICE, now=NOW)
        long_text = "\n".join(f"第{i}项：配电室未设置挡鼠板，电缆沟盖板缺失，接地电阻超标。" for i in range(1, 120))
        long = services.document_create(actor=user, case=info, doc_type_code="result_notice",
                                        content={**NOTICE, "findings": long_text}, now=NOW)
        html_to_pdf(document_html(short, copy="KEPT"))  # load Pango and the font once
        url = "https://cases.example.cn/documents/verify/" + "x" * 43 + "/"
        rows = [("loading the fonts", *timed(FontConfiguration, args.rounds)),
                ("QR code", *timed(lambda: qr_data_uri.__wrapped__(url), args.rounds))]  # uncached
        fonts = FontConfiguration()
        for label, document in (("1 page", short), ("5 pages", long)):
            html = document_html(document, copy="KEPT")
            pdf = html_to_pdf(html)
            rendered = HTML(string=html).render(font_config=fonts)
            rows.append((f"HTML, {label}", *timed(lambda d=document: document_html(d, copy="KEPT"), args.rounds)))
            rows.append((f"layout, {label}", *timed(
                lambda h=html: HTML(string=h).render(font_config=fonts), args.rounds)))
            rows.append((f"PDF writing, {label}", *timed(lambda r=rendered: r.write_pdf(), args.rounds)))
            rows.append((f"PDF, {label}", *timed(lambda h=html: html_to_pdf(h), args.rounds)))
            rows.append((f"sha256, {label}", *timed(lambda p=pdf: hashlib.sha256(p).hexdigest(), args.rounds)))

        def issue():
            d = services.document_create(actor=user, case=info, doc_type_code="result_notice", content=NOTICE, now=NOW)
            services.document_issue(actor=user, document=d, now=NOW)

        rows.append(("issue (2 copies)", *timed(issue, args.rounds)))
        print(f"database: {connection.vendor}; rounds: {args.rounds}")
        print(f"{'step':<22} | {'median ms':>10} | {'max ms':>8} | {'CPU ms':>7}")
        for label, median, worst, cpu in rows:
            print(f"{label:<22} | {median:10.1f} | {worst:8.1f} | {cpu:7.1f}")

        before = Document.objects.filter(status="ISSUED").count()
        t0, c0 = time.perf_counter(), time.process_time()
        for _ in range(args.batch):
            with transaction.atomic():
                issue()
        wall, cpu = time.perf_counter() - t0, time.process_time() - c0
        assert Document.objects.filter(status="ISSUED").count() - before == args.batch
        single = rows[-1][1]
        print()
        print(f"{'notices':<22} | {'notices/s':>10} | {'ms each':>8} | {'CPU ms':>7}")
        print(f"{'one alone':<22} | {1000 / single:10.1f} | {single:8.1f} | {rows[-1][3]:7.1f}")
        print(f"{f'batch of {args.batch:,}':<22} | {args.batch / wall:10.1f} | {wall * 1000 / args.batch:8.1f} | "
              f"{cpu * 1000 / args.batch:7.1f}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
