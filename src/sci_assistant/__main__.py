"""python -m sci_assistant → the command-line interface."""

from .cli import main

raise SystemExit(main())
