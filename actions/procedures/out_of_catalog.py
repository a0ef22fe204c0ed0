"""Questions outside the catalog: say so honestly and name where to go, with a person offered.

The topics and where to go for each live in one table, knowledge_base/data/out_of_catalog.tsv (its header gives the
sources and the 2025 names of the bodies), read through the knowledge base client; the search reads the same table
for its abstention and its ``handled_by``. Limits: a topic is recognised only from the whole words of its phrases,
and is dropped when the message also names one of the topic's procedures that are in the catalog (a divorce
recorded abroad, moving a pension) or names the topic only as the context of a catalog question (a marital-status
certificate "để vay ngân hàng", a health certificate for a foreign marriage: knowledge_base/outside_context.py):
those reach the search. A question the table does not know, that the search
refuses, gets the general answer, which still names where to go (the commune office, a person, the hotline).
"""

from __future__ import annotations

from typing import Any, List, Optional

from actions.clients import knowledge_base as kb_client
from actions.core.replies import Button
from actions.settings import HOTLINE

HUMAN_BUTTONS: List[Button] = [{"title": "Gặp cán bộ", "payload": "/request_human"}]
_MORE_HELP = f"Nếu cần hỏi thêm, bạn bấm “Gặp cán bộ” hoặc gọi tổng đài {HOTLINE} (miễn phí) ạ."


def topic_of(text: str) -> Optional[Any]:
    """The out-of-catalog topic the message asks about (none when it names a catalog procedure that covers it)."""
    return kb_client.outside_topic(text)


def _where_answer(subject: str, where: str) -> str:
    return f"{subject} không thuộc các thủ tục tôi hướng dẫn được. Nơi giải quyết: {where}.\n{_MORE_HELP}"


def topic_answer(topic: Any) -> str:
    return _where_answer(f"Việc {topic.name}", topic.where)


def handled_by_answer(handled_by: str) -> str:
    """The search refused and its table knows where to go (a topic named in the searched text, e.g. with context)."""
    return _where_answer("Việc bạn hỏi", handled_by)


def general_answer() -> str:
    return (
        "Xin lỗi, tôi không tìm thấy thủ tục phù hợp trong Cơ sở dữ liệu thủ tục hành chính mà tôi có (các lĩnh "
        "vực của Bộ Công an, Tư pháp, Tài chính, Xây dựng, Nông nghiệp và Môi trường, Ngân hàng Nhà nước). Y tế: "
        "cơ sở y tế hoặc Sở Y tế; trường học: nhà trường hoặc Sở Giáo dục và Đào tạo; lao động, việc làm: Sở Nội "
        "vụ; lương hưu, bảo hiểm xã hội: cơ quan BHXH; kiện tụng: Tòa án nhân dân khu vực; trộm cắp, lừa đảo, gây "
        "rối: Công an xã/phường.\n"
        "Bạn nói rõ hơn việc cần làm, hỏi Bộ phận Một cửa của UBND xã/phường nơi bạn ở, bấm “Gặp cán bộ” "
        f"hay gọi tổng đài {HOTLINE} (miễn phí) ạ."
    )


def answer_for(text: str, handled_by: str = "") -> str:
    """The honest answer: the topic's own where-to-go, else the knowledge base's, else the general one."""
    topic = topic_of(text)
    if topic is not None:
        return topic_answer(topic)
    if handled_by:
        return handled_by_answer(handled_by)
    return general_answer()
