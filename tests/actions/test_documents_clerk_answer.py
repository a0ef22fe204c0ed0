"""A documents answer a clerk would give (issue 10): no table heading or note listed as a paper, the papers of a
case grouped under "Chỉ cần trong trường hợp riêng" with their case, a paper not cut to a name that says nothing
("Văn bản của cơ quan"), and a dossier by numbered cases opening with its common case, not an exception."""

from __future__ import annotations

import re

from actions.procedures import render
from actions.procedures.render import DOCUMENTS_LIMIT
from actions.procedures.render.common import PAGE_LABEL
from actions.procedures.render.documents import CONDITIONAL_HEADING, full_answer
from actions.procedures.render.paper_names import core_name, paper_brief
from knowledge_base.checklist import Checklist, ChecklistItem

FOREIGN_MARRIAGE = "2.000806"  # Đăng ký kết hôn có yếu tố nước ngoài
BIRTH = "1.001193"  # Đăng ký khai sinh: a well-parsed neighbour
NUMBERED = re.compile(r"^\d+\. ", re.MULTILINE)


def _answer(kb, code: str, question: str = "") -> str:
    text = render.answer(kb.get(code), "documents", question=question).text
    assert len(text) <= DOCUMENTS_LIMIT and text.splitlines()[-1].startswith(PAGE_LABEL), text
    return text


def _sections(text: str) -> tuple[list[str], list[str]]:
    """The numbered papers, and the lines under the conditional heading."""
    lines = text.splitlines()
    numbered = [line for line in lines if NUMBERED.match(line)]
    after = lines[lines.index(CONDITIONAL_HEADING) + 1 :] if CONDITIONAL_HEADING in lines else []
    return numbered, [line for line in after if line.startswith("• ")]


def test_foreign_marriage_lists_no_heading_or_note_and_groups_the_case_papers(kb):
    text = _answer(kb, FOREIGN_MARRIAGE, "đăng ký kết hôn với người nước ngoài cần giấy tờ gì")
    numbered, conditional = _sections(text)
    assert not any(word in text for word in ("Ngoài giấy tờ nêu trên", "Giá trị sử dụng")), text
    assert not any(line.split(". ", 1)[1].startswith(("Văn bản của cơ quan", "Bản sao trích lục")) for line in numbered)
    official = next(line for line in conditional if line.startswith("• Văn bản của cơ quan"))
    assert official.startswith("• Văn bản của cơ quan, đơn vị quản lý xác nhận"), text  # not cut at "cơ quan"
    assert "công chức" in official
    assert any(line.startswith("• Bản sao trích lục hộ tịch") and "ly hôn" in line for line in conditional), text


def test_the_full_list_shows_a_table_note_as_a_note(kb):
    proc = kb.get(FOREIGN_MARRIAGE)
    text = render.answer(proc, "documents", detail="full").text
    notes = text[text.index("Lưu ý:") :]
    assert "Giá trị sử dụng của giấy tờ chứng minh tình trạng hôn nhân" in notes


def test_birth_registration_answer_is_unchanged(kb):
    numbered, conditional = _sections(_answer(kb, BIRTH, "đăng ký khai sinh cần giấy tờ gì"))
    assert [line.split(" (")[0] for line in numbered] == [
        "1. Tờ khai đăng ký khai sinh theo mẫu",
        "2. Giấy chứng sinh",
        "3. Giấy tờ tùy thân",
    ]
    assert [line.split(" (")[0] for line in conditional] == [
        "• Biên bản về việc trẻ bị bỏ rơi",
        "• Văn bản ủy quyền",
        "• Văn bản xác nhận",
        "• Giấy tờ có giá trị chứng minh thông tin về cư trú",
    ]


def _item(name: str) -> ChecklistItem:
    return ChecklistItem("d1", name, name, "1 bản chính", "", "", "", ("0",))


