"""Questions outside the catalog: say so honestly and name where to go, with a person offered.

Source: the catalog's coverage (the fields of the Ministries of Public Security, Justice, Finance, Construction,
Agriculture and Environment and the State Bank; a few social-insurance procedures such as the one-time payout,
moving a pension or a direct BHYT reimbursement) and, for each topic below, the body that handles it under the
current law (Bộ luật Tố tụng dân sự for divorce, Luật Bảo hiểm xã hội and Luật Việc làm for pensions and
unemployment benefit, Luật Nghĩa vụ quân sự, Luật Giáo dục, Luật Khám bệnh chữa bệnh, Luật Cư trú 2020 for the
household book abolished on 01/01/2023, Luật Người cao tuổi and Nghị định 20/2021/NĐ-CP for allowances).

Limits: a topic is recognised only from the whole words of its phrases in the accent-folded message, and is
dropped when one of its ``unless`` phrases is there (those name the procedures of the topic that *are* in the
catalog, e.g. a divorce recorded abroad, 2.000554, or moving a pension, 1.001742); the table is small and
hand-written, so a topic it does not list falls back to the knowledge base's own ``handled_by`` and then to a
general answer. Where to go is given at the level a citizen can act on (no address, no phone number but the
hotline); the bodies were renamed in the 2025 reorganisation, so both names are given where they changed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import List, Optional, Tuple

from actions.core.replies import Button
from actions.settings import HOTLINE
from nlu.vietnamese_text import canonical, fold


@dataclass(frozen=True)
class Topic:
    name: str  # what the citizen asked about, as the answer names it
    where: str  # who handles it and what to bring or do first
    phrases: Tuple[str, ...]  # accent-folded whole-word phrases, any of which names the topic
    unless: Tuple[str, ...] = ()  # accent-folded phrases naming the topic's procedures that are in the catalog


TOPICS: Tuple[Topic, ...] = (
    Topic(
        "ly hôn",
        "Tòa án nhân dân (khu vực) nơi vợ hoặc chồng cư trú: thuận tình ly hôn hay đơn phương ly hôn đều nộp đơn "
        "tại Tòa án, kèm giấy chứng nhận kết hôn bản chính, giấy tờ tùy thân và giấy khai sinh của các con",
        ("ly hon", "ly di", "thuan tinh", "don phuong ly"),
        ("nuoc ngoai", "ghi vao so", "ghi chu", "huy viec ket hon", "huy ket hon"),
    ),
    Topic(
        "hưởng lương hưu",
        "cơ quan Bảo hiểm xã hội (BHXH) nơi bạn cư trú; người đang đi làm thì đơn vị sử dụng lao động lập hồ sơ "
        "nộp BHXH giúp. Bạn cũng xem được quá trình đóng bảo hiểm trên ứng dụng VssID",
        ("luong huu", "nghi huu", "huu tri", "ve huu", "che do huu"),
        (
            "mot lan",
            "chuyen",
            "dia ban khac",
            "uy quyen",
            "linh thay",
            "truy linh",
            "da chet",
            "qua doi",
            "ra nuoc ngoai",
            "dinh cu",
            "can bo xa",
            "phat tu",
            "nha giao",
            "huu tri bo sung",
        ),
    ),
    Topic(
        "trợ cấp thất nghiệp",
        "Trung tâm Dịch vụ việc làm nơi bạn muốn nhận trợ cấp; hồ sơ nộp trong vòng 3 tháng kể từ ngày chấm dứt "
        "hợp đồng lao động, kèm sổ bảo hiểm xã hội",
        ("that nghiep",),
        ("uy quyen", "linh thay"),
    ),
    Topic(
        "nhập học, chuyển trường",
        "nhà trường nơi bạn muốn cho con học, hoặc Phòng Giáo dục và Đào tạo (nay thuộc UBND xã/phường) và Sở "
        "Giáo dục và Đào tạo; tuyển sinh đầu cấp theo kế hoạch từng năm của địa phương",
        (
            "vao lop 1",
            "vao lop mot",
            "nhap hoc",
            "tuyen sinh",
            "chuyen truong",
            "xin hoc",
            "hoc ba",
            "bang tot nghiep",
            "thi dai hoc",
            "xet tuyen",
            "mau giao",
            "mam non",
            "xin truong",
        ),
        ("cong an nhan dan", "truong cong an", "quan doi"),
    ),
    Topic(
        "khám chữa bệnh",
        "cơ sở y tế (bệnh viện, trạm y tế) nơi bạn khám; giấy phép hành nghề, nhà thuốc thì Sở Y tế",
        (
            "kham benh",
            "kham chua benh",
            "vien phi",
            "nhap vien",
            "nam vien",
            "lich kham",
            "benh vien nhi",
            "nha thuoc",
            "hanh nghe duoc",
            "hanh nghe kham",
            "hanh nghe y",
        ),
        ("bao hiem y te", "bhyt", "thanh toan truc tiep"),
    ),
    Topic(
        "tiêm chủng",
        "trạm y tế xã/phường nơi bạn ở hoặc cơ sở tiêm chủng; mang theo sổ tiêm chủng của trẻ",
        ("tiem chung", "tiem phong", "tiem vac xin", "tiem vacxin", "so tiem"),
    ),
    Topic(
        "nghĩa vụ quân sự",
        "Ban Chỉ huy quân sự xã/phường nơi bạn cư trú (đăng ký, khám tuyển, tạm hoãn gọi nhập ngũ)",
        ("nghia vu quan su", "di nghia vu", "nhap ngu", "di bo doi", "tam hoan nghia vu"),
        ("thue",),
    ),
    Topic(
        "trợ cấp người cao tuổi, người khuyết tật",
        "UBND xã/phường nơi bạn cư trú (công chức văn hóa - xã hội phụ trách bảo trợ xã hội): bạn nộp tờ khai "
        "đề nghị trợ cấp xã hội kèm giấy tờ tùy thân",
        (
            "nguoi cao tuoi",
            "tro cap xa hoi",
            "bao tro xa hoi",
            "nguoi khuyet tat",
            "tro cap khuyet tat",
            "ho ngheo",
            "ho can ngheo",
        ),
    ),
    Topic(
        "giấy phép lao động cho người nước ngoài",
        "Sở Nội vụ (trước đây Sở Lao động - Thương binh và Xã hội) nơi người nước ngoài làm việc",
        ("giay phep lao dong", "work permit"),
    ),
    Topic(
        "sổ hộ khẩu",
        "Công an xã/phường nơi bạn cư trú: từ 01/01/2023 sổ hộ khẩu không còn được cấp hay cấp lại, thông tin cư "
        "trú nằm trong Cơ sở dữ liệu về cư trú; khi cần chứng minh nơi ở, bạn dùng thẻ căn cước, ứng dụng VNeID "
        "hoặc xin xác nhận thông tin về cư trú tại đó",
        ("so ho khau",),
        ("tach", "nhap", "chuyen", "thuong tru", "tam tru"),
    ),
    Topic(
        "thi tuyển công chức, viên chức",
        "cơ quan tuyển dụng hoặc Sở Nội vụ (thông báo tuyển dụng đăng trên trang của cơ quan đó)",
        ("thi cong chuc", "thi vien chuc", "tuyen dung cong chuc", "tuyen dung vien chuc"),
    ),
    Topic(
        "nhãn hiệu, sáng chế",
        "Cục Sở hữu trí tuệ (Bộ Khoa học và Công nghệ), nộp trực tuyến trên trang của Cục",
        ("nhan hieu", "sang che", "so huu tri tue", "bao ho thuong hieu", "dang ky thuong hieu"),
    ),
    Topic(
        "thị thực đi nước ngoài",
        "Đại sứ quán hoặc Lãnh sự quán của nước bạn muốn đến (hoặc trung tâm tiếp nhận hồ sơ thị thực của họ)",
        ("visa di", "visa sang", "xin visa", "thi thuc di", "thi thuc sang"),
        ("gia han", "cho nguoi nuoc ngoai", "nguoi nuoc ngoai vao"),
    ),
    Topic(
        "điện, nước, sim điện thoại",
        "công ty điện lực, công ty cấp nước hoặc nhà mạng viễn thông nơi bạn dùng dịch vụ",
        ("lap dien", "cong to dien", "dong ho nuoc", "lap nuoc", "dang ky sim", "chuan hoa sim"),
    ),
)

HUMAN_BUTTONS: List[Button] = [{"title": "Gặp cán bộ", "payload": "/request_human"}]


def _has(folded: str, phrase: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", folded) is not None


def topic_of(text: str) -> Optional[Topic]:
    """The out-of-catalog topic the message names (none when it also names one of the topic's catalog procedures)."""
    folded = fold(canonical(text or ""))
    for topic in TOPICS:
        if any(_has(folded, p) for p in topic.phrases) and not any(_has(folded, p) for p in topic.unless):
            return topic
    return None


def topic_answer(topic: Topic) -> str:
    return (
        f"Việc {topic.name} không thuộc các thủ tục tôi hướng dẫn được. Việc này do {topic.where}.\n"
        f"Nếu cần hỏi thêm, bạn bấm “Gặp cán bộ” hoặc gọi tổng đài {HOTLINE} (miễn phí) ạ."
    )


def handled_by_answer(handled_by: str) -> str:
    """The knowledge base knows who handles the topic (knowledge_base/data/out_of_catalog.tsv)."""
    return (
        f"Việc bạn hỏi không thuộc các thủ tục tôi hướng dẫn được. Bạn liên hệ {handled_by} để được hướng dẫn ạ.\n"
        f"Nếu cần hỏi thêm, bạn bấm “Gặp cán bộ” hoặc gọi tổng đài {HOTLINE} (miễn phí)."
    )


def general_answer() -> str:
    return (
        "Xin lỗi, tôi không tìm thấy thủ tục phù hợp trong Cơ sở dữ liệu thủ tục hành chính mà tôi có (các lĩnh "
        "vực của Bộ Công an, Tư pháp, Tài chính, Xây dựng, Nông nghiệp và Môi trường, Ngân hàng Nhà nước). Thủ tục "
        "về y tế, giáo dục, lao động, bảo trợ xã hội hiện chưa có.\n"
        f"Bạn nói rõ hơn việc cần làm, bấm “Gặp cán bộ”, hoặc gọi tổng đài {HOTLINE} (miễn phí) ạ."
    )


def answer_for(text: str, handled_by: str = "") -> str:
    """The honest answer: the topic's own where-to-go, else the knowledge base's, else the general one."""
    topic = topic_of(text)
    if topic is not None:
        return topic_answer(topic)
    if handled_by:
        return handled_by_answer(handled_by)
    return general_answer()
