"""Questions a record answers in a sentence, asked in the citizen's words (issue 10, brief S): who must be present,
who may go instead, a deadline to keep, a step asked yes or no; and two aspects in one message.

Written for this test over 21 procedures of several ministries (about half without diacritics), none from a
benchmark set. DEVELOPED were written first and the rules (knowledge_base/sentences.py, sentence_meaning.py, the
synonyms table, the aspect reader's questions) were chosen on them; HELD_OUT were written afterwards and not tuned
on. Through the actions over the real knowledge base, as a first message. Questions the search sends to another
procedure today are left out (the search is not this test's subject). Measured with the code before this change
(same tree, the conditions files reverted): DEVELOPED 11 of these 34 stated the fact, HELD_OUT 8 of these 17.
The misses still open are strict xfails: a change that answers one must turn it into a plain case.
"""

from __future__ import annotations

import pytest
from action_helpers import all_text, first_answer

from actions.procedures.aspect import read_aspects
from actions.procedures.render import DOCUMENTS_LIMIT
from actions.procedures.render.common import PAGE_LABEL

QUOTED = "Theo quy định của thủ tục"
REPLY_LIMIT = 600  # a single-aspect answer fits one phone screen


def missed(question: str, code: str, fact: str, reason: str):
    return pytest.param(question, code, fact, marks=pytest.mark.xfail(reason=reason, strict=True))


