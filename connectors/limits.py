"""Size limits of the chat channels, defined once (standard library only: the app venv's tests and benchmarks read
them too)."""

MAX_SENDER_CHARS = 128
MAX_MESSAGE_CHARS = 4000
# /attach_document{"file_name", "mime", "data_base64"} (the dossier and feedback forms' file payload): a 10 MB
# file in base64 plus its JSON; the backend checks the file's size and type again
ATTACH_PREFIX = "/attach_document"
MAX_ATTACHMENT_CHARS = 14_100_000
# the rasa server refuses larger bodies before reading them (Sanic's REQUEST_MAX_SIZE, set when it starts)
MAX_REQUEST_BYTES = MAX_ATTACHMENT_CHARS + 100_000
