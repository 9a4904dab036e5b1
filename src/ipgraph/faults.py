"""Fault injection for the crash-safety tests (issue 7): `IPGRAPH_CRASH_AT=<point>` kills the process there.

Points: after-store-load, mid-bulk-load, after-exports, before-switch, mid-switch. Unset in normal use; the
check is one environment lookup.
"""

from __future__ import annotations

import os
import signal

CRASH_POINTS = ("mid-bulk-load", "after-store-load", "after-exports", "before-switch", "mid-switch")


def crash_point(name: str) -> None:
    if os.environ.get("IPGRAPH_CRASH_AT") == name:
        os.kill(os.getpid(), signal.SIGKILL)
