"""Sequential numbers that never repeat (rule 5), unlike MAX(number) + 1.

`next_number` increments one counter row with an UPDATE inside the caller's transaction.
On PostgreSQL the UPDATE takes the row lock, so concurrent callers queue behind it and
each reads its own value; on SQLite the write transaction (BEGIN IMMEDIATE) serializes
them. A number taken by a transaction that rolls back is not reused by others while it
runs, and is given again only if that transaction never commits.
"""

from django.db import IntegrityError, transaction
from django.db.models import F

from .models import Counter

__all__ = ["next_number", "peek"]


def next_number(scope: str, series: str, period: str) -> int:
    with transaction.atomic():
        updated = Counter.objects.filter(scope=scope, series=series, period=period).update(
            value=F("value") + 1
        )
        if not updated:
            _create_row(scope, series, period)
            Counter.objects.filter(scope=scope, series=series, period=period).update(
                value=F("value") + 1
            )
        return Counter.objects.get(scope=scope, series=series, period=period).value


def _create_row(scope, series, period):
    try:
        with transaction.atomic():
            Counter.objects.create(scope=scope, series=series, period=period, value=0)
    except IntegrityError:
        # Another caller created it first; their row serves us too.
        pass


def peek(scope: str, series: str, period: str) -> int:
    row = Counter.objects.filter(scope=scope, series=series, period=period).first()
    return row.value if row else 0
