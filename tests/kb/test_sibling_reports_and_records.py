"""The sibling stage, round 9 (issues 10 and 12): the police's own health-insurance cards (ministry and field, not the
name) yield to everyone's BHYT procedure unless the question names the police; a loss reported ("báo mất", "trình
báo") asks the report, not the re-issue; "mở lại" a tax code asks its restoration; the supervision of a guardianship is
a niche a plain question about ending a guardianship does not mean; "làm lại" a paper after a story of a changed name
asks its change; a year in a question dates a transfer only when the question tells one, and a plot never certified
asks the first certificate of the narrow first's field; aliases for abbreviations and paraphrases citizens use.
Questions written for these tests, not taken from any benchmark set."""

from types import SimpleNamespace

import pytest

from knowledge_base.config import settings
from knowledge_base.phrases import PhraseTable
from knowledge_base.siblings import SiblingStage, final_acts, question_classes
from knowledge_base.text import fold

POLICE_CARD = ("Cấp lại thẻ bảo hiểm y tế (thực hiện tại cấp tỉnh)", "Chính sách", "bo-cong-an")
EVERYONES_CARD = ("Cấp lại, đổi, điều chỉnh thông tin trên sổ BHXH, thẻ BHYT", "Cấp sổ BHXH, thẻ BHYT", "bo-tai-chinh")


def _stage(*named: tuple[str, ...]) -> SiblingStage:
    return SiblingStage([SimpleNamespace(name=n[0], field=n[1], ministry=n[2] if len(n) > 2 else "") for n in named])


@pytest.mark.parametrize(
    "question", ["thẻ bhyt của mẹ tôi bị thất lạc", "thẻ bảo hiểm y tế bị ướt nhàu nát", "the bao hiem y te bi mat"]
)
def test_the_police_card_yields_to_everyones_card(question):
    assert _stage(POLICE_CARD, EVERYONES_CARD).choose(fold(question), [0, 1]) == 1


@pytest.mark.parametrize(
    "question", ["tôi là vợ chiến sĩ công an, thẻ bảo hiểm y tế bị mất", "thân nhân CAND mất thẻ BHYT thì làm sao"]
)
def test_the_police_card_stays_when_the_question_names_the_police(question):
    assert _stage(POLICE_CARD, EVERYONES_CARD).choose(fold(question), [0, 1]) == 0


def test_the_same_card_name_elsewhere_is_no_niche():
    other = ("Cấp lại thẻ bảo hiểm y tế", "Chính sách", "bo-y-te")
    assert _stage(other, EVERYONES_CARD).choose(fold("thẻ bảo hiểm y tế bị mất"), [0, 1]) == 0


def test_a_reported_loss_asks_the_report():
    stage = _stage(
        ("Cấp lại tem AB trong trường hợp hộ chiếu bị mất, hư hỏng ở trong nước", "Quản lý xuất nhập cảnh"),
        ("Trình báo mất hộ chiếu phổ thông (thực hiện tại cấp xã)", "Quản lý xuất nhập cảnh"),
    )
    assert stage.choose(fold("hộ chiếu bị móc túi mất, đi báo mất ở đâu"), [0, 1]) == 1
    assert stage.choose(fold("thủ tục trình báo việc mất hộ chiếu"), [0, 1]) == 1
    assert "reissue" not in question_classes(fold("báo mất hộ chiếu"))
    assert "reissue" in question_classes(fold("hộ chiếu bị mất, xin cấp lại"))


def test_opening_a_tax_code_again_asks_its_restoration():
    stage = _stage(
        ("Cấp lại Giấy chứng nhận đăng ký thuế, Thông báo mã số thuế", "Thuế"),
        ("Khôi phục mã số thuế", "Thuế"),
    )
    assert stage.choose(fold("mã số thuế của tôi bị khóa, giờ muốn mở lại cho hoạt động"), [0, 1]) == 1
    assert stage.choose(fold("làm mất thông báo mã số thuế, xin cấp lại"), [0, 1]) == 0


def test_the_supervision_of_a_guardianship_is_a_niche():
    stage = _stage(
        ("Đăng ký chấm dứt giám sát việc giám hộ", "Hộ tịch"),
        ("Thủ tục đăng ký chấm dứt giám hộ", "Hộ tịch"),
    )
    assert stage.choose(fold("cháu tôi đủ 18 tuổi rồi, chấm dứt giám hộ thế nào"), [0, 1]) == 1
    assert stage.choose(fold("tôi muốn thôi làm người giám sát việc giám hộ"), [0, 1]) == 0


