"""A documents question gets the papers, the core ones by name, on one phone screen (issue 10).

- "<procedure> cần gì" (and "làm X cần gì", "X thì cần gì", a situation told first) asks for the papers, as a một
  cửa clerk hears it: through the actions, the first message lists the papers and names the one a clerk would
  certainly name (the aspect reader read these as the overview and answered the summary card, with no paper).
- The list leads with the application form, names each paper by its short name (not the clause around it), lists
  a paper once, in at most 8 lines and 1,200 characters.
- A record without a document list quotes the papers its description names, and says where they come from.
The questions are written for this test (about half without diacritics), not taken from a benchmark or the
training data (actions/procedures/data/aspect_documents.yml).
"""

from __future__ import annotations

import re

import pytest
from action_helpers import make_tracker, run_action

from actions.procedures import render
from actions.procedures.render import DOCUMENTS_LIMIT
from actions.procedures.render.common import PAGE_LABEL
from actions.procedures.render.documents import MAX_LINES
from actions.procedures.search import ActionSearchProcedure

# (question, a paper a clerk would certainly name, in the first message)
QUESTIONS = [
    ("đăng ký khai sinh cho con cần gì", "Tờ khai đăng ký khai sinh"),
    ("lam giay khai sinh cho be thi can gi", "Giấy chứng sinh"),
    ("vợ chồng tôi mới cưới, đăng ký kết hôn cần gì", "Tờ khai đăng ký kết hôn"),
    ("dang ky ket hon can gi vay", "Giấy tờ tùy thân"),
    ("ông tôi vừa mất, làm khai tử cần gì", "Giấy báo tử"),
    ("lam giay chung tu cho ba can gi", "Tờ khai đăng ký khai tử"),
    ("xin giấy xác nhận tình trạng hôn nhân cần gì", "Tờ khai cấp Giấy xác nhận tình trạng hôn nhân"),
    ("xin xac nhan doc than de di lam ho so can gi", "Tờ khai cấp Giấy xác nhận tình trạng hôn nhân"),
    ("chứng thực bản sao giấy tờ cần gì", "Bản chính giấy tờ"),
    ("chung thuc ban sao can gi a", "Bản chính giấy tờ"),
    ("làm hộ chiếu lần đầu cần gì", "Tờ khai đề nghị cấp hộ chiếu phổ thông"),
    ("lam ho chieu can gi", "Ảnh mới chụp"),
    ("làm căn cước cho con dưới 14 tuổi cần gì", "Phiếu đề nghị giải quyết thủ tục về căn cước"),
    ("lam can cuoc cho con 10 tuoi can gi", "Phiếu CC01"),
    ("con tôi 14 tuổi làm căn cước lần đầu cần gì", "Phiếu thu thập thông tin dân cư"),
    ("cấp lại giấy phép lái xe bị mất cần gì", "Đề nghị đổi giấy phép lái xe"),  # the catalog's wording
    ("mat bang lai xe may lam lai can gi", "Đề nghị đổi giấy phép lái xe"),
    ("đổi giấy phép lái xe sắp hết hạn thì cần gì", "Đề nghị đổi giấy phép lái xe"),
    ("doi bang lai xe het han can gi", "Giấy khám sức khỏe"),
    ("đăng ký tạm trú cần gì", "Tờ khai thay đổi thông tin cư trú (mẫu CT01)"),
    ("dang ky tam tru can gi", "Thông tin chứng minh về chỗ ở hợp pháp"),
    ("xin lý lịch tư pháp cần gì", "Tờ khai yêu cầu cấp Phiếu Lý lịch tư pháp"),
    ("đăng ký hộ kinh doanh cần gì", "Giấy đề nghị đăng ký hộ kinh doanh"),
    ("mo quan tap hoa dang ky ho kinh doanh can gi", "Giấy đề nghị đăng ký hộ kinh doanh"),
    ("xin giấy phép xây dựng nhà ở riêng lẻ cần gì", "Một trong những giấy tờ hợp pháp về đất đai"),
    ("xin phep xay nha o rieng le can gi", "Hồ sơ thiết kế xây dựng"),
    ("tách thửa đất cần gì", "Đơn đề nghị tách thửa đất"),
    ("tach thua dat can gi", "Bản vẽ tách thửa đất"),
    ("làm sổ đỏ lần đầu cho hộ gia đình cần gì", "Đơn đăng ký đất đai"),
    ("chuyen muc dich su dung dat can gi", "chuyển mục đích sử dụng đất"),
    ("đăng ký nhận cha con cần gì", "Văn bản của cơ quan y tế"),
    ("dang ky nhan cha me con can gi", "Tờ khai đăng ký"),
    ("đăng ký lại khai sinh cần gì", "Bản sao Giấy khai sinh"),
    ("dang ky lai khai sinh can gi", "Tờ khai đăng ký lại khai sinh"),
    ("cấp bản sao trích lục hộ tịch cần gì", "Tờ khai đề nghị bản sao Trích lục hộ tịch"),
    ("xoa dang ky thuong tru can gi", "Tờ khai thay đổi thông tin cư trú (mẫu CT01)"),
    ("gia hạn tạm trú cần gì", "Tờ khai thay đổi thông tin cư trú (mẫu CT01)"),
    # its document table is read from the page since record_fields (its description's words were quoted before)
    ("ủy quyền lĩnh thay lương hưu cần gì", "Giấy ủy quyền"),
    ("uy quyen linh thay che do bao hiem xa hoi can gi", "Giấy ủy quyền"),
    ("đăng ký giám hộ cần gì", "Tờ khai đăng ký giám hộ"),
    ("dang ky giam ho cho me gia can gi", "Giấy tờ chứng minh điều kiện giám hộ"),
    ("thay đổi cải chính hộ tịch cần gì", "Giấy tờ làm căn cứ thay đổi, cải chính"),
    ("đăng ký xe ô tô lần đầu cần gì", "Giấy khai đăng ký xe (mẫu ĐKX10)"),
    ("nhà tôi mới mua xe máy cũ, sang tên xe cần gì", "Chứng nhận đăng ký xe"),
    ("sang ten xe may can gi", "Bản sao chứng từ chuyển quyền sở hữu xe"),
    ("dang ky nuoi con nuoi trong nuoc can gi", "Giấy khám sức khỏe"),
    ("đăng ký khai sinh có yếu tố nước ngoài cần gì", "Văn bản thỏa thuận của cha, mẹ về việc lựa chọn quốc tịch"),
    ("cấp thẻ bảo hiểm y tế cho trẻ dưới 6 tuổi cần gì", "Tờ khai tham gia bảo hiểm y tế"),
    ("chứng thực chữ ký cần gì", "Giấy tờ, văn bản mà mình sẽ yêu cầu chứng thực chữ ký"),
    ("đăng ký thường trú cho con mới sinh cần gì", "Tờ khai thay đổi thông tin cư trú (mẫu CT01)"),
]

