"""Chat channel connectors, a package per channel plus what they share. Nothing is imported here.

- ``connectors.shared``: what every channel inside the rasa server does once it knows who is speaking
  (``channel.ChatChannel``: caps, message policy, handoff relay, staging of files, the bot, the outbox), the
  service-token channel, the backend client, settings, replies, secrets and log privacy.
- ``connectors.web`` (channel ``web``): the web chat page and its channel; the sender comes from a signed session
  cookie.
- ``connectors.rest`` (channel ``rest``): scripts, tests and benchmarks, with the service token.
- ``connectors.telegram`` (channel ``telegram``): the channel inside rasa, and the Telegram bridge, its own process
  with the app venv (``python -m connectors.telegram.bridge``), which never imports actions/ or rasa.
- ``connectors.zalo`` (channel ``zalo``): the Zalo Official Account (see its package docstring).
- ``connectors.standalone``: the channels of credentials.yml served with a stand-in bot (tests, benchmarks).

Rasa loads the channels by the dotted class paths of credentials.yml. The channels inside the rasa server use
sanic, aiohttp and the standard library, plus the project's ``common`` and the standard-library helpers
``backend.logmask`` and ``backend.ratelimit``.
"""
