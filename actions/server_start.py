"""What the action server does once when it starts: warm the knowledge base up in the background.

rasa_sdk has no start hook: ``ActionExecutor.register_package("actions")`` imports every submodule of the package
when the server starts, and this is the one module nothing else imports, so the call below runs in the action
server only (never in tests that import single action modules, nor in other processes).
"""

from actions.clients import knowledge_base

knowledge_base.warm_up()
