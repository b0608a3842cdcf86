"""The small-group suppression rule: no hidden value can be derived from what is shown."""

from hypothesis import given
from hypothesis import strategies as st

from gouvernail.core.privacy import suppress

sizes_strategy = st.lists(st.one_of(st.integers(0, 40), st.none()), max_size=12)
thresholds = st.integers(1, 12)


def shown(values, suppression, total):
    """What a reader sees: the values of the groups shown, and the total unless it is hidden."""
    visible = tuple(None if index in suppression.hidden else value for index, value in enumerate(values))
    return visible, None if suppression.total_hidden else total


@given(sizes_strategy, thresholds)
def test_every_group_under_the_threshold_is_hidden(sizes, k):
    result = suppress(sizes, threshold=k)

    assert {i for i, size in enumerate(sizes) if size is not None and 0 < size < k} <= result.hidden


@given(sizes_strategy, thresholds)
def test_the_hidden_set_is_empty_or_two_groups_of_k_people_or_the_total_is_hidden(sizes, k):
    result = suppress(sizes, threshold=k)

    people = sum(k if sizes[i] is None else sizes[i] for i in result.hidden)
    assert not result.hidden or (len(result.hidden) >= 2 and people >= k) or result.total_hidden


@given(sizes_strategy, thresholds)
def test_each_hidden_group_is_small_or_was_the_smallest_complement(sizes, k):
    result = suppress(sizes, threshold=k)

    primary = {i for i in result.hidden if sizes[i] is not None and 0 < sizes[i] < k}
    complements = result.hidden - primary
    still_shown = [sizes[i] for i in range(len(sizes)) if i not in result.hidden and sizes[i] != 0]
    for index in complements:
        assert sizes[index] != 0  # a group of no one protects no one
        # No smaller group was left shown in its place (unknown sizes come last).
        assert all(size is None or (sizes[index] is not None and sizes[index] <= size) for size in still_shown)
    if complements:
        # Minimal: without the last complement, the rule would not hold yet.
        last = max(complements, key=lambda i: (sizes[i] is None, sizes[i] or 0, i))
        fewer = result.hidden - {last}
        people = sum(k if sizes[i] is None else sizes[i] for i in fewer)
        assert len(fewer) < 2 or people < k
    if result.total_hidden:
        assert not still_shown or result.hidden  # the total goes only when nothing else is left to hide


@given(sizes_strategy, thresholds, st.data())
def test_no_hidden_value_can_be_derived_from_the_shown_values_and_the_total(sizes, k, data):
    """For each hidden group, another set of values shows exactly the same page while giving that
    group a different value: the page cannot tell which one is true."""
    values = data.draw(st.lists(st.integers(-1000, 1000), min_size=len(sizes), max_size=len(sizes)))
    result = suppress(sizes, threshold=k)
    page = shown(values, result, sum(values))

    for index in result.hidden:
        other = next((j for j in result.hidden if j != index), None)
        if other is None:
            assert result.total_hidden
            alternative = list(values)
            alternative[index] += 1
        else:
            alternative = list(values)
            alternative[index] += 1
            alternative[other] -= 1
        assert shown(alternative, result, sum(alternative)) == page
        assert alternative[index] != values[index]


def test_one_small_service_hides_the_next_smallest_with_it():
    result = suppress([12, 3, 8, 30], threshold=5)

    assert result.hidden == {1, 2}
    assert not result.total_hidden


def test_several_tiny_services_hide_shown_ones_until_they_count_k_people():
    result = suppress([1, 1, 20, 6], threshold=5)

    assert result.hidden == {0, 1, 3}


def test_a_single_small_group_hides_the_total_when_nothing_else_can_be_hidden():
    assert suppress([3], threshold=5).total_hidden
    assert suppress([2, 2], threshold=5).total_hidden  # four people in all: under k
    assert not suppress([2, 3], threshold=5).total_hidden


def test_an_empty_group_is_neither_hidden_nor_a_complement():
    result = suppress([0, 3, 9], threshold=5)

    assert result.hidden == {1, 2}


def test_a_group_of_unknown_size_is_hidden_only_as_a_complement():
    assert suppress([None, 30], threshold=5).hidden == frozenset()
    assert suppress([None, 3], threshold=5).hidden == {0, 1}
