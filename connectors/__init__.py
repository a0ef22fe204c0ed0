"""Chat channel connectors run inside the rasa server (``.venv-rasa``): aiohttp, sanic and the
standard library only, plus the project's standard-library helpers ``backend.logmask`` and
``backend.ratelimit``.

- ``connectors.web.WebChatInput`` (channel ``web``): the web chat and REST clients; relays a
  chat's messages to hotline staff while a handoff ticket is open, and serves the outbox.
- ``connectors.web.RestRelayInput`` (channel ``rest``): the same for ``/webhooks/rest/``, to use
  instead of rasa's built-in ``rest`` channel.
- ``connectors.backend_client.BackendClient``: the one client of the backend API.
"""
