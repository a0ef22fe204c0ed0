"""The web chat channel (rasa server, ``.venv-rasa``): ``channel.WebChatInput`` (credentials.yml
``connectors.web.channel.WebChatInput``, routes under ``/webhooks/web/``), ``session`` (the signed session cookie,
the only source of a web chat's sender) and ``page`` (the chat page, same origin, strict Content-Security-Policy).
Nothing is imported here, so importing a module of the package loads only what it needs.
"""
