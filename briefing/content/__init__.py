"""Stage 1, files -> Site: read and parse each content file (load), read its records (fields,
readers), check what spans files (validate). The [[id]] and embed syntax is defined once, in
syntax.
"""