# (question, the procedure, a fact of the record's sentence the answer must state)
DEVELOPED = [
    missed(
        "con gái tôi đi làm ở xa, tôi xin giấy xác nhận tình trạng hôn nhân thay cho cháu được không",
        "1.004873",
        "ủy quyền",
        "a story clause 'đi làm ở xa' is read as the place",
    ),
    (
        "xin giay xac nhan tinh trang hon nhan ho em trai thi giay uy quyen co can chung thuc khong",
        "1.004873",
        "không phải chứng thực",
    ),
    missed(
        "chị gái có thể đi xin bản sao trích lục khai sinh giùm tôi không",
        "2.000635",
        "ủy quyền",
        "'giùm tôi' is read as no aspect",
    ),
    missed(
        "lay ban sao giay khai sinh cho me thi con di xin duoc khong",
        "2.000635",
        "ủy quyền",
        "the authorisation sentence scores below MIN_COMBINED",
    ),
    ("bố tôi già yếu, tôi đi đăng ký lại khai sinh cho bố được không", "1.004884", "ủy quyền"),
    ("dang ky giam ho co nho nguoi khac di lam duoc khong", "1.004837", "ủy quyền"),
    ("con trai đi khai tử cho bố thay mẹ thì giấy ủy quyền có phải chứng thực không", "1.000656", "con"),
    missed(
        "chong sap cuoi dang lam viec o tinh khac, minh em di dang ky ket hon duoc khong",
        "1.000894",
        "có mặt",
        "'ở tỉnh khác' is read as the place, asked first",
    ),
    # answered since a yes/no question about the place reads the conditions, "cô dâu"/"lần đầu" asking no place
    ("đăng ký kết hôn có cần hai đứa cùng lên xã không", "1.000894", "có mặt"),
    missed(
        "lam can cuoc cho be 5 tuoi thi be co phai den khong",
        "1.014062",
        "đưa người dưới 14 tuổi đến",
        "the bringing sentence scores below MIN_COMBINED",
    ),
    ("con tôi 9 tuổi làm thẻ căn cước thì ai dẫn cháu đi làm", "1.014062", "người đại diện hợp pháp"),
    # answered since "16 tuổi" reads "người chưa thành niên" and a question asking who weighs the actor sentences
    ("con 16 tuoi di hoc xa nha thi ai di khai bao tam vang cho chau", "1.003677", "cha, mẹ hoặc người giám hộ"),
    ("mở hộ kinh doanh thì nhờ người quen đi nộp hồ sơ giúp được không", "1.001612", "ủy quyền"),
    (
        "uy quyen cho nguoi khac dang ky ho kinh doanh thi giay uy quyen co phai cong chung khong",
        "1.001612",
        "công chứng",
    ),
    ("nhan con nuoi thi ca hai vo chong co bat buoc co mat luc giao nhan khong", "2.001263", "có mặt"),
    ("chau sinh ra ma bo me deu di lam an xa thi ai dang ky khai sinh cho chau", "1.001193", "ông hoặc bà"),
    ("bà ngoại đi làm khai sinh cho cháu thì có cần giấy của bố mẹ cháu không", "1.001193", "ủy quyền"),
    ("bố mẹ xin lý lịch tư pháp cho con chưa thành niên được không", "3.000333", "cha, mẹ của người chưa thành niên"),
    ("uy quyen cho nguoi khac xin ly lich tu phap duoc khong", "3.000333", "ủy quyền"),
    ("đổi bằng lái nộp trực tiếp thì có phải chụp ảnh tại chỗ không", "3.000347", "chụp ảnh trực tiếp"),
    ("chứng thực chữ ký mà người nhờ không biết tiếng Việt thì phải làm sao", "2.000884", "người phiên dịch"),
    (
        "dang ky thanh lap doanh nghiep tu nhan nho nguoi khac nop thi ca hai co phai xac thuc khong",
        "2.001610",
        "xác thực điện tử",
    ),
    ("thay đổi địa chỉ hộ kinh doanh thì trong bao lâu phải đi đăng ký thay đổi", "2.000720", "10 ngày"),
    ("ho kinh doanh doi nganh nghe thi phai bao trong may ngay", "2.000720", "10 ngày"),
    ("ông tôi mất rồi thì mấy ngày phải đi xóa thường trú cho ông", "1.003197", "07 ngày"),
    missed(
        "con mới đẻ thì mấy ngày phải đăng ký thường trú cho cháu",
        "1.004222",
        "60 ngày",
        "the 60-day sentence scores below MIN_COMBINED",
    ),
    ("để quá 2 tháng mới đi khai sinh cho con thì có bị sao không", "1.001193", "60 ngày"),
    ("chau be sinh duoc bao lau thi bat buoc phai lam giay khai sinh", "1.001193", "60 ngày"),
    ("nguoi than qua doi thi gia dinh phai khai tu cham nhat la bao lau", "1.000656", "15 ngày"),
    missed(
        "người đang say rượu có được chứng thực chữ ký không",
        "2.000884",
        "không được chứng thực chữ ký",
        "'không nhận thức và làm chủ được hành vi' is not found for 'say rượu'",
    ),
    ("cap lai giay phep lai xe thi ho so cu co bi luu lai khong", "3.000348", "02 năm"),
    ("hòa giải tranh chấp đất đai có cần các bên đều có mặt không", "1.012812", "có mặt"),
    ("lam can cuoc cho con 8 tuoi co phai lay van tay khong", "1.014062", "vân tay"),
    ("ket hon voi nguoi nuoc ngoai ma mot nguoi khong ve nhan giay duoc thi sao", "2.000806", "gia hạn"),
]
HELD_OUT = [
    ("nha toi co nguoi mat hom qua, cham nhat bao nhieu ngay phai di khai tu", "1.000656", "15 ngày"),
    ("em trai đi khai tử cho mẹ thay chị thì cần giấy tờ ủy quyền không", "1.000656", "ủy quyền"),
    ("làm căn cước cho con 4 tuổi thì ai phải đưa cháu đến công an", "1.014062", "người đại diện hợp pháp"),
    ("con chua du 18 tuoi di lam xa thi ai khai bao tam vang thay", "1.003677", "cha, mẹ hoặc người giám hộ"),
    ("trong nhà có người mất thì bao nhiêu ngày phải làm thủ tục xóa đăng ký thường trú", "1.003197", "07 ngày"),
    ("ho kinh doanh doi chu ho thi phai dang ky thay doi trong may ngay", "2.000720", "10 ngày"),
    ("hộ kinh doanh thay đổi vốn thì chậm nhất mấy ngày phải báo", "2.000720", "10 ngày"),
    ("thanh lap ho kinh doanh co the uy quyen cho con trai nop ho so khong", "1.001612", "ủy quyền"),
    ("cha mẹ có được xin phiếu lý lịch tư pháp số 2 cho con chưa thành niên không", "3.000333", "chưa thành niên"),
    (
        "xin giấy xác nhận độc thân nhờ mẹ đi thay thì giấy ủy quyền có phải chứng thực không",
        "1.004873",
        "không phải chứng thực",
    ),
    missed(
        "bo di xin ban sao trich luc khai sinh cho con gai duoc khong",
        "2.000635",
        "ủy quyền",
        "the authorisation sentence is not chosen",
    ),
    ("đăng ký giám hộ có được ủy quyền cho người khác làm không", "1.004837", "ủy quyền"),
    ("dang ky lai khai sinh cho ong noi thi chau di lam thay duoc khong", "1.004884", "ủy quyền"),
    missed(
        "đổi giấy phép lái xe trực tiếp ở công an thì có phải chụp ảnh ở đó không",
        "3.000347",
        "chụp ảnh trực tiếp",
        "the photo sentence is not chosen",
    ),
    ("muon tach ho thi nguoi tach phai dap ung dieu kien gi", "1.010038", "năng lực hành vi dân sự"),
    ("hòa giải tranh chấp đất mà một bên vắng mặt thì có hòa giải được không", "1.012812", "có mặt"),
    ("nguoi nuoc ngoai khong biet tieng viet thi chung thuc chu ky the nao", "2.000884", "phiên dịch"),
]


