"""Procedures of the catalog: ``search`` (finding one, choosing between variants), ``answers`` (follow-up
questions about the current one), ``conversation`` (the current procedure and pending choices in slots),
``render`` (the answer about one aspect: the fact asked first, one phone screen, the official page last; details
behind buttons), ``texts`` (names, buttons and variant questions shared by them).

Contract: imports ``core``, ``clients`` and ``common`` only.
"""
