"""Partnership Case Library: case files in, validated data package and casebook out.

Data flows one way; each room imports only the shared modules and earlier stages:

    check/     cases/*.md             -> Case values + Problem values   (load, rules, report)
    enrich     [Case] + reference     -> Library of EnrichedCase
    data/      Library                -> data/ (CSV data package), zip, workbook
    casebook/  Library                -> casebook.pdf, cards.pdf, facilitator.pdf, handouts

The shared types and reference data (`case`, `library`, `reference`, `registry`,
`contract`, `columns`, `tablefields`, `tableschema`, `problems`, `edition`, `i18n`)
are flat beside them. `build` is the one orchestrator (with `outputs`, the output folder
as a transaction); `preview` builds one case; `cli` and `tasks.py` are the
command line. Products never import each other (tests/test_layout.py).
"""

__version__ = "0.1.0"
