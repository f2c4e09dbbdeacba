import threading

import pytest
from django.db import connection, connections, transaction

from balai.core.counters import next_number, peek


def test_numbers_start_at_one_and_increase_per_scope_series_and_period(db):
    assert [next_number("kantor-1", "A", "2026-03-16") for _ in range(3)] == [1, 2, 3]
    assert next_number("kantor-1", "B", "2026-03-16") == 1
    assert next_number("kantor-1", "A", "2026-03-17") == 1
    assert next_number("kantor-2", "A", "2026-03-16") == 1
    assert peek("kantor-1", "A", "2026-03-16") == 3


def test_a_rolled_back_number_is_given_again(db):
    assert next_number("k", "A", "p") == 1
    with pytest.raises(RuntimeError), transaction.atomic():
        assert next_number("k", "A", "p") == 2
        raise RuntimeError("batal")
    assert next_number("k", "A", "p") == 2


@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_callers_get_fifty_distinct_consecutive_numbers():
    if connection.vendor != "postgresql":
        pytest.skip("real concurrency needs PostgreSQL; SQLite serializes writers anyway")
    barrier = threading.Barrier(50)
    numbers, errors = [], []

    def take():
        try:
            barrier.wait()
            numbers.append(next_number("kantor-1", "A", "2026-03-16"))
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=take) for _ in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(numbers) == list(range(1, 51))
