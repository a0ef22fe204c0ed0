"""Zalo Official Account: citizens chat with the assistant on Zalo.

Processes (all ``.venv-rasa``; scripts/run starts the two processes when ``ZALO_APP_ID`` is set):

- ``python -m connectors.zalo.receiver`` (``receiver``, ``inbox``, ``worker``, ``bot``): Zalo's signed webhook,
  acknowledged at once once stored on disk; its worker takes each event to the bot and the answer to the OA API.
- ``channel.ZaloInput`` inside ``rasa run`` (credentials.yml): the bot's side, for the worker only (service token).
- ``python -m connectors.zalo.delivery``: the backend outbox's Zalo messages (staff replies, notifications).

Shared: ``client`` (the OA API, the token kept and refreshed in the backend), ``format`` (the bot's messages as
Zalo messages), ``events``, ``signature``, ``texts``; settings in backend/zalo_config.py. This module imports
nothing, so the receiver does not load rasa.
"""
