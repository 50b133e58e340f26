"""`python -m delivery.mail ...`: the command line of the mailing layer (see cli.py)."""

from .cli import main

raise SystemExit(main())
