"""Generate schema/reference/m49.csv (UN M49 region and sub-region per ISO country).

Runs offline from installed packages: pycountry supplies the ISO 3166-1 list and
numeric codes, country_converter's bundled ``country_data.tsv`` supplies the UN
M49 grouping (its ``UNregion`` column holds the M49 *intermediate* region where
one exists, e.g. "Western Africa", and otherwise the sub-region). Intermediate
regions are folded into their M49 sub-region here; the region follows from the
sub-region. Usage: ``python scripts/make_m49.py [OUTPUT.csv]``.
"""

from __future__ import annotations

import csv
import sys
from importlib.resources import files
from pathlib import Path

import pycountry

OUT = Path(__file__).resolve().parent.parent / "schema" / "reference" / "m49.csv"
COLUMNS = [
    "alpha2",
    "m49",
    "region_code",
    "region_en",
    "region_nl",
    "subregion_code",
    "subregion_en",
    "subregion_nl",
]

REGIONS: dict[str, tuple[str, str, str]] = {
    "002": ("002", "Africa", "Afrika"),
    "019": ("019", "Americas", "Amerika"),
    "142": ("142", "Asia", "Azië"),
    "150": ("150", "Europe", "Europa"),
    "009": ("009", "Oceania", "Oceanië"),
}

# M49 sub-region name -> (sub-region code, Dutch name, region code)
SUBREGIONS: dict[str, tuple[str, str, str]] = {
    "Northern Africa": ("015", "Noord-Afrika", "002"),
    "Sub-Saharan Africa": ("202", "Afrika bezuiden de Sahara", "002"),
    "Latin America and the Caribbean": (
        "419",
        "Latijns-Amerika en het Caribisch gebied",
        "019",
    ),
    "Northern America": ("021", "Noord-Amerika", "019"),
    "Central Asia": ("143", "Centraal-Azië", "142"),
    "Eastern Asia": ("030", "Oost-Azië", "142"),
    "South-eastern Asia": ("035", "Zuidoost-Azië", "142"),
    "Southern Asia": ("034", "Zuid-Azië", "142"),
    "Western Asia": ("145", "West-Azië", "142"),
    "Eastern Europe": ("151", "Oost-Europa", "150"),
    "Northern Europe": ("154", "Noord-Europa", "150"),
    "Southern Europe": ("039", "Zuid-Europa", "150"),
    "Western Europe": ("155", "West-Europa", "150"),
    "Australia and New Zealand": ("053", "Australië en Nieuw-Zeeland", "009"),
    "Melanesia": ("054", "Melanesië", "009"),
    "Micronesia": ("057", "Micronesië", "009"),
    "Polynesia": ("061", "Polynesië", "009"),
}

# M49 intermediate region -> the sub-region it belongs to
INTERMEDIATE: dict[str, str] = {
    "Eastern Africa": "Sub-Saharan Africa",
    "Middle Africa": "Sub-Saharan Africa",
    "Southern Africa": "Sub-Saharan Africa",
    "Western Africa": "Sub-Saharan Africa",
    "Caribbean": "Latin America and the Caribbean",
    "Central America": "Latin America and the Caribbean",
    "South America": "Latin America and the Caribbean",
}

NO_REGION = {"", "Antarctica"}

# Corrections where country_converter departs from the UNSD M49 table.
OVERRIDES: dict[str, str] = {
    "NR": "Micronesia",  # Nauru: M49 057 Micronesia (country_converter: Polynesia)
}


def un_regions() -> dict[str, str]:
    """Map ISO alpha-3 -> country_converter's UNregion value."""
    text = (files("country_converter") / "country_data.tsv").read_text("utf-8")
    reader = csv.DictReader(text.splitlines(), delimiter="\t")
    return {row["ISO3"]: row["UNregion"] for row in reader if row["ISO3"]}


def rows() -> list[dict[str, str]]:
    """Build one CSV row per pycountry country, sorted by alpha-2 code."""
    regions = un_regions()
    out: list[dict[str, str]] = []
    for country in sorted(pycountry.countries, key=lambda c: c.alpha_2):
        un = OVERRIDES.get(country.alpha_2) or regions.get(country.alpha_3)
        if un is None:
            msg = f"{country.alpha_2}: not in country_converter data"
            raise SystemExit(msg)
        row = dict.fromkeys(COLUMNS, "")
        row["alpha2"] = country.alpha_2
        row["m49"] = f"{int(country.numeric):03d}"
        if un not in NO_REGION:
            sub = INTERMEDIATE.get(un, un)
            if sub not in SUBREGIONS:
                msg = f"{country.alpha_2}: unknown UN region {un!r}"
                raise SystemExit(msg)
            sub_code, sub_nl, region_code = SUBREGIONS[sub]
            _, region_en, region_nl = REGIONS[region_code]
            row.update(
                region_code=region_code,
                region_en=region_en,
                region_nl=region_nl,
                subregion_code=sub_code,
                subregion_en=sub,
                subregion_nl=sub_nl,
            )
        out.append(row)
    return out


def main(argv: list[str]) -> None:
    """Write the CSV to ``argv[1]`` or the default reference path."""
    path = Path(argv[1]) if len(argv) > 1 else OUT
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows())


if __name__ == "__main__":
    main(sys.argv)
