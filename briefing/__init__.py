"""briefing: a static briefing-site generator. The pipeline runs content -> derive -> figures ->
pages -> render -> output (build.py); cli.py is the command line.
"""
