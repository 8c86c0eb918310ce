"""Stage 3, facts -> figures: plotly figure specs and build-time SVG maps, each with its caption
and data table; no HTML.
"""
