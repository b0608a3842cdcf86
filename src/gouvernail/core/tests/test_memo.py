"""`core.memo.remembered`: a value computed once, within a bound, failures computed again."""

import pytest

from gouvernail.core.memo import remembered


class Counter:
    def __init__(self, result=None, error=None):
        self.calls, self.result, self.error = 0, result, error

    def __call__(self):
        self.calls += 1
        if self.error:
            raise self.error
        return self.result


def test_a_value_is_computed_once():
    memo, compute = {}, Counter("PC portable")

    assert [remembered(memo, "port.", compute, limit=10) for _ in range(3)] == ["PC portable"] * 3
    assert compute.calls == 1


def test_values_equal_but_of_another_class_are_kept_apart():
    memo = {}
    remembered(memo, 1, Counter("un"), limit=10)

    assert remembered(memo, True, Counter("oui"), limit=10) == "oui"
    assert remembered(memo, 1.0, Counter("un virgule zéro"), limit=10) == "un virgule zéro"


def test_past_the_limit_values_are_computed_each_time():
    memo, compute = {}, Counter("x")
    remembered(memo, "a", Counter("a"), limit=1)

    remembered(memo, "b", compute, limit=1)
    remembered(memo, "b", compute, limit=1)

    assert compute.calls == 2 and list(memo) == [(str, "a")]


def test_a_failure_is_not_kept_and_an_unhashable_value_is_computed_each_time():
    memo, failing, listed = {}, Counter(error=ValueError("Frigo")), Counter("liste")

    for _ in range(2):
        with pytest.raises(ValueError):
            remembered(memo, "Frigo", failing, limit=10)
        remembered(memo, ["a"], listed, limit=10)

    assert (failing.calls, listed.calls, memo) == (2, 2, {})
