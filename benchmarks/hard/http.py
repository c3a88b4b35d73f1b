"""One way to talk to Sodsong as each persona, from the outside: the web with a signed-in session
(through the login form) and the API with the persona's token.

`LiveHttp` talks to a server on 127.0.0.1 with `requests` (scripts/check-hard); `DjangoHttp` sends
the same requests in-process through Django's test client (the short run in CI, inside the test's
transaction). The checks in matrix.py and attacks.py only see `Http`.
"""

from __future__ import annotations

import json as jsonlib
import re
from dataclasses import dataclass, field
from typing import Any

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass
class Resp:
    status: int
    body: bytes = b""
    location: str = ""
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")

    def json(self) -> Any:
        try:
            return jsonlib.loads(self.body or b"null")
        except ValueError:
            return None

    @property
    def to_login(self) -> bool:
        return self.status in (301, 302) and "/accounts/login" in self.location


class Http:
    """Base: `web(persona, method, path, data)` and `api(persona, method, path, json, scope)`.
    `persona=None` is the anonymous public."""

    password: str
    tokens: dict[str, dict[str, str]]

    def web(
        self,
        persona: str | None,
        method: str,
        path: str,
        data: dict[str, Any] | None = None,
        files: dict[str, tuple[str, bytes, str]] | None = None,
    ) -> Resp:
        raise NotImplementedError

    def api(
        self,
        persona: str | None,
        method: str,
        path: str,
        json: Any = None,
        scope: str = "write",
        files: dict[str, tuple[str, bytes, str]] | None = None,
        data: dict[str, Any] | None = None,
    ) -> Resp:
        raise NotImplementedError

    def get(self, persona: str | None, path: str) -> Resp:
        return self.web(persona, "GET", path)

    def post(self, persona: str | None, path: str, data: dict[str, Any] | None = None) -> Resp:
        return self.web(persona, "POST", path, data or {})


class LiveHttp(Http):
    def __init__(self, base_url: str, password: str, tokens: dict[str, dict[str, str]]) -> None:
        import requests

        self.base = base_url.rstrip("/")
        self.password = password
        self.tokens = tokens
        self._requests = requests
        self._sessions: dict[str | None, Any] = {}
        self._api = requests.Session()

    def _session(self, persona: str | None):  # type: ignore[no-untyped-def]
        if persona in self._sessions:
            return self._sessions[persona]
        session = self._requests.Session()
        page = session.get(self.base + "/accounts/login/", timeout=60)
        if persona is not None:
            match = CSRF_INPUT.search(page.text)
            response = session.post(
                self.base + "/accounts/login/",
                data={
                    "username": persona,
                    "password": self.password,
                    "csrfmiddlewaretoken": match.group(1) if match else "",
                },
                headers={"Referer": self.base + "/accounts/login/"},
                allow_redirects=False,
                timeout=60,
            )
            if response.status_code != 302:
                raise RuntimeError(f"{persona} could not sign in: {response.status_code}")
        self._sessions[persona] = session
        return session

    def web(self, persona, method, path, data=None, files=None):  # type: ignore[no-untyped-def]
        session = self._session(persona)
        headers = {"Referer": self.base + "/"}
        if method != "GET":
            headers["X-CSRFToken"] = session.cookies.get("csrftoken", "")
        response = session.request(
            method,
            self.base + path,
            data=data,
            files=files,
            headers=headers,
            allow_redirects=False,
            timeout=120,
        )
        return Resp(
            response.status_code,
            response.content,
            response.headers.get("Location", ""),
            {k.lower(): v for k, v in response.headers.items()},
        )

    def api(self, persona, method, path, json=None, scope="write", files=None, data=None):  # type: ignore[no-untyped-def]
        headers = {}
        if persona is not None:
            headers["Authorization"] = f"Bearer {self.tokens[persona][scope]}"
        response = self._api.request(
            method,
            self.base + path,
            json=json if files is None and data is None else None,
            files=files,
            data=data,
            headers=headers,
            allow_redirects=False,
            timeout=120,
        )
        return Resp(
            response.status_code,
            response.content,
            response.headers.get("Location", ""),
            {k.lower(): v for k, v in response.headers.items()},
        )


class DjangoHttp(Http):
    """In-process: Django's test client, signed in through the real login form."""

    def __init__(self, password: str, tokens: dict[str, dict[str, str]]) -> None:
        self.password = password
        self.tokens = tokens
        self._clients: dict[str | None, Any] = {}

    def _client(self, persona: str | None):  # type: ignore[no-untyped-def]
        from django.test import Client

        if persona not in self._clients:
            client = Client()
            if persona is not None:
                response = client.post(
                    "/accounts/login/", {"username": persona, "password": self.password}
                )
                if response.status_code != 302:
                    raise RuntimeError(f"{persona} could not sign in: {response.status_code}")
            self._clients[persona] = client
        return self._clients[persona]

    @staticmethod
    def _resp(response) -> Resp:  # type: ignore[no-untyped-def]
        body = b"".join(response.streaming_content) if response.streaming else response.content
        return Resp(
            response.status_code,
            body,
            response.headers.get("Location", ""),
            {k.lower(): v for k, v in response.headers.items()},
        )

    def web(self, persona, method, path, data=None, files=None):  # type: ignore[no-untyped-def]
        from django.core.files.uploadedfile import SimpleUploadedFile

        client = self._client(persona)
        if method == "GET":
            return self._resp(client.get(path))
        payload = dict(data or {})
        for key, (name, content, ctype) in (files or {}).items():
            payload[key] = SimpleUploadedFile(name, content, content_type=ctype)
        return self._resp(
            client.generic(method, path) if method == "DELETE" else client.post(path, payload)
        )

    def api(self, persona, method, path, json=None, scope="write", files=None, data=None):  # type: ignore[no-untyped-def]
        from django.core.files.uploadedfile import SimpleUploadedFile
        from django.test import Client

        extra = {}
        if persona is not None:
            extra["HTTP_AUTHORIZATION"] = f"Bearer {self.tokens[persona][scope]}"
        client = Client()
        if files is not None or data is not None:
            payload = dict(data or {})
            for key, (name, content, ctype) in (files or {}).items():
                payload[key] = SimpleUploadedFile(name, content, content_type=ctype)
            return self._resp(client.post(path, payload, **extra))
        body = "" if json is None else jsonlib.dumps(json)
        return self._resp(
            client.generic(method, path, body, content_type="application/json", **extra)
        )


def issue_tokens(personas: list[str]) -> dict[str, dict[str, str]]:
    """In-process (tests): a read and a write token for each persona."""
    from sodsong.accounts.models import User
    from sodsong.accounts.services import token_issue
    from sodsong.core.context import SYSTEM, acting_as

    out: dict[str, dict[str, str]] = {}
    with acting_as(SYSTEM):
        for user in User.objects.filter(username__in=personas):
            out[user.username] = {
                scope: token_issue(user=user, name="check-hard " + scope, scope=scope)[1]
                for scope in ("read", "write")
            }
    return out
