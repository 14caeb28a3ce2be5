"""The next number of a sequence, with no gaps and no duplicates under concurrency.

The counter row is locked for the rest of the caller's transaction, so a second issuer waits
until the first commits or rolls back; a rolled-back number is given again, never skipped."""

from django.db import IntegrityError, connection, transaction

from utilicase.numbering.models import Sequence


def last_number(*, key: str, year: int) -> int:
    """The last number given in a series (0 before the first); a read, without a lock."""
    return Sequence.objects.filter(key=key, year=year).values_list("last", flat=True).first() or 0


def next_number(*, key: str, year: int) -> int:
    """Must run inside the transaction that stores the numbered record."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_number must be called inside transaction.atomic()")
    number = _increment(key, year)  # one statement: the row lock and the new number
    if number is None:
        try:
            with transaction.atomic():  # savepoint: another issuer may create the row first
                Sequence.objects.create(key=key, year=year, last=0)
        except IntegrityError:
            pass
        number = _increment(key, year)
    return number


def _increment(key: str, year: int) -> int | None:
    table = connection.ops.quote_name(Sequence._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f'UPDATE {table} SET "last" = "last" + 1 WHERE "key" = %s AND "year" = %s RETURNING "last"',
                       [key, year])
        row = cursor.fetchone()
    return None if row is None else row[0]