def test_a_name_does_not_end_at_an_owner_named_only_by_its_kind():
    official = _item("Văn bản của cơ quan, đơn vị quản lý xác nhận việc kết hôn với người nước ngoài là phù hợp")
    assert paper_brief(official).startswith("Văn bản của cơ quan, đơn vị quản lý xác nhận")
    long = _item(official.name + " với quy định của ngành đó, do cơ quan có thẩm quyền cấp trong thời hạn sáu tháng")
    assert core_name(long).startswith("Văn bản của cơ quan, đơn vị quản lý xác nhận")
    # a named owner still ends the brief name, as before
    assert paper_brief(_item("Giấy khám sức khỏe của người lái xe do cơ sở y tế cấp")) == "Giấy khám sức khỏe"
    assert paper_brief(_item("Văn bản xác nhận của cơ quan nơi công tác, có dấu")) == "Văn bản xác nhận"


MATERNITY = "2.000693"  # Giải quyết hưởng chế độ thai sản: numbered cases, then a force-majeure part
SICKNESS = "1.001667"  # Giải quyết hưởng chế độ ốm đau: the worker's part, then the employer's
INSURANCE_BOOK = "1.002759"  # Cấp lại, đổi, điều chỉnh thông tin trên sổ BHXH, thẻ BHYT: its name lists two purposes


def test_a_dossier_by_numbered_cases_opens_with_its_common_case(kb):
    text = _answer(kb, MATERNITY, "hồ sơ hưởng chế độ thai sản gồm những gì")
    assert text.splitlines()[0].endswith("trường hợp “NLĐ tham gia BHXH bắt buộc”:"), text
    assert "Bất khả kháng" not in text and "Bản sao giấy khai sinh" in text
    sickness = _answer(kb, SICKNESS, "hồ sơ hưởng chế độ ốm đau gồm những gì")
    assert sickness.splitlines()[0].endswith("trường hợp “NLĐ”:") and "Bản sao Giấy ra viện" in sickness, sickness


def test_a_dossier_whose_name_lists_its_cases_still_asks_which(kb):
    text = _answer(kb, INSURANCE_BOOK, "hồ sơ cấp lại sổ bảo hiểm thẻ bảo hiểm gồm những gì")
    assert "Bạn thuộc trường hợp nào?" in text, text


def test_a_paper_is_named_without_the_act_of_handing_it_over_or_a_closing_period():
    brought = _item("Xuất trình giấy tờ chứng minh nơi người đó chết hoặc nơi phát hiện thi thể")  # 1.000656 khai tử
    assert paper_brief(brought).startswith("Giấy tờ chứng minh nơi người đó chết")
    assert paper_brief(_item("Xuất trình theo yêu cầu của cơ quan")).startswith("Xuất trình")  # no paper follows
    passport = _item("Bản sao hộ chiếu/giấy tờ có giá trị thay thế hộ chiếu.")  # 2.000806
    assert core_name(passport) == "Bản sao hộ chiếu/giấy tờ có giá trị thay thế hộ chiếu"


def test_a_listing_paper_is_cut_after_its_papers_not_at_the_first():
    listing = _item(
        "Một trong các giấy tờ sau: Căn cước điện tử, bản chính hoặc bản sao của Thẻ căn cước công dân hoặc Thẻ căn"
        " cước hoặc Giấy chứng nhận căn cước hoặc Hộ chiếu"
    )
    assert core_name(listing).startswith("Một trong các giấy tờ sau: Căn cước điện tử, bản chính hoặc bản sao")


def test_the_full_list_starts_each_paper_with_a_capital(kb):
    # a paper split out of a case row's sentence ("… hồ sơ là bản sao giấy khai sinh …") kept its small letter
    item = ChecklistItem(
        "d1", "Bản sao giấy khai sinh", "bản sao giấy khai sinh của con", "1 bản sao", "", "", "", ("0",)
    )
    text, _ = full_answer(kb.get(MATERNITY), Checklist((MATERNITY,), (item,)))
    assert "1. Bản sao giấy khai sinh của con (1 bản sao)" in text.splitlines(), text
