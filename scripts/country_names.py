"""Write data/country_names.csv: every country of the shipped maps named in Ukrainian and French.

The names are Unicode CLDR's (the locale data Babel ships), the reference that operating systems and
browsers use for country names in each language; source id `unicode-cldr` in sources.csv. A
country is matched to CLDR by its English name in data/geo (CLDR's English spelling), so a wrong
ISO code cannot slip in; the few names CLDR spells otherwise are listed in ALIASES. Run again after
a geometry or Babel update, and review the diff: a name a teacher corrected by hand is overwritten.

    python scripts/country_names.py
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import babel
from babel import Locale

DATA = Path(__file__).resolve().parents[1] / "data"
LANGUAGES = ("uk", "fr")
SOURCE_ID = "unicode-cldr"
ALIASES = {
    "Bosnia and Herzegovina": "Bosnia & Herzegovina",
    "Côte d'Ivoire": "Côte d’Ivoire",
    "Democratic Republic of the Congo": "Congo - Kinshasa",
    "Republic of the Congo": "Congo - Brazzaville",
    "Myanmar": "Myanmar (Burma)",
    "Palestine": "Palestinian Territories",
    "Trinidad and Tobago": "Trinidad & Tobago",
}
"""English names in data/geo → CLDR's English name for the same territory."""


def country_rows() -> list[dict[str, str]]:
    english = {name: code for code, name in Locale("en").territories.items() if len(code) == 2}
    locales = {language: Locale(language) for language in LANGUAGES}
    names: dict[str, str] = {}
    for region in ("europe", "world"):
        for feature in json.loads((DATA / "geo" / f"{region}.geojson").read_text(encoding="utf-8"))["features"]:
            names.setdefault(feature["id"], feature["properties"]["name"])
    rows = []
    for iso3, name in sorted(names.items()):
        iso2 = english.get(ALIASES.get(name, name))
        if iso2 is None:
            raise SystemExit(f"{iso3} {name!r}: no CLDR territory of that English name; add it to ALIASES.")
        row = {"source_id": SOURCE_ID, "iso3": iso3, "iso2": iso2, "name_en": name}
        rows.append(row | {f"name_{language}": locales[language].territories[iso2] for language in LANGUAGES})
    return rows


def main() -> None:
    rows = country_rows()
    with (DATA / "country_names.csv").open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    print(f"Wrote {len(rows)} countries to data/country_names.csv (CLDR as shipped in Babel {babel.__version__}).")


if __name__ == "__main__":
    main()
