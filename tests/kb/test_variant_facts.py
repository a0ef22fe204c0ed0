"""Ask which variant only when the asked fact differs between them."""

from knowledge_base.parse import parse_record
from knowledge_base.variant_facts import DOCUMENTS, FEE, PLACE, TIME, differing_aspects, differs


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
