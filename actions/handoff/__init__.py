"""Handing the chat over to hotline staff: ``handoff`` (opening a ticket, relaying, taking over again).

Contract: imports ``rating``, ``core``, ``clients`` and ``common``.
"""