def _first_answer(question: str):
    messages, slots = first_answer(question)  # between close variants, the first is chosen
    return all_text(messages), slots


def _id(row) -> str:
    return (row.values[0] if hasattr(row, "values") else row[0])[:60]


@pytest.mark.parametrize("question,code,fact", DEVELOPED + HELD_OUT, ids=[_id(r) for r in DEVELOPED + HELD_OUT])
def test_the_record_sentence_states_the_asked_fact(kb, question, code, fact):
    text, slots = _first_answer(question)
    assert slots.get("current_procedure_code") == code, text[:200]
    assert fact in text, text[:600]
    # a quoted sentence fits one phone screen; a question naming a paper ("giấy ủy quyền") gets the paper list
    assert len(text) <= (REPLY_LIMIT if text.startswith(QUOTED) else DOCUMENTS_LIMIT), len(text)
    assert text.rstrip().splitlines()[-1].startswith(PAGE_LABEL)


@pytest.mark.parametrize(
    "question",
    [
        "bằng lái xe hết hạn có phải đổi không, đổi ở đâu",
        "tam tru co phai dang ky khong, dang ky o dau",
        "mat the can cuoc co phai bao cong an khong, lam lai o dau",
    ],
)
def test_a_yes_no_question_with_an_explicit_place_answers_the_place_first(kb, question):
    assert [r.aspect for r in read_aspects(question)][:2] == ["where", "conditions"]
    text, _ = _first_answer(question)
    assert text.startswith("Nơi nộp hồ sơ"), text[:200]


def test_a_yes_no_question_with_an_explicit_time_answers_the_time_first(kb):
    question = "đăng ký hộ kinh doanh có bắt buộc không, mất bao lâu"
    assert [r.aspect for r in read_aspects(question)][0] == "time"
    text, _ = _first_answer(question)
    assert text.startswith("Thời hạn giải quyết"), text[:200]


@pytest.mark.parametrize(
    "question",
    [
        "ông tôi mất rồi thì mấy ngày phải đi xóa thường trú cho ông",
        "nha co nguoi mat thi may ngay phai di xoa dang ky thuong tru",
    ],
)
def test_a_deadline_to_keep_after_its_topic_is_no_processing_time(question):
    assert [r.aspect for r in read_aspects(question)] == ["conditions"]


# (question, the procedure): the record says nothing of it; the rules were chosen keeping these unanswered
NOT_STATED = [
    ("tách hộ thì người tách có phải có việc làm ổn định không", "1.010038"),
    ("lam can cuoc cho con co phai mac ao trang khong", "1.014062"),
    ("đăng ký hộ kinh doanh có cần bằng đại học không", "1.001612"),
    ("doi bang lai co phai thi lai ly thuyet khong", "3.000347"),
    ("khai báo tạm vắng có cần chủ nhà ký xác nhận không", "1.003677"),
    ("dang ky ket hon co phai xet nghiem HIV khong", "1.000894"),
    ("xin lý lịch tư pháp có phải có hộ khẩu ở thành phố không", "3.000333"),
    ("xoa thuong tru co phai nop phat khong", "1.003197"),
    ("đăng ký giám hộ người giám hộ có phải trên 30 tuổi không", "1.004837"),
    ("chung thuc chu ky co phai mang theo nhan chung khong", "2.000884"),
]


@pytest.mark.parametrize("question,code", NOT_STATED, ids=[q[:60] for q, _ in NOT_STATED])
def test_what_no_sentence_says_is_never_quoted_as_if_it_did(kb, question, code):
    text, slots = _first_answer(question)
    assert slots.get("current_procedure_code") == code, text[:200]
    assert not text.startswith(QUOTED), text[:400]
