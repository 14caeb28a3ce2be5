"""`utilicase import customers FILE`: all or nothing, errors by line and column, --update,
BOM, progress, audit, and no query per row."""

from decimal import Decimal

import pytest
from django.core.management import ManagementUtility

from tests.integration.customers.conftest import customer_row
from tests.integration.customers.factories import CustomerFactory, ServicePointFactory
from utilicase.audit.models import AuditEvent
from utilicase.customers.models import Customer, ServicePoint

pytestmark = pytest.mark.django_db


def three_good_rows() -> list[dict]:
    return [
        customer_row(),
        customer_row(account_number="1010000002", name="石河子市恒源纺织有限公司", address="开发区北八路18号",
                     contact_phone="0993-2123456", voltage_level="HIGH", customer_class="IMPORTANT",
                     tariff_category="大工业", unit_price="0.4230"),
        customer_row(enterprise="tf-heat", office="tf-heat-east", account_number="2010000001", utility="HEAT",
                     customer_class="GENERAL", tariff_category="非居民供热", unit_price="28.5"),
    ]


def test_good_file_imports_every_customer_with_its_service_point(org, write_csv, run_import):
    result = run_import("customers", write_csv(three_good_rows()))
    assert result.error is None
    assert result.out.strip() == "imported customers from customers.csv: 3 rows, 3 created, 0 updated, 0 unchanged"
    assert Customer.objects.count() == 3
    factory = Customer.objects.get(account_number="1010000002")
    assert factory.enterprise == org["tf-power"] and factory.office == org["tf-power-city"]
    assert factory.contact_phone == "0993-2123456"
    point = factory.service_points.get()
    assert (point.utility, point.voltage_level, point.customer_class) == ("POWER", "HIGH", "IMPORTANT")
    assert point.unit_price == Decimal("0.4230")
    heat = ServicePoint.objects.get(customer__account_number="2010000001")
    assert heat.utility == "HEAT" and heat.unit_price == Decimal("28.5")


def test_bad_rows_import_nothing_and_each_error_has_its_line(org, write_csv, run_import):
    CustomerFactory(office=org["tf-power-dev"], account_number="1020000099")
    rows = [
        customer_row(),                                                                  # line 2: good
        customer_row(account_number="1010000003", contact_phone="12345"),                # line 3
        customer_row(account_number="1010000004", enterprise="tf-nowhere"),              # line 4
        customer_row(account_number="1010000005", office="tf-heat-east"),                # line 5
        customer_row(account_number="1010000006", customer_class="IMPORTANT"),           # line 6
        customer_row(name="另一户"),                                                      # line 7: dup of line 2
        customer_row(account_number="1020000099", office="tf-power-dev"),                # line 8: exists
        customer_row(account_number="1010000008", unit_price="0.51234"),                 # line 9
        customer_row(account_number="1010000009", utility="GAS"),                        # line 10
        customer_row(account_number="1010000010", office="tf-power-marketing"),          # line 11: a department
        customer_row(account_number="1010000011"),                                       # line 12: good
    ]
    result = run_import("customers", write_csv(rows, "bad.csv"))
    assert result.err == [
        'line 3, contact_phone: "12345" is not a phone number',
        'line 4, enterprise: unknown unit code "tf-nowhere"',
        'line 5, office: "tf-heat-east" is not below enterprise "tf-power"',
        "line 6, voltage_level: LOW does not fit customer class IMPORTANT: IMPORTANT customers are "
        "high-voltage (§1.2(2))",
        'line 7, account_number: "1010000001" is already on line 2 of this file',
        'line 8, account_number: "1020000099" already exists in enterprise "tf-power" (use --update to update it)',
        'line 9, unit_price: "0.51234" has more than 4 decimal places',
        'line 10, utility: GAS is not the utility of enterprise "tf-power" (POWER)',
        'line 11, office: "tf-power-marketing" is not a business office',
    ]
    assert str(result.error) == "9 error(s) in bad.csv; nothing imported"
    assert list(Customer.objects.values_list("account_number", flat=True)) == ["1020000099"]
    assert not AuditEvent.objects.filter(action="customers.import").exists()


def test_every_error_of_one_row_is_reported(org, write_csv, run_import):
    rows = [customer_row(contact_phone="1", unit_price="-1", office="tf-unknown", name="")]
    result = run_import("customers", write_csv(rows))
    assert [line.split(":")[0] for line in result.err] == [
        "line 2, office", "line 2, name", "line 2, contact_phone", "line 2, unit_price",
    ]


def test_a_failed_import_exits_with_status_1(org, write_csv, capsys, monkeypatch):
    path = write_csv([customer_row(contact_phone="12345")])
    # run_from_argv closes the connections on exit, which would end the test's transaction.
    monkeypatch.setattr("django.core.management.base.connections.close_all", lambda: None)
    with pytest.raises(SystemExit) as exc:
        ManagementUtility(["utilicase", "import", "customers", str(path)]).execute()
    assert exc.value.code == 1
    err = capsys.readouterr().err
    assert 'line 2, contact_phone: "12345" is not a phone number' in err
    assert "nothing imported" in err
    assert not Customer.objects.exists()


def test_a_utf8_file_with_bom_imports(org, write_csv, run_import):
    result = run_import("customers", write_csv(three_good_rows(), bom=True))
    assert result.error is None
    assert Customer.objects.filter(account_number="1010000001", name="王建华").exists()


def test_a_gbk_file_is_refused_with_its_line(org, write_csv, run_import):
    result = run_import("customers", write_csv(three_good_rows(), encoding="gbk"))
    assert result.err == ['line 2, file: is not UTF-8 text (save the file as "CSV UTF-8")']
    assert not Customer.objects.exists()


