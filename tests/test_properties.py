"""Property-based tests (hypothesis) for the figure and period parsers (issue 7: fuzzing)."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from ipgraph.numbers import NumberFormatError, parse_quantity
from ipgraph.periods import check_period, period_bounds

WORDS = ["more than", "over", "nearly", "about", "at least", "up to", "billion", "million", "100 million",
         "10,000", "yuan", "US dollars", "%", "percent", "percentage points", "times", "pieces", "first", "11th",
         ",", ".", " ", "1,13", "2.3.6", "seven", "-", "RMB", "\u00a0", "％", "e5", "NaN", "inf", "Infinity"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(WORDS), st.integers(0, 10**12).map(str),
                          st.decimals(allow_nan=False, allow_infinity=False, places=3).map(str)),
                max_size=6).map(" ".join))
def test_parse_quantity_never_crashes_and_is_finite(text):
    try:
        q = parse_quantity(text)
    except NumberFormatError as exc:
        assert all(r.is_finite() for r in exc.readings)
        return
    assert isinstance(q.value, Decimal) and q.value.is_finite()
    assert q.qualifier in ("exact", "more_than", "at_least", "about", "less_than", "at_most")


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40))
def test_parse_quantity_on_any_text(text):
    try:
        q = parse_quantity(text)
    except NumberFormatError:
        return
    assert q.value.is_finite()


@settings(max_examples=300, deadline=None)
@given(st.integers(1, 9999), st.integers(1, 12), st.integers(1, 31))
def test_periods_are_checked_not_crashing(year, month, day):
    text = f"{year:04d}-{month:02d}-{day:02d}"
    err = check_period(text)
    if err is None:
        begin, end = period_bounds(text)
        assert begin == end
    assert check_period(f"{year:04d}") is None
    assert check_period(f"{year:04d}-{month:02d}") is None


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=25))
def test_check_period_on_any_text(text):
    assert check_period(text) is None or isinstance(check_period(text), str)


@given(st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False))
def test_published_digits_roundtrip(value):
    """A number written with thousands separators reads back as itself."""
    text = f"{value:,.2f}"
    assert parse_quantity(text).value == value
