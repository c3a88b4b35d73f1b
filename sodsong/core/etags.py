"""The API side of optimistic concurrency (see `sodsong.core.concurrency`): `ETag` on reads and
writes of a versioned record, `If-Match` on its changes, 412 when the record moved on.

A change without `If-Match` is accepted (428 is not required, so scripts written before keep
working): it writes only the fields it names, so it cannot undo another officer's other fields,
but it may overwrite the same field; clients that show a record before changing it should send
the `ETag` they read back as `If-Match`.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse

from sodsong.core.concurrency import VersionConflict

IF_MATCH_OPENAPI: dict[str, Any] = {
    "parameters": [
        {
            "in": "header",
            "name": "If-Match",
            "required": False,
            "schema": {"type": "string"},
            "description": (
                'ส่ง ETag ที่ได้จากการอ่านครั้งก่อน (เช่น `"3"`) เพื่อไม่ให้ทับการแก้ไขของผู้อื่น. '
                'The ETag read before (e.g. `"3"`): the change is refused with 412 when the '
                "record changed since. Optional: without it only the fields sent are written."
            ),
        }
    ],
    "responses": {
        "412": {
            "description": (
                "มีผู้อื่นบันทึกข้อมูลนี้ก่อน / The record changed since the If-Match version: "
                "`error.code` is `precondition_failed`, `error.details` holds `current_version` "
                "and the current values; the response's ETag is the current one."
            )
        }
    },
}

ETAG_OPENAPI: dict[str, Any] = {
    "responses": {
        "200": {
            "headers": {
                "ETag": {
                    "description": "The record's version, to send back as If-Match.",
                    "schema": {"type": "string"},
                }
            }
        }
    }
}


def etag_of(instance: Any) -> str:
    """A strong entity tag from the version: `"7"`."""
    return f'"{instance.version}"'


def if_match_version(request: HttpRequest) -> int | None:
    """The version `If-Match` names; None without the header or with `*`. A tag that is not one
    of ours (weak, several, not a number) matches no version: 0, which every record is past."""
    header = request.headers.get("If-Match")
    if header is None or header.strip() in ("", "*"):
        return None
    tags = [t.strip() for t in header.split(",") if t.strip()]
    if len(tags) != 1 or tags[0].startswith("W/"):
        return 0
    tag = tags[0].strip('"')
    return int(tag) if tag.isdigit() else 0


def set_etag(response: HttpResponse, instance: Any) -> None:
    response["ETag"] = etag_of(instance)


def precondition_failed(
    request: HttpRequest, exc: VersionConflict, fields: tuple[str, ...]
) -> HttpResponse:
    from sodsong.api import error_response

    current = exc.current
    response = error_response(
        request,
        412,
        "precondition_failed",
        details={
            "current_version": current.version,
            "current": {name: getattr(current, name) for name in fields},
        },
    )
    set_etag(response, current)
    return response
