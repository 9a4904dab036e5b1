from decimal import Decimal

import pytest

from ipgraph.numbers import NumberFormatError, parse_number, parse_ordinal, parse_quantity


@pytest.mark.parametrize(
    ("text", "value", "unit", "multiplier", "qualifier"),
    [
        ("410,664", "410664", None, 0, "exact"),
        ("146.80", "146.8", None, 0, "exact"),
        ("9.918 billion yuan", "9918000000", "CNY", 9, "exact"),
        ("1.4 million", "1400000", None, 6, "exact"),
        ("574,000", "574000", None, 0, "exact"),
        ("over 10 billion", "10000000000", None, 9, "more_than"),
        ("26.34%", "26.34", "percent", 0, "exact"),
        ("20.2 percent", "20.2", "percent", 0, "exact"),
        ("17.38 percentage points", "17.38", "percentage_points", 0, "exact"),
        ("more than 2.5 times", "2.5", "times", 0, "more_than"),
        ("exceeded 20,000 pieces", "20000", "count", 0, "more_than"),
        ("seven", "7", None, 0, "exact"),
        ("nearly 300", "300", None, 0, "about"),
        ("at least 5", "5", None, 0, "at_least"),
        ("up to 12%", "12", "percent", 0, "at_most"),
        ("99.18 100 million yuan", "9918000000", "CNY", 8, "exact"),
        ("5,600 10,000 yuan", "56000000", "CNY", 4, "exact"),
        ("RMB 3 billion", "3000000000", "CNY", 9, "exact"),
        ("2.1 billion US dollars", "2100000000", "USD", 9, "exact"),
    ],
)
def test_parse_quantity(text, value, unit, multiplier, qualifier):
    q = parse_quantity(text)
    assert q.value == Decimal(value)
    assert q.unit == unit
    assert q.multiplier == multiplier
    assert q.qualifier == qualifier


@pytest.mark.parametrize(("text", "rank"), [("first", 1), ("11th", 11), ("third", 3), ("top", 1), ("No. 4", 4),
                                            ("4th", 4), ("twentieth", 20)])
def test_ordinals(text, rank):
    assert parse_ordinal(text) == rank
    assert parse_quantity(text).value == rank
    assert parse_quantity(text).unit == "rank"


def test_garbled_decimal_comma_has_two_readings():
    with pytest.raises(NumberFormatError) as exc:
        parse_quantity("1,13%")
    assert exc.value.readings == [Decimal("1.13"), Decimal("113")]


@pytest.mark.parametrize("text", ["", "abc", "%", "1,2,3,4"])
def test_not_numbers(text):
    with pytest.raises(NumberFormatError):
        parse_quantity(text)


def test_written_numbers():
    assert parse_number("twenty-one") == 21
    assert parse_number("seven") == 7
