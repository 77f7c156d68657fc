"""`python -m sandbox` = `ispapi-sandbox`."""

from __future__ import annotations

from sandbox.cli import main

raise SystemExit(main())
