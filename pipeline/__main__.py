"""`python -m pipeline validate …` runs the same checks as `invoke validate`."""

from pipeline.cli import main

raise SystemExit(main())
