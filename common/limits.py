"""Sizes and thresholds every process uses the same way, defined once."""

MEGABYTE = 1024 * 1024
# The backend's default UPLOAD_MAX_BYTES (it checks every file again); channels refuse larger files before sending.
UPLOAD_MAX_BYTES = 10 * MEGABYTE
UPLOAD_MAX_TEXT = f"{UPLOAD_MAX_BYTES // MEGABYTE} MB"  # as citizens read it: "tối đa 10 MB"

MAX_SENDER_CHARS = 128
MAX_MESSAGE_CHARS = 4000  # a citizen's message to the bot
# A bot reply as one chat message (Zalo refuses longer texts; Telegram allows 4,096): longer replies are split.
MAX_REPLY_CHARS = 2000

# /attach_document{"file_name", "mime", "data_base64"}: the dossier and feedback forms' file payload (see
# ``attachment_message``). Its size: the file in base64 (4 characters per 3 bytes) plus room for the JSON.
ATTACH_PREFIX = "/attach_document"
ATTACHMENT_JSON_ROOM = 100_000
MAX_ATTACHMENT_CHARS = (UPLOAD_MAX_BYTES + 2) // 3 * 4 + ATTACHMENT_JSON_ROOM
# the rasa server refuses larger bodies before reading them (Sanic's REQUEST_MAX_SIZE, set when it starts)
MAX_REQUEST_BYTES = MAX_ATTACHMENT_CHARS + 100_000

# A feedback's content needs at least this many words (what happened, where, who) before it is accepted.
FEEDBACK_MIN_WORDS = 4

# An intent predicted at least this confidently is trusted over the form's own reading of the text.
INTENT_THRESHOLD = 0.8
