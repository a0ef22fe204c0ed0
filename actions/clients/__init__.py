"""One module per external system the actions talk to: ``backend`` (the motcua backend's HTTP API) and
``knowledge_base`` (the procedure catalog's search engine, loaded in this process).

Contract: clients import nothing of actions/ except ``actions.settings``; every failure to reach a system is
reported as one exception type (backend: ``BackendUnavailable``, a ``BackendError``) or None (knowledge base).
"""
