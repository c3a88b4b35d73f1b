"""Logs with timestamps and a request id, JSON lines on request, and errors to a Sentry-compatible
DSN without personal data (issue 21)."""

from __future__ import annotations

import json
import logging
import logging.config

import pytest
import sentry_sdk

from sodsong.core.observability import (
    init_error_reporting,
    logging_config,
    request_id_var,
)


@pytest.mark.django_db
def test_every_answer_carries_a_request_id_and_a_sane_one_from_the_proxy_is_kept(client) -> None:
    first = client.get("/healthz")["X-Request-ID"]
    second = client.get("/healthz")["X-Request-ID"]
    assert first and second and first != second
    assert client.get("/healthz", HTTP_X_REQUEST_ID="nginx-0123456789")["X-Request-ID"] == (
        "nginx-0123456789"
    )
    forged = client.get("/healthz", HTTP_X_REQUEST_ID="x\nFAKE LOG LINE")["X-Request-ID"]
    assert "\n" not in forged and "FAKE" not in forged


def _emit(config: dict, capsys) -> str:  # type: ignore[no-untyped-def]
    logging.config.dictConfig(config)
    token = request_id_var.set("req-abcdef12")
    try:
        logging.getLogger("sodsong.test").warning("ส่งแล้ว %s", 3)
    finally:
        request_id_var.reset(token)
    return capsys.readouterr().err.strip().splitlines()[-1]


def test_a_text_line_has_time_level_logger_and_request_id(capsys, settings) -> None:
    line = _emit(logging_config(level="INFO", json_lines=False), capsys)
    logging.config.dictConfig(settings.LOGGING)
    assert line.endswith("WARNING sodsong.test [req-abcdef12] ส่งแล้ว 3")
    assert line[:4].isdigit()  # starts with the date


def test_json_lines_for_a_log_collector(capsys, settings) -> None:
    line = _emit(logging_config(level="INFO", json_lines=True), capsys)
    logging.config.dictConfig(settings.LOGGING)
    entry = json.loads(line)
    assert entry["request_id"] == "req-abcdef12" and entry["message"] == "ส่งแล้ว 3"
    assert entry["level"] == "WARNING" and entry["time"][:2] == "20"


def test_errors_go_to_the_dsn_without_personal_data(monkeypatch) -> None:
    seen: dict = {}
    monkeypatch.setattr(sentry_sdk, "init", lambda **kwargs: seen.update(kwargs))
    init_error_reporting("", environment="production")
    assert seen == {}  # no DSN, nothing set up
    init_error_reporting("https://key@glitchtip.example.go.th/3", environment="production")
    assert seen["dsn"].startswith("https://key@")
    assert seen["send_default_pii"] is False and seen["include_local_variables"] is False
    assert seen["max_request_body_size"] == "never"
