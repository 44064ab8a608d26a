"""Remembering figures per data version, per process.

The data version changes with every committed write to the tables the figures read
(database triggers, see `DataVersion`), so a remembered value is never stale. Where there
is no data version (SQLite, the demo) nothing is remembered.
"""

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import connection

from evaluations.models import DataVersion

MEMO_SIZE = 120
_memo: OrderedDict[tuple, object] = OrderedDict()
_lock = threading.Lock()

# Inside a read-only request the version is asked once (see `one_version`).
_request_version: ContextVar[dict | None] = ContextVar("lapor_request_data_version", default=None)


def data_version() -> int | None:
    """One query: the current data version; None where figures are not remembered (SQLite)."""
    if connection.vendor != "postgresql":
        return None
    memo = _request_version.get()
    if memo is not None and "version" in memo:
        return memo["version"]
    version = DataVersion.objects.values_list("version", flat=True).first()
    if memo is not None:
        memo["version"] = version
    return version


@contextmanager
def one_version() -> Iterator[None]:
    """Read the data version at most once inside the block: for requests that write nothing
    (GET, HEAD), so the scorecards and the page cache of one page agree on one version."""
    token = _request_version.set({})
    try:
        yield
    finally:
        _request_version.reset(token)


def clear() -> None:
    with _lock:
        _memo.clear()


def versioned(key: tuple, compute: Callable[[], object]):
    """`compute()`, remembered per data version (computed every time where there is none)."""
    version = data_version()
    if version is None:
        return compute()
    found = recall([(*key, version)])
    if found:
        return found[0]
    value = compute()
    remember({(*key, version): value})
    return value


def recall(keys: list[tuple]) -> list:
    """The remembered values of those of `keys` that are remembered, in order."""
    with _lock:
        return [_memo[key] for key in keys if key in _memo]


def lookup(keys: list[tuple]) -> dict[tuple, object]:
    with _lock:
        return {key: _memo[key] for key in keys if key in _memo}


def remember(values: dict[tuple, object]) -> None:
    with _lock:
        _memo.update(values)
        while len(_memo) > 4 * MEMO_SIZE:
            _memo.popitem(last=False)
