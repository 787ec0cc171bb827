"""Partnership Case Library: case files in, validated data package and casebook out.

Stages, each one module with one public entry point, data flowing one way:

    load      cases/*.md            -> RawCase (front matter + positions + sections)
    validate  RawCase               -> Case | problems   (pydantic, then frictionless in bulk)
    enrich    [Case]                -> Library of EnrichedCase
    export    Library               -> output/data/ (CSV data package)
    render    Library               -> output/casebook.pdf

`build` chains them; `tasks.py` is the command line.
"""

__version__ = "0.1.0"
