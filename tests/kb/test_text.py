import unicodedata

from knowledge_base.text import fold, has_diacritics, normalize


def test_fold_removes_every_diacritic_and_d_stroke():
    assert fold("Đăng ký Thường trú") == "dang ky thuong tru"
    assert fold("Giấy chứng nhận quyền sử dụng đất") == "giay chung nhan quyen su dung dat"


def test_decomposed_and_composed_input_normalise_alike():
    composed = "Đăng ký khai sinh"
    decomposed = unicodedata.normalize("NFD", composed)
    assert decomposed != composed
    assert normalize(decomposed) == composed


def test_both_tone_mark_placements_become_one():
    assert normalize("hoà giải") == normalize("hòa giải") == "hòa giải"
    assert normalize("thuỷ lợi") == "thủy lợi"
    assert normalize("khoẻ") == "khỏe"


def test_tone_is_not_moved_where_the_u_belongs_to_qu():
    assert normalize("quý") == "quý"
    assert normalize("Quỹ tín dụng") == "Quỹ tín dụng"


def test_white_space_is_collapsed():
    assert normalize("  làm\tgiấy \n khai sinh ") == "làm giấy khai sinh"


def test_has_diacritics():
    assert has_diacritics("làm giấy")
    assert not has_diacritics("lam giay khai sinh")
