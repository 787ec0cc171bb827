"""The contract's facts, each defined once: patterns, limits and field lists.

Everything that the case models, the checker, the Table Schema, the published
descriptions, the field reference and ``tasks.py`` quote about the case
format comes from here, so that changing a number changes it everywhere (a
test fails when a published description disagrees with the constant it quotes).
"""

from __future__ import annotations

# An id (case, workshop, organisation): lower-case letters and digits, single hyphens.
ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
# A web address as case files may give it.
URL_PATTERN = r"^https?://[^\s/$.?#][^\s]*$"
# What a short field (title, name, tag, contributor, publisher) may not start with:
# a leading "=" is a formula in every spreadsheet and never intended in a name. "+",
# "-" and "@" are allowed ("+Acumen"); the CSV files hold text exactly and the
# workbook stores text as text (see pipeline.data.spreadsheet). Tabs and line breaks
# are control characters, which one-line fields reject anyway.
FORMULA_STARTS = ("=",)
# Lists in one CSV cell are joined with this; a tag may not contain it.
LIST_SEPARATOR = ";"

# Limits on contributed content.
MAX_CASE_BYTES = 200_000
MAX_SECTION_CHARS = 20_000
# A section shorter than this is flagged (warning) and does not count as complete.
SHORT_SECTION_WORDS = 25
EARLIEST_YEAR = 1900
# The completeness score runs from 0 to 100 (pipeline.enrich.completeness).
COMPLETENESS_RANGE = (0, 100)
SDG_COUNT = 17

# Statuses that mean the partnership is over; `ended` is required exactly for these.
ENDED_STATUSES = ("completed", "ended-early", "institutionalised", "transformed")

# Enrichment figures quoted in the published descriptions.
WORDS_PER_MINUTE = 200
# Coded front matter fields that get labels, in cases.csv column order.
CODED_FIELDS = (
    "scope",
    "status",
    "sectors",
    "forms",
    "themes",
    "stage",
    "funding",
    "risks",
    "safeguards",
)
# Optional fields whose filling the completeness score rewards.
OPTIONAL_CODED_FIELDS = ("themes", "sdgs", "stage", "funding", "risks", "safeguards")
# Related cases: how many at most, and the points per shared organisation, form,
# theme, sector and country.
RELATED_COUNT = 3
RELATEDNESS_WEIGHTS = (5, 4, 3, 2, 1)

# Characters no text may hold (see pipeline.check.characters): C0 controls but tab and
# line feed, DEL, C1 controls, and the bidi embedding, override and isolate characters.
BIDI_CONTROLS = frozenset([*range(0x202A, 0x202F), *range(0x2066, 0x206A)])
FORBIDDEN_CHARACTERS = frozenset(
    [*(c for c in range(0x20) if c not in (0x09, 0x0A)), 0x7F, *range(0x80, 0xA0), *BIDI_CONTROLS]
)
# Characters Word puts into text that the build removes (or, NBSP, makes a space).
NORMALISED_CHARACTERS = {0x00AD: None, 0x200B: None, 0x00A0: " "}