# (procedure, how its first numbered line starts: the application form)
FORM_FIRST = [
    ("1.001193", "1. Tờ khai đăng ký khai sinh"),  # đăng ký khai sinh: the birth certificate came first
    ("1.000894", "1. Tờ khai đăng ký kết hôn"),  # đăng ký kết hôn: the identity papers came first
    ("1.014062", "1. Phiếu đề nghị giải quyết thủ tục về căn cước (mẫu DC02)"),  # căn cước dưới 14 tuổi
    ("1.001456", "1. Tờ khai đề nghị cấp hộ chiếu phổ thông ở trong nước (mẫu TK01)"),  # hộ chiếu
]

# (procedure, a numbered line as a clerk names the paper: short, the paper itself)
SHORT_NAMES = [
    ("1.014062", "2. Phiếu CC01 (1 bản chính)"),  # "Phiếu CC01 được tạo lập khi trích xuất thông tin …" (cut)
    ("1.001456", "2. Ảnh mới chụp không quá 06 tháng (1 bản chính)"),  # "…, cỡ 4cm x 6cm, mặt nhìn thẳng, rõ…"
]

NUMBERED = re.compile(r"^\d+\. ", re.MULTILINE)


def _documents(kb, code: str, question: str = ""):
    proc = kb.get(code)
    assert proc is not None, code
    reply = render.answer(proc, "documents", question=question)
    assert len(reply.text) <= DOCUMENTS_LIMIT, reply.text
    assert len(NUMBERED.findall(reply.text)) <= MAX_LINES, reply.text
    assert reply.text.splitlines()[-1].startswith(PAGE_LABEL)
    return reply


@pytest.mark.parametrize("question, paper", QUESTIONS, ids=[q for q, _ in QUESTIONS])
def test_a_short_documents_question_names_the_paper_in_the_first_message(kb, question, paper):
    messages, _, _ = run_action(ActionSearchProcedure(), make_tracker(question, "ask_procedure"))
    first = messages[0].get("text") or ""
    assert first.startswith("Giấy tờ cần chuẩn bị"), first[:300]
    assert paper in first, first
    assert len(first) <= DOCUMENTS_LIMIT


@pytest.mark.parametrize("code, first", FORM_FIRST)
def test_the_application_form_leads_the_list(kb, code, first):
    text = _documents(kb, code).text
    numbered = [line for line in text.splitlines() if NUMBERED.match(line)]
    assert numbered[0].startswith(first), text


@pytest.mark.parametrize("code, line", SHORT_NAMES)
def test_a_paper_is_named_by_its_short_name(kb, code, line):
    assert line in _documents(kb, code).text.splitlines()


def test_a_paper_the_catalog_lists_twice_is_listed_once(kb):
    text = _documents(kb, "1.014062").text  # căn cước dưới 14 tuổi: Phiếu CC01 was items 1 and 3
    names = [re.sub(r"^\d+\. ", "", line) for line in text.splitlines() if NUMBERED.match(line)]
    # the form, CC01 and the proof of being the child's legal representative (required for a child's card)
    assert len(names) == len(set(names)) == 3, text


def test_a_record_without_a_list_quotes_the_papers_its_description_names(kb):
    text = _documents(kb, "1.014951").text  # thông báo phương án chăn nuôi
    assert "phần mô tả thủ tục có nêu" in text
    assert "“Thông báo phương án chăn nuôi”" in text


def test_a_record_whose_description_names_no_paper_keeps_the_honest_answer(kb):
    text = _documents(kb, "3.000364").text  # giấy phép cơ sở cai nghiện ma túy tự nguyện: its table is empty
    assert "cơ sở dữ liệu chưa có danh sách giấy tờ" in text and "mô tả" not in text
