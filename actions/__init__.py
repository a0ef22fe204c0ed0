"""Custom actions of the motcua assistant (run by the action server in .venv).

Split by concern: kb_client (the knowledge base), formatting (chat text), search (finding a procedure,
choosing a variant), procedure_answers (follow-up questions about the current procedure), fallback
(low confidence, out of scope, yes/no); backend_client (the backend API), validation (shared form checks),
dossier_* (filing a dossier: form, documents, submit, retry of kept dossiers, status and "hồ sơ của tôi").
"""
from actions import kb_client

# Load the knowledge base in the background as soon as the action server imports this package.
kb_client.warm_up()
