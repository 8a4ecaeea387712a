"""Small helpers that turn data into words for titles and text alternatives, in the kernel's language."""

from __future__ import annotations

import textwrap

import pandas as pd

from lesson_utils import geo, i18n
from lesson_utils.i18n import _


def wrap(text: str, width: int) -> str:
    """Break `text` into `<br>`-separated lines: plotly never wraps labels or hover text itself."""
    return "<br>".join(textwrap.wrap(text, width, break_on_hyphens=False)) or text


def join(items: list[str]) -> str:
    """'a', 'a and b', 'a, b and c' ('none' for nothing), as the kernel's language writes a list.

    English is written here as Babel's en_GB writes it, so an English lesson does not import Babel
    (about 45 ms of its first figure) for one word; the other languages ask Babel (CLDR)."""
    items = list(items)
    if not items:
        return _("none")
    if i18n.current() == i18n.SOURCE:
        return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
    from babel.lists import format_list

    return format_list(items, locale=i18n.current())


def format_date(date: pd.Timestamp) -> str:
    """'27 March 2025': the long form, without a leading zero."""
    return i18n.format_day(date.date())


def translated(frame: pd.DataFrame, table: str) -> pd.DataFrame:
    """`frame` with the texts figures show (`i18n.DATA_FIELDS[table]`) in the kernel's language, and
    each country's name as Unicode CLDR gives it; codes and ids untouched, so selections still work."""
    language = i18n.current()
    if language == i18n.SOURCE:
        return frame
    frame, catalogue = frame.copy(), i18n.translations("data")  # looked up once, not once per cell
    for column in i18n.DATA_FIELDS[table]:
        if column in frame:
            field = f"{table}.{column}"
            frame[column] = [
                catalogue.pgettext(field, text) if isinstance(text, str) else text for text in frame[column]
            ]
    if "name" in frame:  # a country's English name is CLDR's (tested), so CLDR names it in any language
        countries = geo.cldr_names(language, by="name_en")
        frame["name"] = [countries.get(name, name) if isinstance(name, str) else name for name in frame["name"]]
    return frame


def number(value: float, decimals: int = 0) -> str:
    """'1,425,987' / '1 425 987': a number grouped as the kernel's language groups it."""
    if i18n.current() == i18n.SOURCE:
        return f"{value:,.{decimals}f}"
    from babel.numbers import format_decimal

    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=i18n.current())


def measured(value: float) -> str:
    """'5.5', '12', '-7.5' as the table gives it (no trailing zeros), with the language's decimal sign."""
    if i18n.current() == i18n.SOURCE:
        return f"{value:g}"
    from babel.numbers import format_decimal

    return format_decimal(value, format="#,##0.###", locale=i18n.current())


UKRAINIAN_ALPHABET = "абвгґдеєжзиіїйклмнопрстуфхцчшщьюя"


def alphabetical(names: list[str]) -> list[str]:
    """`names` in the order of the kernel's language's alphabet, for lists in text alternatives.

    Python's `sorted` orders code points, which puts Ukrainian І, Ї, Є and Ґ before А and French
    "États-Unis" after "Suède". Full collation needs ICU (PyICU, a compiled library) or pyuca (8 MB,
    unmaintained); for names in two alphabets, letters without their accents in alphabet order are
    enough."""
    import unicodedata

    def key(name: str) -> list[int]:
        return [
            0x400 + UKRAINIAN_ALPHABET.index(c) if c in UKRAINIAN_ALPHABET else ord(unicodedata.normalize("NFD", c)[0])
            for c in unicodedata.normalize("NFC", name.casefold())
        ]

    return sorted(names) if i18n.current() == i18n.SOURCE else sorted(names, key=key)


def labelled(label: str, value: object) -> str:
    """'label: value', spaced as the language spaces a colon (French: 'label : value')."""
    return _("{label}: {value}").format(label=label, value=value)
