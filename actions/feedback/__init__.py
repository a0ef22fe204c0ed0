"""Phản ánh, kiến nghị: ``form`` (the feedback form, filing, and the status by tracking code PA-…).

Contract: imports ``handoff``, ``privacy``, ``dossier.documents`` (attachment checks), ``core``, ``clients``,
``common``.
"""
