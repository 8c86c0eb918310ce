#!/usr/bin/env python3
"""The entry point of a briefing site's repository: `python generate.py build` (see briefing.cli)."""
import sys

from briefing.cli import main

if __name__ == "__main__":
    sys.exit(main())
