"""The bar charts' axes: from zero, whole ticks for whole numbers."""

import pytest

from gouvernail.metrics.charts import Bar, _figure


def value_axis(bars: list[float], *, horizontal: bool):
    bars = [Bar(f"T{i}", value) for i, value in enumerate(bars)]
    figure = _figure(bars, horizontal=horizontal, unit="", compare=None)
    axes = figure.axes[0]
    return (axes.get_xlim(), axes.xaxis) if horizontal else (axes.get_ylim(), axes.yaxis)


@pytest.mark.parametrize("horizontal", [False, True])
def test_quarters_without_any_request_yet_start_the_axis_at_zero(horizontal):
    (low, high), _axis = value_axis([0.0] * 8, horizontal=horizontal)

    assert (low, high) == (0, 1)


def test_a_chart_with_requests_keeps_its_axis_from_zero_to_above_the_tallest_bar():
    (low, high), _axis = value_axis([0.0, 0.0, 120.0, 130.0], horizontal=False)

    assert low == 0 and high >= 130


def test_a_few_requests_get_whole_ticks_and_rates_keep_decimal_ones():
    (_low, _high), counts = value_axis([0.0, 1.0, 2.0], horizontal=False)
    (_low, _high), rates = value_axis([0.5, 1.25], horizontal=False)

    assert all(tick.is_integer() for tick in counts.get_ticklocs())
    assert not all(tick.is_integer() for tick in rates.get_ticklocs())
