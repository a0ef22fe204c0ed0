"""Search behaviour a citizen relies on, through the real index and encoder."""

import pytest


def top_code(kb, question):
    result = kb.search(question)
    assert not result.abstain, question
    return result.hits[0].code


@pytest.mark.parametrize(
    "question",
    [
        "lam giay khai sinh cho con can gi",
        "Làm giấy khai sinh cho con cần giấy tờ gì?",
        "lam giay khai sinh cho con can gi".upper(),
    ],
)
def test_birth_registration_with_or_without_diacritics(kb, question):
    assert top_code(kb, question) == "1.001193"


def test_colloquial_names_reach_the_catalog_wording(kb):
    assert top_code(kb, "nhap ho khau cho vo ve nha chong") == "1.004222"  # đăng ký thường trú
    assert top_code(kb, "đăng ký tạm trú cho sinh viên thuê trọ") == "1.004194"


def test_common_citizen_case_wins_among_variants(kb):
    # plain birth registration, not "có yếu tố nước ngoài" / "lưu động" / "đăng ký lại"
    assert top_code(kb, "đăng ký khai sinh") == "1.001193"
    # the commune-level card office, not the provincial or central one
    assert top_code(kb, "cấp đổi thẻ căn cước") == "1.014063"


@pytest.mark.parametrize(
    "question,code",
    [
        ("đăng ký khai sinh có yếu tố nước ngoài", "2.000528"),
        ("đăng ký khai sinh lưu động", "1.003583"),
        ("dang ky lai khai sinh", "1.004884"),
        ("cấp lại thẻ căn cước thực hiện tại cấp tỉnh", "2.001194"),
    ],
)
def test_a_question_that_names_a_variant_gets_it(kb, question, code):
    assert top_code(kb, question) == code


@pytest.mark.parametrize(
    "question",
    [
        "đăng ký tiêm chủng cho bé ở trạm y tế",
        "đóng viện phí ở bệnh viện tỉnh",
        "xin nhập học lớp 1 cho con",
        "thời tiết hôm nay thế nào",
    ],
)
def test_questions_outside_the_catalog_abstain(kb, question):
    assert kb.search(question).abstain


def test_outside_topic_says_who_handles_it(kb):
    result = kb.search("xin nhập học lớp 1 cho con")
    assert result.abstain and "Giáo dục" in result.handled_by


@pytest.mark.parametrize(
    "question",
    [
        "",
        "   ",
        "\n\t",
        "😀😀🙏",
        "?!...",
        "a" * 10_000,
        "<script>alert(1)</script>",
        "'; DROP TABLE dossiers; --",
        "Ђ Ж ж 漢字 ภาษาไทย",
        "\x00\x01",
    ],
)
def test_bad_input_never_raises(kb, question):
    result = kb.search(question)
    assert isinstance(result.abstain, bool)
    assert all(hit.code for hit in result.hits)


def test_empty_and_symbol_only_questions_abstain(kb):
    for question in ["", "   ", "😀😀🙏", "?!..."]:
        result = kb.search(question)
        assert result.abstain and result.hits == []


def test_long_question_still_finds_the_procedure(kb):
    question = "Chào anh chị, " * 5 + "cho tôi hỏi làm giấy khai sinh cho con cần gì"
    assert kb.search(question + " ạ" * 2000).hits  # cut to a sane length, not an error


def test_get_returns_the_parsed_procedure(kb):
    procedure = kb.get("1.004222")
    assert procedure.name == "Đăng ký thường trú"
    assert kb.get("9.999999") is None
    assert kb.get("") is None


def test_hits_are_ordered_and_scored(kb):
    hits = kb.search("đăng ký kết hôn", top=5).hits
    assert len(hits) == 5
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    assert hits[0].procedure.code == hits[0].code


@pytest.mark.parametrize(
    "question,code",
    [
        ("hoc sinh 15 tuoi lam can cuoc", "1.014061"),  # từ đủ 14 tuổi trở lên
        ("con tôi 10 tuổi làm căn cước được không", "1.014062"),  # dưới 14 tuổi
        ("bé 3 tháng tuổi làm thẻ căn cước", "1.014062"),
    ],
)
def test_an_age_in_the_question_picks_the_variant_for_that_age(kb, question, code):
    result = kb.search(question)
    assert result.hits[0].code == code and result.variants == []


@pytest.mark.parametrize("question", ["cấp thẻ căn cước", "thẻ căn cước", "tôi muốn làm căn cước"])
def test_without_an_age_the_citizen_is_asked_which_age_applies(kb, question):
    assert {h.code for h in kb.search(question).variants} == {"1.014061", "1.014062"}


def test_asking_for_a_special_case_puts_it_above_the_plain_sibling(kb):
    assert top_code(kb, "làm khai sinh cho con, chồng là người Hàn Quốc") == "2.000528"


def test_variants_are_found_among_the_candidates_even_below_the_top_hits(kb):
    # the ranker may rank other card procedures between the two age variants: they are still asked about
    result = kb.search("thẻ căn cước", top=1)
    assert {h.code for h in result.variants} == {"1.014061", "1.014062"}


def test_a_question_searched_again_is_not_encoded_again(kb, monkeypatch):
    encoded = []

    class Counting:
        name = kb.encoder.name

        def queries(self, texts):
            encoded.extend(texts)
            return inner.queries(texts)

    inner = kb.encoder
    monkeypatch.setattr(kb, "encoder", Counting())
    kb.query_vector.cache_clear()
    first = kb.search("nha toi co gieng khoan can dang ky khai thac nuoc")
    again = kb.search("nha toi co gieng khoan can dang ky khai thac nuoc")
    assert len(encoded) == 1 and [h.code for h in first.hits] == [h.code for h in again.hits]
    kb.query_vector.cache_clear()  # the other tests' encoder again


@pytest.mark.parametrize(
    "question,handled_by",
    [
        ("nhà tôi muốn mở một tiệm bán mỹ phẩm nhỏ thì xin phép ở đâu", "Sở Y tế"),
        ("con trai tôi đủ 18 tuổi, khi nào phải đi nghĩa vụ quân sự", "Ban Chỉ huy quân sự xã/phường"),
    ],
)
def test_a_topic_of_a_ministry_outside_the_catalog_says_who_handles_it(kb, question, handled_by):
    result = kb.search(question)
    assert result.abstain and handled_by in result.handled_by
