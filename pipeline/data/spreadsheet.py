"""Spreadsheet safety: the CSV files are exact data, the workbook is what people open.

Excel, LibreOffice and Google Sheets may treat a CSV cell that starts with ``=``,
``+``, ``-``, ``@``, a tab, a carriage return or a line feed as a formula (OWASP
"CSV injection"). Case files are untrusted, and Markdown sections legitimately
start with ``- `` (lists), so the data package follows this policy:

1. The CSV files hold every text exactly as the case file writes it (RFC 4180,
   UTF-8): no prefix, no escaping beyond CSV quoting. They are data for
   programs (pandas, R, DuckDB, Frictionless), not files to double-click.
2. The workbook (``casebook.xlsx``, `pipeline.data.workbook`) stores every text
   cell as a string, never as a formula: it is what people open in a spreadsheet.
3. Short fields (titles, names, tags, the contributor, publishers) that start with
   ``=`` are *rejected* by validation (``pipeline.case._no_formula``, message code
   ``formula-like``): in a name a leading ``=`` is never intended.

The policy is stated to data users in `SPREADSHEET_POLICY_EN` (and ``_NL``),
which the data package README includes.
"""

from __future__ import annotations

SPREADSHEET_POLICY_EN = (
    "Spreadsheet safety. Open the workbook casebook.xlsx in Excel or LibreOffice; the "
    "CSV files are data. Every text cell of the CSV files holds the case file's text "
    "exactly as written (UTF-8, RFC 4180), so a section that begins with a Markdown "
    "list starts with - and a name may start with + or @. A spreadsheet that opens a "
    "CSV file directly can run a cell that starts with =, +, -, @, a tab or a line "
    "break as a formula; in the workbook every text cell is stored as text and nothing "
    "is a formula. To open a CSV file in a spreadsheet anyway, import it and set every "
    "column to Text. Titles, names, tags, the contributor and publishers that start "
    "with = are refused when a case is checked, so they never reach the data."
)

SPREADSHEET_POLICY_NL = (
    "Veilig in spreadsheets. Open het werkboek casebook.xlsx in Excel of LibreOffice; "
    "de CSV-bestanden zijn data. Elke tekstcel van de CSV-bestanden bevat de tekst van "
    "het casusbestand precies zoals die geschreven is (UTF-8, RFC 4180), dus een sectie "
    "die met een Markdown-opsomming begint, begint met - en een naam mag met + of @ "
    "beginnen. Een spreadsheet die een CSV-bestand rechtstreeks opent, kan een cel die "
    "begint met =, +, -, @, een tab of een regeleinde als formule uitvoeren; in het "
    "werkboek is elke tekstcel als tekst opgeslagen en is niets een formule. Wil je een "
    "CSV-bestand toch in een spreadsheet openen, importeer het dan en zet elke kolom op "
    "Tekst. Titels, namen, trefwoorden, de auteur en uitgevers die met = beginnen, "
    "worden bij de controle van een casus geweigerd en komen dus nooit in de data."
)
