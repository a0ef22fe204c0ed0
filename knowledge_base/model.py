"""Typed view of one administrative procedure (thủ tục hành chính) from the national catalog."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

CHANNEL_ONLINE = "online"
CHANNEL_POSTAL = "postal"
CHANNEL_IN_PERSON = "in_person"


@dataclass(frozen=True)
class Channel:
    """One way of submitting (trực tuyến / bưu chính / trực tiếp) with its time and fee."""

    kind: str  # CHANNEL_ONLINE | CHANNEL_POSTAL | CHANNEL_IN_PERSON
    time_text: str  # as the catalog says it, e.g. "15 Ngày làm việc"; "" when unknown
    days: float | None  # processing time in days (hours converted), None when unknown
    working_days: bool  # True when the catalog counts working days
    fee_text: str  # e.g. "Miễn phí", "Lệ phí: 50.000 đồng"; "" when unknown
    fee_vnd: int | None  # the first amount in đồng, 0 when free, None when unknown
    note: str  # the catalog's free-text description for this channel
    fee_note: str = ""  # the fee's conditions as the catalog states them, amounts as "160.000 đồng"
    fee_for: str = ""  # where or for what this fee applies when the catalog says ("Tại cơ quan đại diện")
    time_for: str = ""  # what this time is for when a channel lists several ("Cấp lại biển số định danh")
    time_source: str = ""  # "cell" | "description" | "steps": where the time was read; "" when unknown


@dataclass(frozen=True)
class Fact:
    """One line of a fact (fee or time) for the citizen, de-duplicated across channels."""

    label: str  # what the line is for: a channel list ("Trực tuyến"), a case or a place; "" when it is the only line
    text: str  # e.g. "135.000 đồng/lần", "3 ngày làm việc", "Miễn phí"
    note: str  # conditions and other rates as the catalog states them; show it with `text`; "" when none
    channels: tuple[str, ...]  # CHANNEL_* kinds the line applies to


@dataclass(frozen=True)
class Document:
    """One item of the dossier (thành phần hồ sơ)."""

    name: str
    copies: str  # e.g. "1 bản chính", "0 bản chính, 1 bản sao"; "" when unknown
    template: str  # template file name such as "Mẫu số 01.docx"; "" when none
    condition: str  # the case in which it applies ("Trường hợp ..."); "" when always required
    group: str  # the catalog's heading, e.g. "Giấy tờ phải nộp", "Giấy tờ phải xuất trình"; "" when none

    @property
    def conditional(self) -> bool:
        return bool(self.condition)


@dataclass(frozen=True)
class LegalBasis:
    title: str
    number: str  # e.g. "123/2015/NĐ-CP"; "" when not found


@dataclass(frozen=True)
class Procedure:
    code: str  # ma_thu_tuc, e.g. "1.001193"
    name: str
    levels: tuple[str, ...]  # "Cấp xã", "Cấp tỉnh", "Cấp bộ", "Cơ quan khác"
    field: str  # lĩnh vực
    ministry: str  # bo_nganh slug, e.g. "bo-tu-phap"
    audiences: tuple[str, ...]  # đối tượng thực hiện as listed
    for_citizens: bool  # individuals (công dân / người nước ngoài / người VN ở nước ngoài) may file it
    steps: str  # trình tự thực hiện, raw text
    channels: tuple[Channel, ...]
    documents: tuple[Document, ...]
    document_notes: tuple[str, ...]  # rows of the document table that are remarks, not papers to bring
    legal_basis: tuple[LegalBasis, ...]
    results: tuple[str, ...]  # kết quả xử lý (document names)
    conditions: str  # yêu cầu điều kiện; "" when none
    related: tuple[str, ...]  # thủ tục liên quan, as text
    agency: str  # cơ quan thực hiện / có thẩm quyền
    address: str  # địa chỉ tiếp nhận
    url: str
    raw: dict = field(default_factory=dict, compare=False, repr=False)  # raw catalog text per field
    fees: tuple[Fact, ...] = ()  # the fee per channel or case, labelled and de-duplicated (knowledge_base.facts)
    times: tuple[Fact, ...] = ()  # the processing time, the same way

    @property
    def online(self) -> bool:
        return any(c.kind == CHANNEL_ONLINE for c in self.channels)

    def to_dict(self) -> dict:
        data = asdict(self)
        data.pop("raw")
        data["online"] = self.online
        return data
