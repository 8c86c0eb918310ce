"""The editor's commands around the pipeline: live preview (serve, devserver), new, places lookup,
link check.
"""
