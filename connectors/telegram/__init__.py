"""Telegram: citizens chat with the assistant in Telegram. Two processes, two venvs; nothing is imported here.

- Inside the rasa server (``.venv-rasa``): ``channel.TelegramBridgeInput`` (credentials.yml
  ``connectors.telegram.channel.TelegramBridgeInput``, ``/webhooks/telegram/``), a service-token channel.
- The bridge, its own process (``.venv``: python-telegram-bot, httpx), ``python -m connectors.telegram.bridge``:
  ``bridge`` (Bot API long polling, outbox delivery), ``format`` (the bot's messages as Telegram messages and
  back), ``rasa_client`` (the rasa server's telegram channel) and ``backend_client`` (the backend's outbox).

Contract: the bridge never imports actions/, the knowledge base, rasa or sanic (import rules in pyproject.toml;
tests/telegram checks the modules a bridge start loads); it shares with the rasa side only the standard-library
modules ``common`` and ``connectors.shared.backend_access`` / ``connectors.shared.chat_turns``.
"""
