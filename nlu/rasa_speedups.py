"""A measured speed-up for rasa 3.6 inside the rasa server; a no-op where rasa is not installed (.venv).

``rasa.core.actions.action.RemoteAction._validate_action_result`` calls ``jsonschema.validate()``, which
checks the (large, constant) action-server response schema against the JSON-Schema metaschema again on
every custom action call before validating the response: ~12 ms per call, 60 % of the rasa server's CPU
with 20 citizens filing dossiers at once (bench/dossier_load.py, cProfile). Here the schema is checked once
and one compiled validator is reused; an invalid response still raises ``jsonschema.ValidationError`` with
rasa's message. Installed when the ``nlu`` package is imported, which rasa does when it loads the model.
"""

from __future__ import annotations


def install() -> bool:
    try:
        from jsonschema import ValidationError, validators
        from rasa.core.actions import action as rasa_action
        from rasa.shared.constants import DOCS_BASE_URL
    except ImportError:
        return False
    current = rasa_action.RemoteAction._validate_action_result
    if getattr(current, "_motcua_compiled", False):
        return True
    schema = rasa_action.RemoteAction.action_response_format_spec()
    validator_class = validators.validator_for(schema)
    validator_class.check_schema(schema)
    validator = validator_class(schema)

    def _validate_action_result(self, result):  # noqa: ANN001 - rasa's signature
        try:
            validator.validate(result)
            return True
        except ValidationError as e:
            e.message += (
                f". Failed to validate Action server response from API, "
                f"make sure your response from the Action endpoint is valid. "
                f"For more information about the format visit "
                f"{DOCS_BASE_URL}/custom-actions"
            )
            raise e

    _validate_action_result._motcua_compiled = True  # type: ignore[attr-defined]
    rasa_action.RemoteAction._validate_action_result = _validate_action_result
    return True
