"""Read publication dates, machine-written (ISO 8601) or as pages print them.

`normalize_date` accepts ISO 8601 and near-ISO values ("2023-10-27 09:40:56
+02:00"). `parse_printed_date` reads the dates news sites show: "23.10.2018",
"12.10.2015, 19:16 Uhr", "12. September 2013", "May 30, 2019", "3 mars 2024",
"14 de enero de 2021", "15/12/2025" (a slashed date only when one number cannot
be a month). Both return ISO 8601 text or None.
"""

from __future__ import annotations

import re
from datetime import date, datetime

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            "january januar janvier enero gennaio januari jan jänner stycznia styczeń",
            "february februar février febrero febbraio februari feb lutego luty",
            "march märz mars marzo maart mar marca marzec",
            "april avril abril aprile apr kwietnia kwiecień",
            "may mai mayo maggio mei maja maj",
            "june juni juin junio giugno jun czerwca czerwiec",
            "july juli juillet julio luglio jul lipca lipiec",
            "august août agosto augustus aug sierpnia sierpień",
            "september septembre septiembre settembre sep sept września wrzesień",
            "october oktober octobre octubre ottobre okt oct października październik",
            "november novembre noviembre nov listopada listopad",
            "december dezember décembre diciembre dicembre dec dez grudnia grudzień",
        ],
        start=1,
    )
    for name in names.split()
}

_NUMERIC = re.compile(
    r"\b(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4})\b"  # 23.10.2018
    r"|\b(\d{4})/(\d{1,2})/(\d{1,2})\b"  # 2019/05/30
)
# 15/12/2025 or 10/31/2024: read only when one number cannot be a month.
_SLASHED = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b")
_DAY_MONTH_YEAR = re.compile(
    r"\b(\d{1,2})(?:st|nd|rd|th)?\.?\s+(?:de\s+|of\s+)?([^\W\d_]{3,})\.?,?\s+(?:de\s+)?(\d{4})\b"
)
_MONTH_DAY_YEAR = re.compile(r"\b([^\W\d_]{3,})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b")
_TIME = re.compile(r"\b(\d{1,2})[:h](\d{2})\b\s*([ap]\.?m\b)?", re.IGNORECASE)


def normalize_date(value: str | None) -> str | None:
    """*value* as ISO 8601 if it is an ISO-like date or date-time, else None."""
    if not value:
        return None
    value = value.strip()
    match = _ISO_DATE.search(value)
    if not match:
        return None
    if value == match.group(0):  # a day, not midnight of it
        try:
            return date.fromisoformat(value).isoformat()
        except ValueError:
            return None
    candidate = value.replace("Z", "+00:00").replace(" ", "T", 1)
    try:
        return datetime.fromisoformat(candidate).isoformat()
    except ValueError:
        pass
    try:
        return date.fromisoformat(match.group(0)).isoformat()
    except ValueError:
        return None


def parse_printed_date(text: str) -> str | None:
    """The date (and time, if given) printed in *text*, as ISO 8601, or None."""
    found = split_printed_date(text)
    return found[0] if found else None


def split_printed_date(text: str) -> tuple[str, str] | None:
    """The date printed in *text* (as `parse_printed_date` reads it) and the words
    around it, date and time removed: ("2024-03-03", "Published on"), or None."""
    if len(text) > 80:
        return None
    iso = _ISO_DATE.search(text)
    if iso:
        normalized = normalize_date(text[iso.start() :])
        after = text[iso.end() :].lstrip("T0123456789:.+-Z ")
        return (normalized, f"{text[: iso.start()]} {after}") if normalized else None
    found = _find_date(text)
    if found is None:
        return None
    day, rest = found
    clock = _TIME.search(rest)
    if clock:
        rest = rest[: clock.start()] + " " + rest[clock.end() :]
    return _at(day, clock), rest


def _at(day: date, clock: re.Match[str] | None) -> str:
    """*day* as ISO 8601, at the time *clock* matched (if any)."""
    if not clock:
        return day.isoformat()
    hour, minute = int(clock.group(1)), int(clock.group(2))
    meridiem = (clock.group(3) or "").lower().replace(".", "")
    if meridiem == "pm" and hour < 12:
        hour += 12
    elif meridiem == "am" and hour == 12:
        hour = 0
    if hour > 23 or minute > 59:
        return day.isoformat()
    return datetime(day.year, day.month, day.day, hour, minute).isoformat()


def _find_date(text: str) -> tuple[date, str] | None:
    """The date in *text* and the text without it (where a time may follow)."""
    lowered = text.casefold()
    numeric = _NUMERIC.search(lowered)
    if numeric:
        if numeric.group(1):
            parts = (numeric.group(3), numeric.group(2), numeric.group(1))
        else:
            parts = (numeric.group(4), numeric.group(5), numeric.group(6))
        return _with_rest(_make(*parts), lowered, numeric)
    slashed = _SLASHED.search(lowered)
    if slashed:
        first, second, year = slashed.groups()
        if int(first) > 12 >= int(second):
            return _with_rest(_make(year, second, first), lowered, slashed)
        if int(second) > 12 >= int(first):
            return _with_rest(_make(year, first, second), lowered, slashed)
    named = _DAY_MONTH_YEAR.search(lowered)
    if named and named.group(2) in _MONTHS:
        day = _make(named.group(3), str(_MONTHS[named.group(2)]), named.group(1))
        return _with_rest(day, lowered, named)
    named = _MONTH_DAY_YEAR.search(lowered)
    if named and named.group(1) in _MONTHS:
        day = _make(named.group(3), str(_MONTHS[named.group(1)]), named.group(2))
        return _with_rest(day, lowered, named)
    return None


def _with_rest(day: date | None, text: str, match: re.Match[str]) -> tuple[date, str] | None:
    return (day, text[: match.start()] + " " + text[match.end() :]) if day else None


def _make(year: str, month: str, day: str) -> date | None:
    try:
        value = date(int(year), int(month), int(day))
    except ValueError:
        return None
    return value if 1990 <= value.year <= 2100 else None
