"""A Dutch case written the way a Word user writes it passes in two runs, following the messages.

The draft has every mistake at once: a title in curly quotes with a colon, non-breaking
spaces and a tab in the indentation, "•" bullets in the front matter and the body, a
numbered list typed with tabs, Dutch words for coded values ("wereldwijd", "vakbond",
"afgerond"), a country's Dutch name, the template's example contributor, a typographic
apostrophe in a heading, and ``language: en`` above Dutch headings. The first run
names every one of them with its line; the second, after the fixes the messages say,
has no errors left. (The case is made up for the tests.)
"""

from __future__ import annotations

from pathlib import Path

from pipeline.check.validate import validate_library
from tests.support import TODAY

FILLER = (
    "Deze alinea is opvultekst voor de testsuite, lang genoeg zodat de bijkomende controles "
    "de sectie niet als erg kort markeren, en eenvoudig genoeg om terug te vinden."
)
DRAFT = (
    "---\n"
    "id: boerenbond-koffie\n"
    "title: “Boerenbond – Koffiebrander: een verzonnen testcase”\n"
    "language: en\n"
    "summary: >-\n"
    "  Een verzonnen case voor de testsuite. Een vakbond en een koffiebrander\n"
    "  werkten samen aan betere arbeidsomstandigheden op koffieplantages en\n"
    "  publiceerden hun bevindingen in een gezamenlijk rapport.\n"
    "scope: wereldwijd\n"
    "partners:\n"
    "  - name: Testvakbond\n"
    "\u00a0\u00a0\u00a0\u00a0type: vakbond\n"
    "    role: Leidde het onderzoek op de plantages.\n"
    "  - name: Testbrander\n"
    "\ttype: company\n"
    "    role: Opende zijn aankoopketen voor de onderzoekers.\n"
    "countries:\n"
    "• België\n"
    "• VN\n"
    "sectors:\n"
    "  - agriculture-food\n"
    "forms:\n"
    "  - joint-research\n"
    "status: afgerond\n"
    "started: 2019\n"
    "ended: 2022\n"
    "risks:\n"
    "  - loss-of-independence\n"
    "sources:\n"
    '  - title: "Testrapport"\n'
    "    publisher: Testvakbond\n"
    "    year: 2022\n"
    "    url: https://example.org/testrapport\n"
    "contributor: Je naam\n"
    "---\n"
    "\n"
    f"## Waarom samenwerken\n\n{FILLER}\n\n"
    f"## Wat elke partner inbracht\n\n{FILLER}\n\n"
    f"## Hoe de samenwerking verliep\n\n{FILLER}\n\n"
    "• Eerst een bezoek aan de plantages.\n"
    "• Dan een gezamenlijk rapport.\n\n"
    f"## Tijd en middelen\n\n{FILLER}\n\n"
    f"## Resultaten en evaluatie\n\n{FILLER}\n\n"
    f"## Onafhankelijkheid en rode lijnen\n\n{FILLER}\n\n"
    f"## Kansen en risico’s\n\n{FILLER}\n\n"
    f"## Geleerde lessen\n\n{FILLER}\n\n"
    "## Vragen voor de discussie\n\n"
    "1.\tWat zou jij anders doen?\n"
    "2.\tZou je opnieuw samenwerken?\n"
)

# What the writer types, message by message (the message's line, what it said to type).
FIXES = [
    (
        "title: “Boerenbond – Koffiebrander: een verzonnen testcase”",
        'title: "Boerenbond – Koffiebrander: een verzonnen testcase"',
    ),
    ("language: en", "language: nl"),
    ("scope: wereldwijd", "scope: global"),
    ("\u00a0\u00a0\u00a0\u00a0type: vakbond", "    type: union"),
    ("\ttype: company", "    type: company"),
    ("• België", "- BE"),
    ("• VN", "- VN"),
    ("status: afgerond", "status: completed"),
    ("contributor: Je naam\n", ""),
    ("• Eerst", "- Eerst"),
    ("• Dan", "- Dan"),
    ("1.\tWat", "1. Wat"),
    ("2.\tZou", "2. Zou"),
]

