"""Custom actions of the motcua assistant, run by the action server in .venv (``python -m rasa_sdk --actions actions``).

Packages by concern (each one's docstring states its contract); arrows point down only, never back up:

- ``fallback``: low confidence, out of scope, bad input, the answers to the bot's yes/no offers;
- ``session``: a new conversation (privacy notice, carried slots) and restart;
- ``dossier``: filing a dossier (entry, form, documents, summary, submit, outage and retry, status, volunteers);
- ``feedback``, ``handoff``, ``rating``, ``privacy``: phản ánh kiến nghị, hand-over to staff, 1-5 ratings,
  personal data (consent, notice, deletion);
- ``procedures``: finding a procedure in the knowledge base and answering about it (texts, follow-ups);
- ``core``: what every concern uses (settings, chat identity and keys, form validation base, status look-up);
- ``clients``: one module per external system (``backend``, ``knowledge_base``).

What every process must agree on (limits, channel names, code patterns, Vietnam time) lives in ``common/``.
Importing this package has no side effect; the action server's start warms the knowledge base up in
``actions/server_start.py``.
"""
