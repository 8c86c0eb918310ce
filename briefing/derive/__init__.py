"""Stage 2, Site -> facts: cross-references, each place's state day by day and the claims ledger
(advances), the actor network and its layout.
"""
