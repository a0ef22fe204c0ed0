"""Ask which variant only when the asked fact differs between them."""

from knowledge_base.parse import parse_record
from knowledge_base.variant_facts import (
    DOCUMENTS,
    FEE,
    LEGAL,
    PLACE,
    TIME,
    differing_aspects,
    differs,
    shared_authority,
    shared_laws,
)


def test_identity_card_renewal_costs_the_same_at_every_level(raw_records):
    levels = [parse_record(raw_records[code]) for code in ("1.014063", "2.001195", "1.000889")]  # xã, tỉnh, bộ
    assert not differs(levels, FEE) and not differs(levels, TIME)
    assert differs(levels, PLACE)
    assert FEE not in differing_aspects(levels)


def test_land_registration_times_differ_from_another_procedure(raw_records):
    pair = [parse_record(raw_records[code]) for code in ("1.013978", "1.001612")]
    assert differs(pair, TIME) and differs(pair, FEE) and differs(pair, DOCUMENTS)


def test_one_procedure_never_differs(raw_records):
    assert differing_aspects([parse_record(raw_records["1.001193"])]) == ()


def test_variants_citing_one_law_share_their_legal_basis(raw_records):
    under_and_over_14 = [parse_record(raw_records[code]) for code in ("1.014061", "1.014062")]
    assert not differs(under_and_over_14, LEGAL) and shared_laws(under_and_over_14) == {"26/2023/QH15"}
    # the passport's loss at the commune cites one Law, at the province two: the Law they share is enough
    passport = [parse_record(raw_records[code]) for code in ("1.010386", "1.001445")]
    assert not differs(passport, LEGAL)
    birth_and_card = [parse_record(raw_records[code]) for code in ("1.001193", "1.014061")]
    assert differs(birth_and_card, LEGAL)


def test_police_variants_share_their_authority_and_committees_do_not(raw_records):
    police = [parse_record(raw_records[code]) for code in ("1.010386", "1.010385", "1.001445")]
    assert differs(police, PLACE) and shared_authority(police) == "công an"
    foreigners = [parse_record(raw_records[code]) for code in ("1.001437", "1.000253")]  # online / by form
    assert shared_authority(foreigners) == "công an"
    birth_and_card = [parse_record(raw_records[code]) for code in ("1.001193", "1.014061")]
    assert shared_authority(birth_and_card) == ""
