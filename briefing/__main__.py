"""`python -m briefing`: the same command line as `briefing` and `python generate.py`."""
import sys

from briefing.cli import main

sys.exit(main(prog="python -m briefing"))
