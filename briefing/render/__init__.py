"""Stage 5, pages -> HTML: one Jinja environment, Markdown with our extensions, nh3 sanitising,
rendering on every core.
"""
