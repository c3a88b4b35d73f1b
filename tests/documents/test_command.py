from django.core.management import call_command
from docx import Document


def test_render_sample_letters_writes_each_document_type(tmp_path):
    call_command(
        "render-sample-letters", "--out", str(tmp_path), "--format", "docx", "--format", "xlsx"
    )
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == [
        "documents-circular.docx",
        "documents-external.docx",
        "documents-indicators.xlsx",
        "documents-memo.docx",
        "documents-order.docx",
        "documents-relay.docx",
        "documents-report.docx",
        "documents-stamped.docx",
    ]
    assert "บันทึกข้อความ" in Document(str(tmp_path / "documents-memo.docx")).paragraphs[0].text
