import threading

import pytest
from django.db import connection, transaction

from utilicase.numbering.models import Sequence
from utilicase.numbering.services import next_number


@pytest.mark.django_db
def test_numbers_count_up_per_key_and_year():
    with transaction.atomic():
        assert [next_number(key="complaint", year=2026) for _ in range(3)] == [1, 2, 3]
        assert next_number(key="complaint", year=2027) == 1
        assert next_number(key="report", year=2026) == 1


@pytest.mark.django_db
def test_a_rolled_back_number_is_given_again():
    with transaction.atomic():
        next_number(key="complaint", year=2026)
    with pytest.raises(ValueError), transaction.atomic():
        next_number(key="complaint", year=2026)
        raise ValueError("the record that would have carried number 2 fails to save")
    with transaction.atomic():
        assert next_number(key="complaint", year=2026) == 2


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_is_refused():
    with pytest.raises(RuntimeError):
        next_number(key="complaint", year=2026)
    assert not Sequence.objects.exists()


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="concurrent connections need a server database")
@pytest.mark.django_db(transaction=True)
def test_concurrent_issuers_get_no_gaps_and_no_duplicates():
    issued: list[int] = []
    lock = threading.Lock()
    barrier = threading.Barrier(8)

    def issuer():
        try:
            barrier.wait()
            for _ in range(15):
                with transaction.atomic():
                    n = next_number(key="doc:result_notice:tf-power", year=2026)
                with lock:
                    issued.append(n)
        finally:
            connection.close()

    threads = [threading.Thread(target=issuer) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(issued) == list(range(1, 121))
