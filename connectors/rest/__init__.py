"""The REST relay channel (rasa server, ``.venv-rasa``) for scripts, tests and benchmarks: ``channel.RestRelayInput``
(credentials.yml ``connectors.rest.channel.RestRelayInput``, routes under ``/webhooks/rest/``), service token only.
"""
