"""The ids a full GestSup read saw, kept one bit each (gestsup.sync.SeenIds)."""

from hypothesis import given
from hypothesis import strategies as st

from gouvernail.connectors.gestsup.sync import SeenIds


@given(
    st.lists(st.integers(min_value=-50, max_value=5000), max_size=300),
    st.lists(st.integers(min_value=-(10**12), max_value=10**12), max_size=5),
)
def test_it_answers_exactly_like_the_set_of_ids_added_in_any_order(ids, strays):
    seen = SeenIds()
    for number in ids + strays:
        seen.add(number)

    for number in range(-60, 5010):
        assert (number in seen) == (number in ids or number in strays)
    assert all(number in seen for number in strays)


def test_it_holds_a_dense_run_of_ids_in_a_bit_each():
    seen = SeenIds()
    for number in range(1, 200_001):
        if number % 97:  # deleted tickets leave gaps
            seen.add(number)

    assert 1 in seen and 200_000 in seen and 97 not in seen and 200_001 not in seen
    assert len(seen._bits) < 40_000


def test_a_stray_huge_id_does_not_allocate_a_huge_bitmap():
    seen = SeenIds()
    for number in range(1, 1000):
        seen.add(number)
    seen.add(10**15)

    assert 10**15 in seen and 999 in seen and 1000 not in seen
    assert len(seen._bits) < 10_000
