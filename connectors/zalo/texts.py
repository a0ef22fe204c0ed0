"""What the Zalo channel itself says to citizens (the bot's own words, its privacy notice included, are in bot/ and
actions/; the shared channel replies in connectors/shared/replies.py)."""

FILE_NOT_READ = "Tôi chưa tải được tệp của bạn. Bạn gửi lại giúp tôi nhé."
FILE_TYPE = "Tôi chỉ nhận ảnh JPEG, PNG hoặc tệp PDF. Bạn gửi lại đúng loại tệp giúp tôi nhé."
