"""BM25 and name coverage over several names per document."""

import pytest

from knowledge_base.lexical import BM25Index
from knowledge_base.phrases import load_common_names

DOCUMENTS = ["Cấp lại Giấy chứng nhận do bị mất", "Đăng ký khai sinh", "Đăng ký kết hôn"]


def test_name_coverage_takes_the_best_covered_name():
    index = BM25Index(
        DOCUMENTS,
        [["cap lai giay chung nhan do bi mat", "làm lại sổ đỏ bị mất"], ["dang ky khai sinh"], ["dang ky ket hon"]],
    )
    coverage = index.name_coverage("lam lai so do bi mat")
    assert coverage[0] == pytest.approx(1.0)
    assert coverage[1] == coverage[2] == 0.0


def test_a_document_without_everyday_names_keeps_its_own():
    index = BM25Index(DOCUMENTS, [["cap lai giay chung nhan do bi mat"], ["dang ky khai sinh"], ["dang ky ket hon"]])
    assert index.name_coverage("dang ky khai sinh")[1] == pytest.approx(1.0)


def test_common_names_file_maps_codes_to_names(tmp_path):
    path = tmp_path / "names.tsv"
    path.write_text("# comment\n1.001193\tlàm giấy khai sinh; khai sinh cho con ;\n\n", encoding="utf-8")
    assert load_common_names(path) == {"1.001193": ("làm giấy khai sinh", "khai sinh cho con")}


def test_everyday_names_reach_their_procedure(kb):
    assert kb.search("làm lại sổ đỏ bị mất").hits[0].code == "1.012786"
    assert kb.search("photo cong chung bang dai hoc").hits[0].code == "2.000815"


def test_an_index_without_names_scores_documents_and_covers_no_name():
    index = BM25Index(["khai thác nước dưới đất bằng giếng khoan", "đăng ký kết hôn"])
    scores, ceiling = index.scores("gieng khoan")
    assert scores[0] > 0 == scores[1] and ceiling > scores[0]
    assert not index.name_coverage("gieng khoan").any()
