"""`python -m bot COMMAND`: the command line (see bot.cli)."""

import sys

from bot.cli import main

sys.exit(main())
