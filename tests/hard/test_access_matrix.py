"""The access matrix from the outside, the short CI run (issue #12): the most privileged personas
crawl the web and read the API lists; every record they reach is requested by every other
persona that does not see it in its own view, and compared with a request for a record that does
not exist. The full run is `scripts/check-hard matrix` (table in docs/access-matrix.md); the
issue-17 attacks are tests/hard/test_probe_attacks.py.
"""

from __future__ import annotations

import os

from benchmarks.hard import attacks, matrix
from benchmarks.hard.server import PERSONAS

BUDGET = int(os.environ.get("SODSONG_MATRIX_BUDGET", "20"))
COLLECTORS = ("province", "police", "investigator2")


def test_no_persona_reads_or_writes_a_record_it_cannot_see(outside) -> None:
    from sodsong.api import api

    openapi = api.get_openapi_schema(path_prefix="/api/v1/")
    # The people recorded through cases (parties by passport, informants), a matter, the survey
    # and an import are objects of the matrix too (#17 items 1, 2, 3, 7).
    attacks.run_all(outside, list(attacks.PEOPLE_CREATING))
    assert {"informant", "case party by passport", "imported resident"} <= set(outside.created)
    assert outside.created.get("misconduct accused")
    result = matrix.run_matrix(
        outside,
        openapi,
        probers=[*PERSONAS, outside.other_admin],
        collectors=COLLECTORS,
        budget=BUDGET,
        per_pattern=1,
        run_attacks=False,
    )
    assert result.objects > 30, result.objects  # the crawl reached records of many kinds
    assert not result.leaks, "\n".join(result.leaks[:20])
    # The committed table (docs/access-matrix.md): personas × channels and kinds of object.
    probers = [*PERSONAS, outside.other_admin]
    text = matrix.markdown(result, probers, "# header")
    assert "### Personas × channels" in text and "### Kinds of object × personas" in text
    sent = sum(c["requests"] for c in result.tally.values())
    assert sent > 0 and sum(c["leaks"] for c in result.tally.values()) == 0
    assert any(kind == "people" for _p, kind, _c in result.tally)
    assert {channel for _p, _k, channel in result.tally} >= {"web GET", "API GET", "API write"}
    accused = result.rows["people created as misconduct accused"]
    assert accused["district"].label() == "hidden"
    assert accused["headman"].label() == "hidden"
