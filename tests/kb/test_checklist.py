from knowledge_base.checklist import build_checklist, bundles, bundles_for, short_name


def test_short_names_read_well_on_a_phone():
    assert short_name("Giấy chứng sinh; trường hợp không có Giấy chứng sinh thì nộp văn bản …") == "Giấy chứng sinh"
    assert short_name("- Văn bản ủy quyền (được chứng thực) theo quy định") == "Văn bản ủy quyền"
    assert len(short_name("Một giấy tờ " * 30)) <= 91


def test_birth_registration_checklist_marks_conditional_items(kb):
    checklist = build_checklist([kb.get("1.001193")])
    names = [item.name for item in checklist.items]
    assert "Giấy chứng sinh" in names
    assert checklist.cases == ()
    abandoned = next(i for i in checklist.items if "bỏ rơi" in i.name)
    assert abandoned.condition and abandoned.copies == "1 bản chính"
    assert len({i.key for i in checklist.items}) == len(checklist.items)


def test_permanent_residence_is_split_into_the_citizen_cases(kb):
    checklist = build_checklist([kb.get("1.004222")])
    assert "Đăng ký thường trú vào chỗ ở hợp pháp do thuê, mượn, ở nhờ" in checklist.cases
    rented = checklist.for_case("Đăng ký thường trú vào chỗ ở hợp pháp do thuê, mượn, ở nhờ")
    assert any("cho thuê, cho mượn, cho ở nhờ" in item.detail for item in rented)
    assert not any("tôn giáo" in item.case for item in rented)
    assert len(checklist.for_case(None)) == len(checklist.items)


def test_linked_procedures_ask_a_shared_paper_once(kb):
    birth, linked = kb.get("1.001193"), kb.get("2.001023")
    alone = len(build_checklist([birth]).items) + len(build_checklist([linked]).items)
    merged = build_checklist([birth, linked])
    assert len(merged.items) < alone
    shared = [i for i in merged.items if set(i.procedures) == {"1.001193", "2.001023"}]
    assert shared, "the birth-registration form is needed by both and must be asked once"


def test_bundles_point_at_real_procedures(kb):
    for bundle in bundles():
        assert all(kb.get(code) for code in bundle.procedures + bundle.offer_for), bundle.id
    assert {b.id for b in bundles_for("1.001193")} == {"khai-sinh-thuong-tru-bhyt", "khai-sinh-bhyt"}
    assert bundles_for("1.000894") == ()
