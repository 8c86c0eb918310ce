"""`python -m briefing`: the same command line as `briefing` and `python generate.py`."""
import sys

from briefing.cli import main

if __name__ == "__main__":
    sys.exit(main(prog="python -m briefing"))
