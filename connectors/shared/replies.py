"""What the chat channels say themselves (Vietnamese, shown to citizens as they are), in one place. Standard library
and ``common`` only: the Telegram bridge (``.venv``) says some of them too."""

from common.limits import MAX_MESSAGE_CHARS, MAX_SENDER_CHARS, UPLOAD_MAX_TEXT

_MAX_MESSAGE_TEXT = f"{MAX_MESSAGE_CHARS:,}".replace(",", ".")  # 4.000: Vietnamese thousands separator

RELAYED = "Đã chuyển tin nhắn của bạn tới cán bộ hỗ trợ. Cán bộ sẽ trả lời ngay trong cuộc trò chuyện này."
TOO_FAST = "Bạn gửi tin nhắn quá nhanh, vui lòng đợi vài giây rồi gửi lại."
TOO_BIG = f"Tệp quá lớn (tối đa {UPLOAD_MAX_TEXT}). Bạn chụp lại ảnh nhỏ hơn hoặc gửi tệp PDF nhẹ hơn nhé."
TOO_LONG = f"Tin nhắn dài quá (tối đa {_MAX_MESSAGE_TEXT} ký tự). Bạn gửi ngắn gọn hơn giúp tôi nhé."
EMPTY_MESSAGE = "Tôi chưa đọc được nội dung tin nhắn. Bạn nhập câu hỏi bằng chữ giúp tôi nhé."
NO_ANSWER = 'Xin lỗi, tôi chưa trả lời được câu này. Bạn hỏi lại theo cách khác, hoặc nhắn "gặp cán bộ" giúp tôi nhé.'
BUSY = "Hệ thống đang bận, bạn đợi một lát rồi gửi lại giúp tôi nhé."
SESSION_EXPIRED = "Phiên trò chuyện đã hết hạn, bạn tải lại trang giúp tôi."
TOO_MANY_SESSIONS = "Có quá nhiều phiên trò chuyện mới từ địa chỉ này. Bạn đợi vài phút rồi tải lại trang giúp tôi."
BAD_REQUEST = 'Yêu cầu không hợp lệ: nội dung phải là JSON dạng {"message": "..."}.'
BAD_SENDER = f"Yêu cầu không hợp lệ: cần 'sender' (chuỗi, tối đa {MAX_SENDER_CHARS} ký tự)."
NOT_JSON = "Yêu cầu phải gửi dạng JSON (Content-Type: application/json)."
NO_STREAM = "Kênh này không hỗ trợ trả lời dạng stream."
UNAUTHORISED = "Thiếu hoặc sai service token."
