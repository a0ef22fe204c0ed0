"""What the motcua processes must agree on (rasa server, action server, Telegram bridge, backend).

Contract: standard library only, and nothing of the project is imported here, so both venvs (.venv with numpy 2 and
.venv-rasa with rasa 3.6) can import it. Modules: ``limits`` (sizes and thresholds), ``channels`` (channel names),
``codes`` (receipt and feedback code patterns), ``vntime`` (the Vietnam time zone).
"""
