"""The build cache, at one seam: build.py hands it units of work keyed by content digests; no stage
imports it.
"""
