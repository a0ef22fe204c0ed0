"""knowledge_base.described_papers: the papers a record's description names when its document table is empty.

The texts are written for this test in the catalog's style, not copied from a record.
"""

from __future__ import annotations

from types import SimpleNamespace

from knowledge_base.described_papers import MAX_PAPERS, described_papers


def _record(steps: str, table: str = "") -> SimpleNamespace:
    return SimpleNamespace(steps=steps, raw={"thanh_phan_ho_so": table})


def test_papers_handed_over_are_named_with_their_alternatives():
    record = _record(
        "Bước 1. Người đề nghị nộp Đơn đề nghị hỗ trợ (mẫu số 02) hoặc Văn bản đề nghị cho Ủy ban nhân dân cấp xã, "
        "xuất trình Thẻ căn cước hoặc hộ chiếu còn giá trị. Bước 2. Ủy ban nhân dân cấp xã tiếp nhận hồ sơ."
    )
    assert described_papers(record) == [
        "Đơn đề nghị hỗ trợ (mẫu số 02) hoặc Văn bản đề nghị",
        "Thẻ căn cước hoặc hộ chiếu còn giá trị",
    ]


def test_the_portals_fragment_in_the_tables_place_is_read_too():
    record = _record("Bước 1. Lập hồ sơ theo quy định tại mục", ". Bước 2. Thân nhân nộp Giấy báo tử cho cơ quan.")
    assert described_papers(record) == ["Giấy báo tử"]


def test_the_dossier_a_paper_the_agency_sends_and_a_bare_word_are_no_papers():
    record = _record(
        "Bước 1. Người lao động nộp hồ sơ cho cơ quan bảo hiểm xã hội. "
        "Bước 2. Cơ quan bảo hiểm xã hội gửi Thông báo kết quả giải quyết cho người lao động. "
        "Bước 3. Người hưởng nộp chứng từ cho Bưu điện."
    )
    assert described_papers(record) == []


def test_a_paper_named_twice_is_named_once_and_the_list_is_short():
    steps = " ".join(f"Người đề nghị nộp Giấy xác nhận loại {n} cho xã." for n in range(MAX_PAPERS + 2))
    record = _record(steps + " Người đề nghị nộp Giấy xác nhận loại 0 (bản sao) cho xã.")
    papers = described_papers(record)
    assert len(papers) == MAX_PAPERS and papers[0] == "Giấy xác nhận loại 0"


def test_a_record_without_description_names_nothing():
    assert described_papers(SimpleNamespace(steps="", raw={})) == []
