"""The benchmark's synthetic rows follow the import template and import without errors."""

import io
import random
import sys
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from sodsong.survey.importing import jobs, template

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # benchmarks/ is not installed
from benchmarks.residents_import_columns import HEADERS, row_values  # noqa: E402


def test_benchmark_headers_match_the_import_template():
    assert [header for _key, header in template.COLUMNS] == HEADERS


def test_benchmark_rows_import_without_errors(personas, village):
    wb = Workbook()
    ws = wb.active
    ws.append(HEADERS)
    rng = random.Random(5)
    for index in range(900_000, 900_050):
        ws.append(row_values(index, rng, [village.code]))
    out = io.BytesIO()
    wb.save(out)
    job = jobs.import_upload(
        user=personas.headman, upload=SimpleUploadedFile("b.xlsx", out.getvalue())
    )
    assert (job.error_rows, job.new_rows) == (0, 50), job.report
