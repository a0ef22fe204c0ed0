"""A conversation's start and restart: ``session`` (privacy notice first, only the carried slots kept).

Contract: imports ``privacy`` and ``procedures.conversation``.
"""
