"""Test set-up: the fake Bot API package lives in tests/, next to these tests."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
