"""Spreadsheet safety: no text cell of the published CSV files can run as a formula.

Excel, LibreOffice and Google Sheets treat a cell that starts with ``=``, ``+``,
``-``, ``@``, a tab, a carriage return or a line feed as a formula (OWASP
"CSV injection"). Case files are untrusted, so the data package follows a
two-part policy:

1. Short text fields (ids, names, titles, codes, keywords, contributor) are
   *rejected* by validation when they start with one of those characters
   (``pipeline.models._no_formula``, message code ``formula-like``): in a name a
   leading ``=`` is never intended.
2. Every other text cell is *neutralised* at export by `safe_cell`: a value
   that starts with one of those characters gets a single quote ``'`` in
   front. Markdown sections legitimately start with ``- `` or ``+ `` (lists),
   so a section that begins with a list is published as ``'- first item…``;
   remove the one leading quote to get the Markdown back.

The policy is stated to data users in `SPREADSHEET_POLICY_EN` (and ``_NL``),
which the data package README includes.
"""

from __future__ import annotations

# OWASP: characters that make a spreadsheet read a cell as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
# The prefix spreadsheets read as "this cell is text"; it is shown in CSV readers.
QUOTE = "'"

SPREADSHEET_POLICY_EN = (
    "Spreadsheet safety. A text cell that starts with =, +, -, @, a tab or a line "
    "break could run as a formula when the CSV file is opened in Excel or "
    "LibreOffice. Names, titles, ids and keywords that start like that are "
    "refused when a case is checked, so they never reach the data. Longer texts "
    "(summaries, roles, source titles and the sections in Markdown) that start "
    "with one of those characters are published with a single quote (') in front: "
    "a section that begins with a list appears as '- first item. To get the exact "
    "text back, remove that one leading quote from cells that start with '= '+ '- "
    "'@ or a quote followed by a tab or line break. Numbers, dates and booleans are "
    "never changed."
)

SPREADSHEET_POLICY_NL = (
    "Veilig in spreadsheets. Een tekstcel die begint met =, +, -, @, een tab of "
    "een regeleinde kan als formule worden uitgevoerd wanneer het CSV-bestand in "
    "Excel of LibreOffice wordt geopend. Namen, titels, id's en trefwoorden die zo "
    "beginnen worden bij de controle van een casus geweigerd en komen dus nooit in "
    "de data. Langere teksten (samenvattingen, rollen, titels van bronnen en de "
    "secties in Markdown) die met zo'n teken beginnen, krijgen een enkel "
    "aanhalingsteken (') ervoor: een sectie die met een opsomming begint, staat er "
    "als '- eerste punt. Haal dat ene aanhalingsteken weg om de precieze tekst terug "
    "te krijgen. Getallen, datums en booleans worden nooit veranderd."
)


def safe_cell(text: str) -> str:
    """A text cell as published: `text`, with ``'`` in front when it could start a formula.

    Only the first character matters; the rest of the value is never changed,
    and the function is not idempotent on purpose (a value that already starts
    with a quote is left alone, because a quote does not start a formula).
    """
    if text.startswith(FORMULA_STARTS):
        return QUOTE + text
    return text


def unquote_cell(text: str) -> str:
    """The original text of a published cell: the inverse of `safe_cell` for its outputs."""
    if text.startswith(QUOTE) and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text
