"""Browser tests: Debian's chromium, driven by Playwright, against a real `sodsong runserver`.

The server runs as a subprocess on a fresh database, in demo mode like `scripts/demo`, so these
tests see what a user sees: real sessions, CSRF, static files, the Sarabun font, the 403 page.
They talk to that process only and never touch pytest-django's test database.

- SQLite (default): a temporary database file.
- DATABASE_URL=postgres://…: a fresh database `sodsong_browser_<pid>` on the same server, created
  and dropped here.

On SQLite the migrated demo database is kept in .pytest_cache/ and reused while the package's
code is unchanged (building it takes minutes); PostgreSQL always builds afresh.

Screenshots go to test-results/screenshots/ (ignored by git). The user guides in docs/ embed them
from docs/images/: refresh those with `SODSONG_UPDATE_SCREENSHOTS=1 pytest tests/browser`.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from .accessibility import AxeGate, report

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DEMO_PASSWORD = "browser-test-correct-horse-47"
DEMO_PROVINCE = "47"  # Sakon Nakhon: headman2 lives in its second district, 4702
ROOT = Path(__file__).resolve().parents[2]
DOC_IMAGES = ROOT / "docs" / "images"
RESULT_IMAGES = ROOT / "test-results" / "screenshots"
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 860}


def _sodsong_command() -> str:
    beside_python = Path(sys.executable).parent / "sodsong"
    if beside_python.exists():
        return str(beside_python)
    found = shutil.which("sodsong")
    if found is None:
        raise RuntimeError("the `sodsong` console script is not installed")
    return found


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class _PostgresDatabase:
    """A throwaway database on the server that DATABASE_URL points at."""

    def __init__(self, url: str) -> None:
        self.base_url = url
        self.name = f"sodsong_browser_{os.getpid()}"

    def _admin(self):  # type: ignore[no-untyped-def]
        import psycopg

        return psycopg.connect(self.base_url, autocommit=True)

    def create(self) -> str:
        from psycopg import sql

        with self._admin() as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(self.name)))
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(self.name)))
        parts = urllib.parse.urlsplit(self.base_url)
        return urllib.parse.urlunsplit(parts._replace(path="/" + self.name))

    def drop(self) -> None:
        from psycopg import sql

        with self._admin() as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(self.name))
            )


@dataclass
class LiveServer:
    url: str
    password: str
    log: Path

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""


def _run(command: list[str], env: dict[str, str], log: Path) -> None:
    with log.open("a") as out:
        out.write(f"$ {' '.join(command)}\n")
        out.flush()
        result = subprocess.run(  # noqa: S603  (our own console script, fixed arguments)
            command, env=env, stdout=out, stderr=subprocess.STDOUT, timeout=300, check=False
        )
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(command[1:])} failed:\n{log.read_text()[-3000:]}")


def _wait_healthy(url: str, process: subprocess.Popen, log: Path, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)
    raise RuntimeError(f"the server did not answer /healthz in {timeout} s:\n{log.read_text()}")


def _demo_key() -> str:
    """Changes whenever anything that shapes the demo database may have changed: the package's
    code and data (not templates, static files or translations), the lock file, the password."""
    skipped = {".pyc", ".html", ".css", ".js", ".po", ".mo", ".png", ".svg", ".woff2", ".ttf"}
    digest = hashlib.sha256(f"{DEMO_PROVINCE}:{DEMO_PASSWORD}".encode())
    files = [p for p in (ROOT / "sodsong").rglob("*") if p.is_file() and p.suffix not in skipped]
    for path in sorted(files + [ROOT / "requirements.lock", ROOT / "pyproject.toml"]):
        if "__pycache__" in path.parts or not path.exists():
            continue
        digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:20]


def _build_sqlite_state(state: Path, env: dict[str, str], log: Path, cache: Path | None) -> None:
    """Migrates and loads the demo into `state` (database file and var dir), or copies a copy
    kept from an earlier run of the same code: the demo province takes minutes to build."""
    entry = cache / _demo_key() if cache is not None else None
    if entry is not None and (entry / "browser.sqlite3").exists():
        shutil.copytree(entry, state, dirs_exist_ok=True)
        with log.open("a") as out:
            out.write(f"(database copied from {entry})\n")
        return
    sodsong = _sodsong_command()
    _run([sodsong, "migrate", "--no-input", "-v0"], env, log)
    _run([sodsong, "demo", "--province", DEMO_PROVINCE], env, log)
    if cache is not None and entry is not None:
        for old in cache.iterdir():  # keep one entry: the tree moves on
            shutil.rmtree(old, ignore_errors=True)
        partial = cache / (entry.name + ".partial")
        shutil.copytree(state, partial)
        partial.rename(entry)


@pytest.fixture(scope="package")
def sodsong_server(pytestconfig) -> Iterator[LiveServer]:  # type: ignore[no-untyped-def]
    """`sodsong migrate`, `sodsong demo` and `sodsong runserver` on a fresh database."""
    workdir = Path(tempfile.mkdtemp(prefix="sodsong-browser-"))
    log = workdir / "server.log"
    state = workdir / "state"
    # The app does not create SODSONG_VAR_DIR itself (Huey's SQLite file lives there).
    (state / "var").mkdir(parents=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith("SODSONG_")}
    env.update(
        SODSONG_DEMO="1",
        SODSONG_TESTING="0",
        SODSONG_DEBUG="0",
        SODSONG_VAR_DIR=str(state / "var"),
        SODSONG_DEMO_PASSWORD=DEMO_PASSWORD,
        SODSONG_LOG_LEVEL="WARNING",
        PYTHONUNBUFFERED="1",
    )
    sodsong = _sodsong_command()
    postgres = None
    server = None
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    try:
        if os.environ.get("DATABASE_URL"):
            postgres = _PostgresDatabase(os.environ["DATABASE_URL"])
            env["DATABASE_URL"] = postgres.create()
            _run([sodsong, "migrate", "--no-input", "-v0"], env, log)
            _run([sodsong, "demo", "--province", DEMO_PROVINCE], env, log)
        else:
            env.pop("DATABASE_URL", None)
            env["SODSONG_SQLITE_PATH"] = str(state / "browser.sqlite3")
            cache = getattr(pytestconfig, "cache", None)
            _build_sqlite_state(
                state, env, log, cache.mkdir("sodsong-browser-db") if cache else None
            )
        with log.open("a") as out:
            server = subprocess.Popen(  # noqa: S603
                [sodsong, "runserver", f"127.0.0.1:{port}", "--noreload"],
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        _wait_healthy(url, server, log)
        yield LiveServer(url=url, password=DEMO_PASSWORD, log=log)
    finally:
        if server is not None:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait(timeout=10)
        if postgres is not None:
            postgres.drop()
        shutil.rmtree(workdir, ignore_errors=True)


# Package scope: the sync Playwright API leaves its event loop set as running in the main thread
# while it is open, and Django then refuses database calls (SynchronousOnlyOperation) in every test
# that runs after the browser tests in the same session. Closing it with this package ends that.
@pytest.fixture(scope="package")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        pytest.skip(
            f"browser tests need Debian's chromium at {CHROMIUM} (apt-get install chromium)"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def new_page(browser, sodsong_server, request):  # type: ignore[no-untyped-def]
    """`new_page(viewport=PHONE)`: a page in its own context (own cookies), closed afterwards.

    Every page it opens is watched by the accessibility gate (accessibility.py): at teardown each
    URL the test loaded is checked with axe-core at 360 and 1280 px, and serious or critical
    violations fail the test (`@pytest.mark.no_axe("why")` opts a test out)."""
    contexts = []
    gate = None if request.node.get_closest_marker("no_axe") else AxeGate(sodsong_server.url)

    def _new_page(viewport: dict[str, int] | None = None, locale: str = "th-TH"):  # type: ignore[no-untyped-def]
        context = browser.new_context(
            base_url=sodsong_server.url,
            viewport=viewport or PHONE,
            locale=locale,
            timezone_id="Asia/Bangkok",
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        if gate is not None:
            gate.watch(page)
        return page

    yield _new_page
    try:
        findings = gate.check() if gate is not None else []
    finally:
        for context in contexts:
            context.close()
    if findings:
        pytest.fail(report(findings), pytrace=False)


@pytest.fixture
def sign_in(sodsong_server):  # type: ignore[no-untyped-def]
    """Signs a demo persona in through the login form, with the mouse; lands on the home page."""

    def _sign_in(page, username: str) -> None:  # type: ignore[no-untyped-def]
        page.goto("/accounts/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", sodsong_server.password)
        page.click("form.card button[type=submit]")
        page.wait_for_url(sodsong_server.url + "/")

    return _sign_in


@pytest.fixture(scope="session")
def images_dir() -> Path:
    """Where screenshots go: docs/images/ only when asked, so a test run leaves the tree clean."""
    update = os.environ.get("SODSONG_UPDATE_SCREENSHOTS", "").lower() in ("1", "true", "yes")
    target = DOC_IMAGES if update else RESULT_IMAGES
    target.mkdir(parents=True, exist_ok=True)
    return target


@pytest.fixture
def open_menu():  # type: ignore[no-untyped-def]
    """On a phone the sections sit behind the menu button (issue 20): open it when it shows."""

    def _open(page) -> None:  # type: ignore[no-untyped-def]
        button = page.locator("button[data-menu]")
        if (
            button.count()
            and button.is_visible()
            and button.get_attribute("aria-expanded") != "true"
        ):
            button.click()

    return _open
