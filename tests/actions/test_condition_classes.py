"""The asked fact of a conditions question (issue 10, session 11 brief A), by class: who goes, a deadline the
citizen must keep (never the processing time), eligibility and age, and the aspect read right (a fee asked in money
words, the rule a fee follows, a word with a dropped letter).

Questions written for this test over several procedures (about half without diacritics), none from a benchmark
set. The answers go through the actions over the real knowledge base, as a first message; each case failed on the
code before this change. ``HELD_OUT`` (the reader alone) was written before the reader's new training questions and
not tuned on: 23 of its 31 were read right before the change, 31 after.
"""

from __future__ import annotations

import pytest
from action_helpers import all_text, first_answer

from actions.procedures.aspect import aspect_to_answer, model

QUOTED = "Theo quy định của thủ tục"
PROCESSING_TIME = "Thời hạn giải quyết"

# (question, the procedure, a fact of the record's sentence the first answer must state)
WHO_GOES = [
    ("thuê nhà ở trọ thì chủ nhà hay người ở trọ phải đi đăng ký tạm trú", "1.004194", "chủ hộ, chủ sở hữu"),
    ("con gai 15 tuoi len thanh pho hoc thi ai phai khai bao tam vang cho chau", "1.003677", "cha, mẹ hoặc người"),
    ("cháu 4 tuổi làm thẻ căn cước thì người nào đưa cháu đến", "1.014062", "người đại diện hợp pháp"),
    ("co dau chu re co phai cung len xa dang ky ket hon khong", "1.000894", "phải có mặt"),
]
DEADLINES = [
    ("bé nhà em đầy 3 tháng mà chưa làm khai sinh, giờ đi có trễ hạn không, hạn chót bao nhiêu ngày", "1.001193"),
    ("ông mất được 1 tháng, giờ đi khai tử có muộn không, hạn chót mấy ngày", "1.000656"),
]
DEADLINE_FACT = {"1.001193": "60 ngày", "1.000656": "15 ngày"}
ELIGIBILITY = [
    ("những loại giấy tờ nào thì không được chứng thực bản sao", "2.000815", "không được dùng làm cơ sở"),
    ("tách hộ ra ở riêng thì có phải đủ 18 tuổi không", "1.010038", "năng lực hành vi dân sự"),
    ("làm thẻ căn cước lần đầu có phải về quê mới làm được không", "1.014061", "không phụ thuộc vào nơi cư trú"),
]
# (question, the aspect the reader answers first)
ASPECTS = [
    ("sao y bằng tốt nghiệp hết mấy nghìn một trang", "fee"),
    ("lam lai bang lai xe ton may tram", "fee"),
    ("le phi chung thuc tinh theo van ban nao", "fee"),
    ("làm hộ chiếu lần đầu có phải về quê làm không", "conditions"),  # "lần đầu" asks no place,
    ("xin giấy phép lái xe cần điều kiện gì, bao nhiêu tuổi thì được", "conditions"),
]
HELD_OUT = [
    ("chị dâu tôi đi làm xa, tôi đi khai sinh cho cháu thay được không", "conditions"),
    ("nhà có người mất thì người nào phải lên xã báo tử", "conditions"),
    ("con 9 tuổi đi làm hộ chiếu thì bố hay mẹ phải đi cùng", "conditions"),
    ("ai là người đứng ra khai báo tạm vắng cho con chưa đủ 18 tuổi", "conditions"),
    ("thue nha thi chu nha di dang ky tam tru hay nguoi thue tu lam", "conditions"),
    ("nho ban di nop ho so dang ky ho kinh doanh giup duoc khong", "conditions"),
    ("chau be 3 tuoi lam can cuoc thi ai dua chau di", "conditions"),
    ("đẻ được hơn 2 tháng rồi mới đi khai sinh thì có bị quá hạn không", "conditions"),
    ("bán xe được 2 tháng chưa báo thu hồi biển số có bị trễ hạn không, hạn bao nhiêu ngày", "conditions"),
    ("bo mat gan mot thang moi di khai tu co muon khong", "conditions"),
    ("han chot xoa dang ky thuong tru khi nguoi trong ho mat la may ngay", "conditions"),
    ("chuyển về nhà mới ở thì trong vòng bao lâu phải đăng ký thường trú", "conditions"),
    ("xin cấp giấy phép lái xe thì phải đủ bao nhiêu tuổi", "conditions"),
    ("đăng ký kết hôn thì nam phải đủ mấy tuổi mới được", "conditions"),
    ("trường hợp nào thì không được cấp phiếu lý lịch tư pháp", "conditions"),
    ("điều kiện để được đăng ký thường trú vào nhà thuê là gì", "conditions"),
    ("den 40 tuoi co bat buoc phai doi the can cuoc khong", "conditions"),
    ("lam can cuoc co phai ve dung noi thuong tru khong", "conditions"),
    ("doi bang lai xe co phai ve tinh cap bang cu khong", "conditions"),
    ("công chứng hợp đồng mua bán nhà mấy nghìn một trang", "fee"),
    ("dang ky ho kinh doanh het may tram", "fee"),
    ("làm lại hộ chiếu bị mất tốn khoảng bao nhiêu", "fee"),
    ("cấp giấy phép xây dựng nhà ở mất mấy trăm nghìn", "fee"),
    ("lệ phí làm hộ chiếu tính theo văn bản nào", "fee"),
    ("phi dang ky xe may quy dinh o thong tu nao", "fee"),
    ("làm giấy phép lái xe cần nhữg giấy tờ gì", "documents"),
    ("đăng ký hộ kinh doanh cần chuẩn bị nhữg gì", "documents"),
    ("lam ho chieu can giay to gi", "documents"),
    ("dang ky tam vang can nhug gi", "documents"),
    ("xin lý lịch tư pháp hồ sơ gồm nhưng gì", "documents"),
    ("làm giấy khai tử cần giây tờ gì", "documents"),
]
MIN_HELD_OUT = 0.9  # the reader is a model: a miss or three of the held-out questions is allowed, not a drift


