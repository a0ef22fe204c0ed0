"""Lengths of the backend API's text fields (backend/schemas.py validates them; the bot cuts to them)."""

SENDER_ID = 128
IDEMPOTENCY_KEY = 128
PROCEDURE_CODE = 64
PROCEDURE_NAME = 500
DOCUMENT_NAME = 500
DOCUMENTS = 50  # papers in one dossier
RECEIPT_CODE = 32
FEEDBACK_CONTENT = 5000
PLACE = 500
COMMENT = 2000  # a rating's comment, a staff note
CHAT_TEXT = 4000  # a transcript line, a relayed message, an outbox message
TICKET_SUMMARY = 500
TRANSCRIPT_LINES = 500
UNANSWERED_TEXT = 2000
REASON = 32
FILE_NAME = 200  # as the bot shows and stores it
