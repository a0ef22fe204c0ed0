"""What every concern of the actions uses: ``settings`` (configuration, read once), ``chat`` (who is chatting,
idempotency keys, transcripts, analytics), ``validation`` (pure checkers and the form validation base),
``status_lookup`` (code look-ups with the backend's ownership check).

Contract: core imports only ``actions.clients`` and ``common``, never a concern package.
"""
