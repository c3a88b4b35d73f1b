"""The API's one error body (`sodsong.api.error_body`) as a schema, for the error responses an
endpoint declares in the OpenAPI document."""

from __future__ import annotations

from typing import Any

from ninja import Schema


class ErrorDetail(Schema):
    code: str
    message: str
    message_en: str
    details: Any = None


class ErrorOut(Schema):
    error: ErrorDetail