EXPECTED = [
    (
        3,
        "error",
        "yaml-curly-quotes",
        'Je typte “ ”; YAML vraagt rechte aanhalingstekens " " rond een waarde (voor YAML horen gekrulde aanhalingstekens bij de tekst). Zet de waarde tussen rechte dubbele aanhalingstekens: title: "Boerenbond – Koffiebrander: een verzonnen testcase"',
    ),
    (
        4,
        "error",
        "headings-other-language",
        "De sectiekoppen zijn die van een case in het Nederlands (nl), maar “language” zegt “en”. Is de case in het Nederlands geschreven, zet dan “language: nl” en laat de koppen staan; alleen als de tekst in het Engels is, gebruik je die koppen (“## Why work together”, …).",
    ),
    (
        9,
        "error",
        "unknown-term",
        "“wereldwijd” is geen toegelaten waarde voor “scope”. Bedoelde je “global”? Toegelaten: local, national, multi-country, global.",
    ),
    (
        12,
        "error",
        "yaml-odd-space",
        "Deze regel springt in met een vaste spatie (U+00A0, zoals Word die invoegt); YAML vraagt gewone spaties. Vervang die door 4 spaties, zodat de regel recht onder het eerste veld na “- ” in “partners” staat.",
    ),
    (
        12,
        "error",
        "unknown-term",
        "“vakbond” is geen toegelaten waarde voor “partners[0].type”. Bedoelde je “union”? Toegelaten: ngo, union, company, social-enterprise, cooperative, business-association, foundation, corporate-foundation, academic, government, multilateral, msi, broker, other.",
    ),
    (
        15,
        "error",
        "yaml-tab",
        "Deze regel springt in met een tab; YAML vraagt spaties. Vervang die door 4 spaties, zodat de regel recht onder het eerste veld na “- ” in “partners” staat.",
    ),
    (
        18,
        "error",
        "yaml-bullet",
        "Dit lijstitem begint met “•”; een YAML-lijstitem begint met een koppelteken en een spatie. Typ in de plaats “- ”: “- België”.",
    ),
    (
        18,
        "error",
        "unknown-country",
        "“België” is geen ISO 3166-1-landcode. Bedoelde je “BE”? Gebruik de tweeletterige code in hoofdletters, bijvoorbeeld VN voor Vietnam, BE voor België, GB voor het Verenigd Koninkrijk.",
    ),
    (
        19,
        "error",
        "yaml-bullet",
        "Dit lijstitem begint met “•”; een YAML-lijstitem begint met een koppelteken en een spatie. Typ in de plaats “- ”: “- VN”.",
    ),
    (
        24,
        "error",
        "unknown-term",
        "“afgerond” is geen toegelaten waarde voor “status”. Bedoelde je “completed”? Toegelaten: exploring, active, completed, ended-early, institutionalised, transformed.",
    ),
    (
        34,
        "error",
        "template-placeholder",
        "“Je naam” in “contributor” is het voorbeeld uit het sjabloon; vul je eigen waarde in of verwijder de regel.",
    ),
    (
        49,
        "warning",
        "word-bullet",
        "Deze regel begint met “•”, een opsommingsteken zoals Word het plakt, niet zoals Markdown het schrijft: de lijst kan als één doorlopende alinea gedrukt worden. Typ hem als “- Eerst een bezoek aan de plantages.” (een koppelteken of een cijfer met een punt, dan een spatie; laat een lege regel voor de lijst).",
    ),
    (
        50,
        "warning",
        "word-bullet",
        "Deze regel begint met “•”, een opsommingsteken zoals Word het plakt, niet zoals Markdown het schrijft: de lijst kan als één doorlopende alinea gedrukt worden. Typ hem als “- Dan een gezamenlijk rapport.” (een koppelteken of een cijfer met een punt, dan een spatie; laat een lege regel voor de lijst).",
    ),
    (
        74,
        "warning",
        "word-bullet",
        "Deze regel begint met “1.⇥”, een opsommingsteken zoals Word het plakt, niet zoals Markdown het schrijft: de lijst kan als één doorlopende alinea gedrukt worden. Typ hem als “1. Wat zou jij anders doen?” (een koppelteken of een cijfer met een punt, dan een spatie; laat een lege regel voor de lijst).",
    ),
    (
        75,
        "warning",
        "word-bullet",
        "Deze regel begint met “2.⇥”, een opsommingsteken zoals Word het plakt, niet zoals Markdown het schrijft: de lijst kan als één doorlopende alinea gedrukt worden. Typ hem als “2. Zou je opnieuw samenwerken?” (een koppelteken of een cijfer met een punt, dan een spatie; laat een lege regel voor de lijst).",
    ),
]


def run(cases: Path, text: str) -> list[tuple[int | None, str, str, str]]:
    (cases / "boerenbond-koffie.md").write_text(text, "utf-8")
    result = validate_library(cases, today=TODAY)
    return [(p.line, p.severity, p.code, p.message("nl")) for p in result.problems]


def test_a_dutch_word_draft_passes_in_two_runs_following_the_messages(tmp_path, bundled_cases):
    cases = tmp_path / "cases"
    cases.mkdir()
    for name in ("_template.md", "_template.nl.md"):
        (cases / name).write_text((bundled_cases / name).read_text("utf-8"), "utf-8")
    first = run(cases, DRAFT)
    assert first == EXPECTED
    fixed = DRAFT
    for typed, wanted in FIXES:
        assert typed in fixed
        fixed = fixed.replace(typed, wanted)
    assert run(cases, fixed) == []
