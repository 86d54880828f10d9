"""Benchmarks of the bot (not timed tests): ``python -m bench.run`` from the repository root.

The benchmarks import the project (``bot``, ``handlers``, ``models``) and the offline
Telegram fakes of the test suite (``tests.fakeapi``, ``tests.harness``, and
``tests.e2e.fake_server`` for the memory benchmark), so the repository root must be
importable whatever the working directory.
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