def _id(case) -> str:
    return case[0][:60]


def _answer(question: str, code: str) -> str:
    messages, slots = first_answer(question, pending_aspect="conditions")
    text = all_text(messages)
    assert slots.get("current_procedure_code") == code, text[:200]
    return text


@pytest.mark.parametrize("question,code,fact", WHO_GOES, ids=[_id(c) for c in WHO_GOES])
def test_who_goes_is_answered_with_the_sentence_naming_the_actor(kb, question, code, fact):
    text = _answer(question, code)
    assert text.startswith(QUOTED) and fact in text, text[:400]


@pytest.mark.parametrize("question,code", DEADLINES, ids=[_id(c) for c in DEADLINES])
def test_a_deadline_is_answered_with_the_time_to_keep_never_the_processing_time(kb, question, code):
    text = _answer(question, code)
    assert text.startswith(QUOTED) and DEADLINE_FACT[code] in text, text[:400]
    assert PROCESSING_TIME not in text


@pytest.mark.parametrize("question,code,fact", ELIGIBILITY, ids=[_id(c) for c in ELIGIBILITY])
def test_eligibility_is_answered_from_the_conditions_and_the_sentences_of_its_topic(kb, question, code, fact):
    text = _answer(question, code)
    assert text.startswith(QUOTED) and fact in text, text[:400]


@pytest.mark.parametrize("question,aspect", ASPECTS, ids=[_id(c) for c in ASPECTS])
def test_the_aspect_is_read_right(question, aspect):
    assert aspect_to_answer(question) == aspect


def test_a_word_with_a_letter_dropped_or_added_is_read_as_the_known_word():
    assert model().spelled(["can", "nhug", "giays", "gi"]) == ["can", "nhung", "giay", "gi"]


def test_the_held_out_questions_are_read_right():
    wrong = [(q, want, aspect_to_answer(q)) for q, want in HELD_OUT if aspect_to_answer(q) != want]
    assert len(wrong) <= (1 - MIN_HELD_OUT) * len(HELD_OUT), wrong
