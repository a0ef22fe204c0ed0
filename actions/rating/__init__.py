"""1-5 satisfaction ratings of a filing, a feedback or a handoff: ``rating`` (asking, parsing, submitting).

Contract: imports ``core`` and ``clients`` only.
"""
