"""ASVS checks on a live server: `scripts/check-hard asvs [--database D]`.

What a unit test cannot show: the headers a real server sends, `next=` on the real login page,
and lockout timing: a wrong password for an existing account, an unknown account and a locked
account must take about the same time (no user enumeration by timing), and the lock must hold
for the right password. Prints one JSON line.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time

from benchmarks.hard.http import LiveHttp
from benchmarks.hard.server import demo_server

EVIL = ("https://evil.example/", "//evil.example/", "/\\evil.example", "https:evil.example")


def _timed_login(http: LiveHttp, username: str, password: str) -> tuple[float, int]:
    session = http._requests.Session()
    session.get(http.base + "/accounts/login/", timeout=60)
    started = time.perf_counter()
    response = session.post(
        http.base + "/accounts/login/",
        data={"username": username, "password": password},
        headers={"X-CSRFToken": session.cookies.get("csrftoken", ""), "Referer": http.base + "/"},
        allow_redirects=False,
        timeout=60,
    )
    return time.perf_counter() - started, response.status_code


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scripts/check-hard asvs")
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--tries", type=int, default=15)
    args = parser.parse_args(argv)
    with demo_server(database=args.database, tag="asvs") as server:
        http = LiveHttp(server.url, server.password, server.tokens)
        home = http.get("headman", "/")
        headers = {
            k: home.headers.get(k, "")
            for k in (
                "x-frame-options",
                "x-content-type-options",
                "referrer-policy",
                "content-security-policy",
                "permissions-policy",
                "strict-transport-security",
            )
        }
        redirects = {}
        for target in EVIL:
            session = http._requests.Session()
            session.get(http.base + "/accounts/login/", timeout=60)
            response = session.post(
                http.base + "/accounts/login/?next=" + target,
                data={"username": "kamnan", "password": server.password},
                headers={
                    "X-CSRFToken": session.cookies.get("csrftoken", ""),
                    "Referer": http.base + "/",
                },
                allow_redirects=False,
                timeout=60,
            )
            redirects[target] = response.headers.get("Location", "")
        # Timing: wrong password (kept under the lockout threshold by alternating accounts),
        # unknown account, locked account.
        wrong, unknown = [], []
        for i in range(args.tries):
            wrong.append(
                _timed_login(http, ("district", "district2", "police2")[i % 3], "wrong-" + str(i))[
                    0
                ]
            )
            unknown.append(_timed_login(http, f"nobody{i}", "wrong")[0])
        for _ in range(6):
            _timed_login(http, "analyst", "wrong")
        locked_times = [_timed_login(http, "analyst", "wrong")[0] for _ in range(args.tries)]
        _t, right_while_locked = _timed_login(http, "analyst", server.password)
        figures = {
            "bench": "asvs",
            "database": args.database,
            "headers": headers,
            "open_redirects": [t for t, loc in redirects.items() if "evil.example" in loc],
            "login_ms_wrong_password": round(statistics.median(wrong) * 1000),
            "login_ms_unknown_user": round(statistics.median(unknown) * 1000),
            "login_ms_locked": round(statistics.median(locked_times) * 1000),
            "right_password_while_locked": right_while_locked,
        }
        ratio = figures["login_ms_unknown_user"] / max(figures["login_ms_wrong_password"], 1)
        figures["unknown_vs_wrong_ratio"] = round(ratio, 2)
        print(json.dumps(figures, ensure_ascii=False))
    ok = not figures["open_redirects"] and right_while_locked != 302 and 0.5 < ratio < 2
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
