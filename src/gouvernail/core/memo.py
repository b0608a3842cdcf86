"""A bounded memo for values computed from a cell or a field's value, many times per import."""

from collections.abc import Callable
from typing import TypeVar

__all__ = ("remembered",)

T = TypeVar("T")


def remembered(memo: dict, value, compute: Callable[..., T], *args, limit: int) -> T:
    """`compute(*args)` for `value`, kept in `memo` while it holds fewer than `limit` entries
    (arguments rather than a closure: the call is made for every cell of every row): a file
    repeats its types, sites and dates on thousands of rows, and a column of distinct values (a
    name, a serial) stops being kept. The key holds the value's class (1, 1.0 and True stay
    apart); an unhashable value is computed each time; an exception is not kept (raised again
    for the next row that gives the value)."""
    try:
        return memo[value.__class__, value]
    except KeyError:
        pass
    except TypeError:
        return compute(*args)
    found = compute(*args)
    if len(memo) < limit:
        memo[value.__class__, value] = found
    return found
