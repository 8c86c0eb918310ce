"""Stage 6, files -> the output folder: hashed assets, data downloads, the search index, the atomic
write.
"""
