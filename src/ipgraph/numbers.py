"""Reading published figures: "9.918 billion yuan", "more than 2.5 times", "26.34%", "first", "11th".

One parser serves both the curated loader (which re-parses each `published` span to check the stored value) and
the text extractor, so the two can never disagree about what a span means.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Context, Decimal, InvalidOperation, localcontext

__all__ = [
    "Quantity", "NumberFormatError", "parse_quantity", "parse_number", "parse_ordinal", "normalise_decimal",
    "QUALIFIER_PATTERNS", "WORD_NUMBERS", "ORDINAL_WORDS",
]


class NumberFormatError(ValueError):
    """A span that looks like a figure but has no single reading (e.g. "1,13%")."""

    def __init__(self, message: str, text: str, readings: list[Decimal] | None = None):
        super().__init__(message)
        self.text = text
        self.readings = readings or []


@dataclass(frozen=True)
class Quantity:
    value: Decimal
    unit: str | None = None  # count, percent, percentage_points, times, CNY, USD, EUR, rank, per_10k_people
    multiplier: int = 0  # power of ten of the published magnitude word (9 for "billion", 8 for "100 million")
    qualifier: str = "exact"
    text: str = ""
    notes: tuple[str, ...] = field(default=())


WORD_NUMBERS: dict[str, int] = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "a hundred": 100, "hundred": 100,
    "a dozen": 12, "dozens": 24, "hundreds": 200, "thousands": 2000, "single": 1, "double": 2, "triple": 3,
}
ORDINAL_WORDS: dict[str, int] = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14,
    "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19, "twentieth": 20,
    "top": 1, "no. 1": 1, "number one": 1, "the top": 1, "champion": 1, "leading": 1,
}

# hedge words -> qualifier; longest first so "more than" wins over "more"
QUALIFIER_PATTERNS: list[tuple[str, str]] = sorted(
    [
        ("more than", "more_than"), ("over", "more_than"), ("exceeded", "more_than"), ("exceeding", "more_than"),
        ("exceeds", "more_than"), ("exceed", "more_than"), ("above", "more_than"), ("in excess of", "more_than"),
        ("upwards of", "more_than"), ("surpassed", "more_than"), ("surpassing", "more_than"),
        ("broke through", "more_than"), ("beyond", "more_than"),
        ("nearly", "about"), ("about", "about"), ("around", "about"), ("approximately", "about"),
        ("some", "about"), ("roughly", "about"), ("almost", "about"), ("close to", "about"), ("approx.", "about"),
        ("at least", "at_least"), ("no less than", "at_least"), ("not less than", "at_least"),
        ("up to", "at_most"), ("at most", "at_most"), ("no more than", "at_most"), ("not more than", "at_most"),
        ("less than", "less_than"), ("fewer than", "less_than"), ("under", "less_than"), ("below", "less_than"),
    ],
    key=lambda p: -len(p[0]),
)

_MAGNITUDES: list[tuple[str, int]] = [
    # Chinese magnitudes rendered in English first (longest match wins)
    (r"hundred million", 8), (r"100 million", 8), (r"100million", 8), (r"yi", 8),
    (r"ten thousand", 4), (r"10,000", 4), (r"10 thousand", 4), (r"wan", 4),
    (r"trillion", 12), (r"billion", 9), (r"bn", 9), (r"million", 6), (r"mn", 6), (r"thousand", 3),
]
_CURRENCIES: list[tuple[str, str]] = [
    (r"yuan", "CNY"), (r"rmb", "CNY"), (r"cny", "CNY"), (r"renminbi", "CNY"),
    (r"us dollars", "USD"), (r"u\.s\. dollars", "USD"), (r"dollars", "USD"), (r"usd", "USD"), (r"us\$", "USD"),
    (r"euros", "EUR"), (r"euro", "EUR"), (r"eur", "EUR"),
]

_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?(?!\d)|\d+(?:,\d+)+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+"
_NUM_RE = re.compile(_NUM)
_ORDINAL_DIGITS_RE = re.compile(r"^(?:no\.\s*|number\s+)?(\d+)(?:st|nd|rd|th)?$", re.I)


_CONTEXT = Context(prec=60, Emax=999, Emin=-999)
MAX_DIGITS = 40  # larger figures are not statistics of this domain (and would overflow xsd:decimal readers)


def normalise_decimal(value: Decimal) -> Decimal:
    """Canonical decimal: no exponent, no trailing zeros beyond the integer part (146.80 -> 146.8)."""
    with localcontext(_CONTEXT):
        if value.adjusted() >= MAX_DIGITS:
            raise NumberFormatError(f"{value} has more than {MAX_DIGITS} digits", str(value))
        if value == value.to_integral_value():
            return value.quantize(Decimal(1))
        return value.normalize()


def parse_number(text: str) -> Decimal:
    """A bare number: digits with thousands separators, or a written-out number ("seven", "twenty-one").

    Raises NumberFormatError for a comma that is not a thousands separator ("1,13").
    """
    t = text.strip().lower().replace("\u00a0", " ").replace("，", ",")
    if not t:
        raise NumberFormatError("empty number", text)
    if re.fullmatch(r"\d+(?:,\d+)+(?:\.\d+)?", t):
        groups = t.split(".")[0].split(",")
        if not all(len(g) == 3 for g in groups[1:]) or len(groups[0]) > 3:
            readings = _comma_readings(t)
            raise NumberFormatError(f"comma in {text!r} is not a thousands separator", text, readings)
        t = t.replace(",", "")
    if re.fullmatch(r"\d+(?:\.\d+)?|\.\d+", t):
        try:
            return Decimal(t)
        except InvalidOperation as exc:  # pragma: no cover - the regex admits only valid decimals
            raise NumberFormatError(f"not a number: {text!r}", text) from exc
    t = t.replace("-", " ")
    if t in WORD_NUMBERS:
        return Decimal(WORD_NUMBERS[t])
    parts = t.split()
    if len(parts) == 2 and parts[0] in WORD_NUMBERS and parts[1] in WORD_NUMBERS:
        tens, units = WORD_NUMBERS[parts[0]], WORD_NUMBERS[parts[1]]
        if tens >= 20 and tens % 10 == 0 and units < 10:
            return Decimal(tens + units)
    raise NumberFormatError(f"not a number: {text!r}", text)


def _comma_readings(t: str) -> list[Decimal]:
    """Possible readings of a misplaced comma: a decimal comma, or a dropped thousands group."""
    readings = []
    if t.count(",") == 1 and "." not in t:
        readings.append(Decimal(t.replace(",", ".")))
    readings.append(Decimal(t.replace(",", "")))
    return sorted(set(readings))


def parse_ordinal(text: str) -> int | None:
    """'first' -> 1, '11th' -> 11, 'No. 3' -> 3, 'top' -> 1; None when the span is no ordinal."""
    t = re.sub(r"\s+", " ", text.strip().lower())
    t = re.sub(r"^(?:the|ranked|ranking|ranks|rank|in)\s+", "", t)
    if t in ORDINAL_WORDS:
        return ORDINAL_WORDS[t]
    m = _ORDINAL_DIGITS_RE.match(t)
    if m:
        return int(m.group(1))
    return None


def _strip_qualifier(t: str) -> tuple[str, str]:
    for phrase, qualifier in QUALIFIER_PATTERNS:
        if t.startswith(phrase + " ") or t == phrase:
            return qualifier, t[len(phrase):].strip()
    return "exact", t


def parse_quantity(text: str) -> Quantity:
    """Parse a published figure span into a normalised quantity.

    Accepts an optional hedge ("more than", "over", "nearly" ...), a number (digits or words), an optional
    magnitude ("billion", "100 million", "10,000" before a currency), a unit word (%, percent, percentage
    points, times, yuan/RMB/CNY/US dollars, pieces/items ...), or an ordinal ("first", "11th", "top").
    """
    original = text
    t = re.sub(r"\s+", " ", text.strip().lower().replace("\u00a0", " ").replace("％", "%"))
    t = t.strip(" .,;:()")
    if not t:
        raise NumberFormatError("empty figure", original)
    qualifier, t = _strip_qualifier(t)
    t = re.sub(r"^(?:a total of|totaled|totalled|reached|amounted to|of|to|by)\s+", "", t)
    if qualifier == "exact":
        qualifier, t = _strip_qualifier(t)

    ordinal = parse_ordinal(t)
    if ordinal is not None and not re.fullmatch(r"\d+", t):
        return Quantity(Decimal(ordinal), "rank", 0, qualifier, original)

    currency_before = None
    m = re.match(r"^(rmb|cny|us\$|\$|usd|€|eur)\s*", t)
    if m:
        currency_before = {"rmb": "CNY", "cny": "CNY", "us$": "USD", "$": "USD", "usd": "USD", "€": "EUR",
                           "eur": "EUR"}[m.group(1)]
        t = t[m.end():]

    m = _NUM_RE.match(t)
    if m:
        number = parse_number(m.group(0))
        rest = t[m.end():].strip()
        if re.match(r"^[.,]\d", t[m.end():]):
            raise NumberFormatError(f"malformed number in {original!r}", original)
    else:
        m = re.match(r"^([a-z]+(?:[- ][a-z]+)?)\b", t)
        word = None
        if m:
            for candidate in (m.group(1), m.group(1).split()[0].split("-")[0]):
                try:
                    number = parse_number(candidate)
                    word = candidate
                    break
                except NumberFormatError:
                    continue
        if word is None:
            raise NumberFormatError(f"no number in {original!r}", original)
        rest = t[len(word):].strip()

    multiplier = 0
    for pattern, power in _MAGNITUDES:
        mm = re.match(rf"^{pattern}\b", rest)
        if mm:
            # "10,000 yuan" after a number is a Chinese magnitude (万); "10,000" alone is a number handled above
            multiplier = power
            rest = rest[mm.end():].strip()
            break
    with localcontext(_CONTEXT):
        value = number * (Decimal(10) ** multiplier) if multiplier else number

    unit = currency_before
    rest = rest.strip(" .,;:")
    if rest.startswith("%") or rest.startswith("percent") or rest.startswith("per cent"):
        if re.match(r"^(percent|per cent)age points?\b", rest):
            unit = "percentage_points"
        else:
            unit = "percent"
    elif re.match(r"^(percentage points?|pp\b|points?\b)", rest):
        unit = "percentage_points"
    elif re.match(r"^(times|fold|-fold)\b", rest):
        unit = "times"
    else:
        for pattern, code in _CURRENCIES:
            if re.match(rf"^{pattern}\b", rest) or rest.startswith(pattern):
                unit = code
                break
        else:
            if re.match(r"^(pieces?|items?|cases?|units?|projects?|patents?|applications?|enterprises?|"
                        r"companies|products?|deals?|transactions?|registrations?|trademarks?)\b", rest):
                unit = "count"
    if re.match(r"^\d+(st|nd|rd|th)$", t):
        unit = "rank"
    if unit is None and rest == "" and currency_before is None:
        unit = None
    return Quantity(normalise_decimal(value), unit, multiplier, qualifier, original)