def test_missing_columns_are_reported_on_the_header_line(org, tmp_path, run_import):
    path = tmp_path / "short.csv"
    path.write_text("enterprise,office,account_number,name,address,phone\n", encoding="utf-8")
    result = run_import("customers", path)
    assert result.err == [
        "line 1, header: missing column(s): contact_phone, utility, voltage_level, customer_class, "
        "tariff_category, unit_price"
    ]


def test_existing_accounts_are_updated_with_update(org, write_csv, run_import):
    run_import("customers", write_csv(three_good_rows()))
    rows = three_good_rows()
    rows[0].update(contact_phone="13800001111", office="tf-power-dev")
    rows[1].update(tariff_category="一般工商业(高压)", unit_price="0.5870")
    rows.append(customer_row(account_number="1010000077", name="新户"))
    result = run_import("customers", write_csv(rows, "again.csv"), "--update")
    assert result.error is None
    assert result.out.strip() == "imported customers from again.csv: 4 rows, 1 created, 2 updated, 1 unchanged"
    moved = Customer.objects.get(account_number="1010000001")
    assert moved.contact_phone == "13800001111" and moved.office == org["tf-power-dev"]
    point = ServicePoint.objects.get(customer__account_number="1010000002")
    assert point.tariff_category == "一般工商业(高压)" and point.unit_price == Decimal("0.5870")
    assert ServicePoint.objects.count() == 4


def test_update_adds_a_missing_service_point(org, write_csv, run_import):
    CustomerFactory(office=org["tf-power-city"], account_number="1010000001")
    result = run_import("customers", write_csv([customer_row()]), "--update")
    assert result.out.strip().endswith("0 created, 1 updated, 0 unchanged")
    assert ServicePoint.objects.get(customer__account_number="1010000001").customer_class == "RESIDENTIAL"


def test_the_same_account_number_in_two_enterprises_is_two_customers(org, write_csv, run_import):
    rows = [customer_row(), customer_row(enterprise="tf-gas", office="tf-gas-city", utility="GAS",
                                         tariff_category="居民生活用气", unit_price="2.07")]
    assert run_import("customers", write_csv(rows)).error is None
    assert Customer.objects.filter(account_number="1010000001").count() == 2


def test_the_import_is_one_audit_event(org, write_csv, run_import, example_user):
    run_import("customers", write_csv(three_good_rows()), "--actor", "admin")
    events = list(AuditEvent.objects.filter(action="customers.import"))
    assert len(events) == 1
    assert events[0].after == {"file": "customers.csv", "created": 3, "updated": 0, "unchanged": 0}
    assert events[0].actor_id == example_user("admin").pk
    assert events[0].target_type == ""


def test_without_actor_the_import_is_recorded_as_the_system(org, write_csv, run_import):
    run_import("customers", write_csv(three_good_rows()))
    assert AuditEvent.objects.get(action="customers.import").actor_id is None


def test_unknown_actor_is_refused_before_anything(org, write_csv, run_import):
    result = run_import("customers", write_csv(three_good_rows()), "--actor", "nobody")
    assert str(result.error) == "unknown user 'nobody' (--actor)"
    assert not Customer.objects.exists()


def test_missing_file_is_a_command_error(org, tmp_path, run_import):
    result = run_import("customers", tmp_path / "absent.csv")
    assert str(result.error).startswith("cannot read")


def many_rows(count: int) -> list[dict]:
    return [customer_row(account_number=f"10{i:08d}", contact_phone=f"139{i:08d}") for i in range(count)]


def test_large_files_show_progress_on_stderr(org, write_csv, run_import):
    result = run_import("customers", write_csv(many_rows(1500)))
    assert result.error is None
    assert "validated 150/1500 (10%)" in result.err
    assert result.err[-1] == "imported 1500/1500 (100%)"
    assert len([line for line in result.err if line.startswith("validated")]) == 10


def test_small_files_show_no_progress(org, write_csv, run_import):
    assert run_import("customers", write_csv(three_good_rows())).err == []


def test_import_does_not_query_per_row(org, write_csv, run_import, django_assert_max_num_queries):
    path = write_csv(many_rows(3000))
    # SQLite inserts ~140 rows per statement; 3000 rows stay far below one query per row.
    with django_assert_max_num_queries(120):
        assert run_import("customers", path).error is None
    assert Customer.objects.count() == 3000
    with django_assert_max_num_queries(120):
        assert run_import("customers", path, "--update").error is None


def test_service_point_factory_makes_a_customer_of_the_office(org):
    point = ServicePointFactory(customer__office=org["tf-gas-north"], tariff_category="居民生活用气")
    assert point.customer.enterprise == org["tf-gas"] and point.utility == "GAS"


def test_a_nul_character_in_a_cell_is_refused_with_its_line_and_nothing_is_stored(org, write_csv, run_import):
    """PostgreSQL cannot store NUL in text; the row check refuses it before any write."""
    bad = three_good_rows()
    bad[1]["address"] = "石河子市\x00北三路"
    result = run_import("customers", write_csv(bad))
    assert result.err == ["line 3, address: must not contain a NUL character"]
    assert str(result.error) == "1 error(s) in customers.csv; nothing imported"
    assert not Customer.objects.exists()


def test_an_excel_workbook_is_refused_saying_what_it_is(org, tmp_path, run_import):
    path = tmp_path / "customers.xlsx"
    path.write_bytes(b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00[Content_Types].xml")
    result = run_import("customers", path)
    assert result.err == [
        'line 1, file: is an Excel workbook or a ZIP file, not CSV (save the sheet as "CSV UTF-8")'
    ]
    assert not Customer.objects.exists()
