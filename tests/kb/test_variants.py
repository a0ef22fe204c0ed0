"""Which qualifiers of a procedure's name make it a special case of another procedure."""

from knowledge_base.variants import FOREIGN_WORDS, age_asked, age_range, qualifiers_asked, sibling_qualifiers


def test_a_qualifier_counts_only_against_a_sibling_without_it(kb):
    plain, foreign, paused = kb.get("1.001193"), kb.get("2.000528"), kb.get("1.001570")
    qualifiers = sibling_qualifiers([plain, foreign, paused], similarity=0.4)
    # "đăng ký khai sinh có yếu tố nước ngoài" is the special case of plain birth registration
    assert qualifiers.special == [set(), {"co yeu to nuoc ngoai"}, set()]
    assert qualifiers.plain == [{"co yeu to nuoc ngoai"}, set(), set()]
    # "tạm ngừng kinh doanh … hộ kinh doanh" has no plain sibling here: nothing to prefer over it


def test_without_the_sibling_the_qualifier_is_what_the_procedure_is_about(kb):
    assert sibling_qualifiers([kb.get("2.000528")], similarity=0.4).special == [set()]


def test_foreign_words_need_a_country_not_a_syllable():
    assert "co yeu to nuoc ngoai" in qualifiers_asked("dang ky ket hon voi nguoi nhat")
    assert "co yeu to nuoc ngoai" in qualifiers_asked("chong han quoc")
    # "tư pháp", "lao động", "mỹ phẩm" are not France, Laos or America
    assert not qualifiers_asked("ly lich tu phap xuat khau lao dong my pham") & {"nuoc ngoai", "co yeu to nuoc ngoai"}
    assert not {"my", "uc", "phap", "lao", "nhat", "han"} & set(FOREIGN_WORDS)


def test_age_ranges_of_names_and_ages_in_questions(kb):
    assert age_range(kb.get("1.014062")) == (0.0, 14.0)  # dưới 14 tuổi
    assert age_range(kb.get("1.014061")) == (14.0, float("inf"))  # từ đủ 14 tuổi trở lên
    assert age_range(kb.get("1.001193")) == (0.0, float("inf"))
    assert age_asked("be 5 tuoi lam can cuoc") == 5.0
    assert age_asked("con 3 thang tuoi") == 0.0
    assert age_asked("lam can cuoc") is None
