"""Organisation names: one normalised key per organisation, whatever the spelling.

"Unilever", "Unilever plc" and "UNILEVER N.V." share the key ``unilever``;
the key is also the organisation id used in partners.csv.
"""

from __future__ import annotations

import re
import unicodedata

# Legal-form words that do not distinguish one organisation from another.
_LEGAL_FORMS = {
    "plc",
    "ltd",
    "limited",
    "inc",
    "incorporated",
    "corp",
    "corporation",
    "co",
    "nv",
    "bv",
    "sa",
    "ag",
    "gmbh",
    "llc",
    "vzw",
    "asbl",
    "cv",
    "the",
}


def organisation_key(name: str) -> str:
    """A stable kebab-case key: accents folded, punctuation and legal forms dropped."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    folded = folded.replace("&", " and ")
    words = re.findall(r"[a-z0-9]+", folded.lower().replace(".", ""))
    kept = [w for w in words if w not in _LEGAL_FORMS] or words
    return "-".join(kept) or "organisation"
