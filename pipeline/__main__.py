"""`python -m pipeline validate …` runs the same checks as `invoke validate`."""

from .cli import main

raise SystemExit(main())
