"""A paper's short name (knowledge_base.documents.short_name) as a citizen reads it: no template file name run into
its last word, no "Thay thế bằng:" label, the papers a listing row names after its colon, and a row with no name
left is no paper."""

from knowledge_base.documents import papers, short_name
from knowledge_base.model import Document


def test_a_template_file_name_run_into_the_name_is_cut():
    # 1.014234 (cấp lại giấy phép thăm dò khoáng sản), 1.001061, 1.002861: the file's cell run into the name
    assert short_name("Bản đồ khu vực thăm dò khoáng sảnMau 09-Phu luc II_37.2025.TT-BNNMT_02") == (
        "Bản đồ khu vực thăm dò khoáng sản"
    )
    assert short_name("Đơn đề nghị theo quy định bản chính hoặc biểu mẫu điện tửDon_TT1") == (
        "Đơn đề nghị theo quy định bản chính hoặc biểu mẫu điện tử"
    )
    assert short_name("Phương án kinh doanh vận tải theo mẫuTPHS 1.000302 (PA).docx") == (
        "Phương án kinh doanh vận tải theo mẫu"
    )
    # neighbours: capitals after a space, a form code in brackets, an acronym
    assert short_name("Giấy khai đăng ký xe (mẫu ĐKX10)") == "Giấy khai đăng ký xe (mẫu ĐKX10)"
    assert short_name("Phiếu phân tích chất lượng sản phẩm (CoA) của nhà sản xuất") == (
        "Phiếu phân tích chất lượng sản phẩm (CoA) của nhà sản xuất"
    )


def test_a_substitute_is_named_without_its_label():
    # 2.000528 (khai sinh có yếu tố nước ngoài): "— hoặc: Thay thế bằng" was the alternative's name
    name = "Thay thế bằng: văn bản của người làm chứng xác nhận về việc sinh, nếu không có văn bản của người làm chứng"
    assert short_name(name) == "Văn bản của người làm chứng xác nhận về việc sinh"
    assert short_name("Thay đổi thông tin đăng ký") == "Thay đổi thông tin đăng ký"


def test_a_listing_row_is_named_with_the_papers_it_lists():
    # 2.000884 (chứng thực chữ ký): "Một trong các giấy tờ sau" said nothing; 2.001583: "Bản sao các giấy tờ sau đây"
    assert short_name("Một trong các giấy tờ sau: Căn cước điện tử; bản chính hoặc bản sao của Thẻ căn cước") == (
        "Một trong các giấy tờ sau: Căn cước điện tử, bản chính hoặc bản sao của Thẻ căn cước"
    )
    assert short_name("Bản sao các giấy tờ sau đây: - Giấy tờ pháp lý của cá nhân; - Giấy tờ pháp lý của tổ chức") == (
        "Bản sao các giấy tờ sau đây: Giấy tờ pháp lý của cá nhân, Giấy tờ pháp lý của tổ chức"
    )
    # 1.014157 (thẩm định quy hoạch): "Hồ sơ bản giấy gồm" was the name
    assert short_name("Hồ sơ bản giấy gồm: Thuyết minh; Dự thảo Quyết định phê duyệt") == (
        "Hồ sơ bản giấy gồm: Thuyết minh, Dự thảo Quyết định phê duyệt"
    )
    assert short_name("Giấy chứng sinh; trường hợp không có Giấy chứng sinh thì …") == "Giấy chứng sinh"  # unchanged


def test_a_row_with_no_name_left_is_no_paper():
    # 1.008615 (tạm xuất hàng hóa tạm quản): ". Trường hợp … thì người khai hải quan được nộp bản chụp" listed "2.  "
    rows = (
        Document("Sổ ATA do VCCI cấp theo mẫu", "1 bản chính", "", "", ""),
        Document("", "1 bản chính", "", "pháp luật chuyên ngành quy định nộp bản chụp", ""),
    )
    assert [paper.name for paper in papers(rows)] == ["Sổ ATA do VCCI cấp theo mẫu"]
