"""Chat channel names (the backend's ``backend.vocabulary.Channel`` values)."""

REST = "rest"
TELEGRAM = "telegram"
ZALO = "zalo"
WEB = "web"
CHANNELS = (REST, TELEGRAM, ZALO, WEB)
FILE_CHANNELS = (WEB, TELEGRAM, ZALO)  # the channels a citizen can attach a file on
