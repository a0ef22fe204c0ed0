"""Procedures of the catalog: ``search`` (finding one, choosing between variants), ``answers`` (follow-up
questions about the current one), ``conversation`` (the current procedure and pending choices in slots),
``texts`` (citizen-facing procedure text).

Contract: imports ``core``, ``clients`` and ``common`` only.
"""
