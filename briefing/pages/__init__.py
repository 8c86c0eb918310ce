"""Stage 4, which pages exist: a PageSpec for each (address, template, context), their costly
figures deferred until a page renders.
"""
