"""The passages that say what a procedure is about beyond its name (selected sentences, not whole bodies)."""

from knowledge_base.catalog import load_catalog
from knowledge_base.config import settings
from knowledge_base.passages import ABOUT_WORDS, about_passage, body_text, sentences


def test_sentences_drop_list_markers_step_numbers_and_legal_references():
    text = (
        "Bước 1: Chủ tàu nộp hồ sơ đề nghị cấp sổ danh bạ thuyền viên.\n"
        "+ Trường hợp tàu bị mất sổ thì khai báo lại; "
        "Căn cứ Nghị định số 26/2019/NĐ-CP ngày 08/3/2019."
    )
    assert sentences(text) == [
        "Chủ tàu nộp hồ sơ đề nghị cấp sổ danh bạ thuyền viên",
        "Trường hợp tàu bị mất sổ thì khai báo lại",
    ]


def test_about_passage_is_short_and_tells_the_situation(kb):
    well = next(p for p in kb.procedures if sentences(p.conditions))
    passage = about_passage(well)
    assert len(passage.split()) <= ABOUT_WORDS
    assert "Bước" not in passage and "Nghị định số" not in passage
    first_condition = sentences(well.conditions)[0].split()[:3]
    assert " ".join(first_condition) in passage


def test_body_text_names_the_papers_and_the_result_not_the_legal_basis(kb):
    procedure = next(p for p in kb.procedures if p.documents and p.results and p.legal_basis)
    body = body_text(procedure)
    assert procedure.results[0] in body
    assert " ".join(procedure.documents[0].name.split()[:5]) in body
    assert procedure.legal_basis[0].title not in body


def test_every_procedure_has_an_about_passage():
    procedures = load_catalog(settings().catalog_path)
    assert all(about_passage(p).strip() for p in procedures)