def test_a_paper_made_again_after_a_changed_name_is_its_change():
    assert final_acts(fold("mình cải chính họ tên rồi, giờ xin lại thẻ căn cước")) == {"renew_worn"}
    assert final_acts(fold("ví rơi ngoài chợ, giờ làm lại căn cước")) == set()
    assert final_acts(fold("đổi tên xong, giờ cấp lại căn cước bị mất")) == {"reissue"}
    names = [
        ("Thủ tục thay đổi, cải chính, bổ sung thông tin hộ tịch", "Hộ tịch"),
        *[(f"Thủ tục khác số {k}", "Khác") for k in range(5)],
        ("Cấp đổi thẻ căn cước", "Cấp, quản lý căn cước"),
    ]
    stage = _stage(*names)
    assert stage.choose(fold("mình cải chính họ tên rồi, giờ xin lại thẻ căn cước"), list(range(7))) == 6
    assert stage.choose(fold("mình muốn cải chính họ tên trong khai sinh"), list(range(7))) == 0


def test_a_year_dates_only_a_transfer():
    assert "dated" not in question_classes(fold("nhà ở từ năm 1990 mà chưa bao giờ được cấp sổ"))
    assert "first" in question_classes(fold("nhà ở từ năm 1990 mà chưa bao giờ được cấp sổ"))
    assert "dated" in question_classes(fold("tôi mua đất bằng giấy tay từ năm 2015"))


def test_a_plot_never_certified_asks_the_first_certificate_of_its_field():
    stage = _stage(
        ("Đăng ký, cấp Giấy chứng nhận đối với trường hợp đã chuyển quyền trước ngày 01 tháng 8 năm 2024", "Đất đai"),
        ("Đăng ký đất đai, cấp Giấy chứng nhận quyền sử dụng đất lần đầu", "Đất đai"),
    )
    assert stage.choose(fold("đất khai hoang từ năm 1995, chưa bao giờ được cấp bìa đỏ"), [0, 1]) == 1
    assert stage.choose(fold("mua đất giấy tay năm 2010 chưa sang tên được"), [0, 1]) == 0
    # only a name saying it is the first issue, not any procedure of the field naming no act
    three = _stage(
        ("Đăng ký, cấp Giấy chứng nhận đối với trường hợp đã chuyển quyền trước ngày 01 tháng 8 năm 2024", "Đất đai"),
        ("Đăng ký biến động chuyển mục đích sử dụng đất không phải xin phép", "Đất đai"),
        ("Đăng ký đất đai, cấp Giấy chứng nhận quyền sử dụng đất lần đầu", "Đất đai"),
    )
    assert three.choose(fold("đất khai hoang từ năm 1995, chưa bao giờ được cấp bìa đỏ"), [0, 1, 2]) == 2


def test_a_certificate_asked_is_no_recognition():
    assert "recognise" not in question_classes(fold("xin giấy xác nhận còn độc thân"))
    assert "recognise" not in question_classes(fold("giấy xác nhận con đang học ở trường"))
    assert "recognise" in question_classes(fold("bố muốn nhận con ngoài giá thú"))


@pytest.fixture(scope="module")
def aliases() -> PhraseTable:
    return PhraseTable.load(settings().aliases_path)


@pytest.mark.parametrize(
    "question,expansion",
    [
        ("hai đứa muốn đi dkkh", "đăng ký kết hôn"),
        ("xin giấy con doc than", "xác nhận tình trạng hôn nhân"),
        ("cần giấy chứng minh chưa có chồng", "xác nhận tình trạng hôn nhân"),
        ("mất sdd rồi", "giấy chứng nhận quyền sử dụng đất"),
        ("làm khai sin cho con", "đăng ký khai sinh"),
        ("báo mất hộ chiếu", "trình báo mất hộ chiếu phổ thông"),
        ("bán thuốc bvtv", "bảo vệ thực vật"),
        ("chia mảnh đất cho con", "tách thửa hợp thửa đất"),
        ("xe hỏng không đi nữa, muốn nộp lại biển số", "thu hồi giấy chứng nhận đăng ký biển số xe"),
    ],
)
def test_citizens_abbreviations_and_paraphrases_expand(aliases, question, expansion):
    assert expansion in aliases.lookup(question)


@pytest.mark.parametrize(
    "question,codes",
    [
        ("thẻ bhyt của bố tôi bị rách mất một góc", {"1.002759"}),
        ("hai đứa định dkkh thì cần mang giấy gì", {"1.000894"}),
        ("đi báo mất hộ chiếu ở công an xã", {"1.010386", "1.010385", "1.001445", "2.000539"}),
        ("cho hỏi thủ tục chia mảnh đất làm hai thửa", {"1.012784"}),
    ],
)
def test_the_search_names_the_procedure(kb, question, codes):
    result = kb.search(question)
    assert not result.abstain and result.hits[0].code in codes


def test_a_convalescence_after_a_birth_asks_the_convalescence_leave():
    stage = _stage(
        ("Giải quyết hưởng chế độ thai sản", "Thực hiện chính sách BHXH"),
        ("Giải quyết hưởng trợ cấp nghỉ DSPHSK sau ốm đau, thai sản, TNLĐ, BNN", "Thực hiện chính sách BHXH"),
    )
    assert stage.choose(fold("đẻ xong quay lại làm việc mà người còn yếu, xin nghỉ dưỡng sức"), [0, 1]) == 1
    assert stage.choose(fold("vợ tôi sắp sinh, hưởng thai sản thế nào"), [0, 1]) == 0
