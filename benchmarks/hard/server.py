"""A demo Sodsong on 127.0.0.1 at a random port, on a throwaway database, for the hard checks.

`demo_server(database="sqlite"|"postgresql", web="runserver"|"gunicorn")` migrates and loads the
demo province once (kept under var/hard/cache/ for SQLite, as a template database for
PostgreSQL, both keyed by the code that shapes the demo), copies it for the run, issues a read
and a write API token for every persona, starts the web process (and the job worker when asked),
and stops everything and drops the copy on exit. PostgreSQL databases are named after the
branch (`sodsong_reliability_hard_*`) on the server DATABASE_URL names, or 127.0.0.1:5432.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HARD_DIR = ROOT / "var" / "hard"
PASSWORD = "hard-check-correct-horse-47"  # noqa: S105  (demo accounts of a throwaway database)
PROVINCE = "47"
PERSONAS = (
    "ministry",
    "province",
    "district",
    "district2",
    "police",
    "police2",
    "immigration",
    "analyst",
    "investigator",
    "investigator2",
    "kamnan",
    "headman",
    "headman3",
    "headman2",
    "localgov",
)
PG_DEFAULT = "postgres://postgres@127.0.0.1:5432/postgres"


def sodsong_command() -> str:
    beside = Path(sys.executable).parent / "sodsong"
    return str(beside) if beside.exists() else shutil.which("sodsong") or "sodsong"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def demo_key() -> str:
    """Changes whenever anything that shapes the demo database may have changed."""
    skipped = {".pyc", ".html", ".css", ".js", ".po", ".mo", ".png", ".svg", ".woff2", ".ttf"}
    digest = hashlib.sha256(f"{PROVINCE}:{PASSWORD}".encode())
    files = [p for p in (ROOT / "sodsong").rglob("*") if p.is_file() and p.suffix not in skipped]
    for path in sorted(files + [ROOT / "requirements.lock", ROOT / "pyproject.toml"]):
        if "__pycache__" in path.parts or not path.exists():
            continue
        digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def base_env(var_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SODSONG_")}
    env.pop("DATABASE_URL", None)
    env.update(
        SODSONG_DEMO="1",
        SODSONG_TESTING="0",
        SODSONG_DEBUG="0",
        SODSONG_VAR_DIR=str(var_dir),
        SODSONG_DEMO_PASSWORD=PASSWORD,
        SODSONG_LOG_LEVEL="WARNING",
        PYTHONUNBUFFERED="1",
    )
    return env


def run(command: list[str], env: dict[str, str], log: Path, timeout: int = 900) -> str:
    with log.open("a") as out:
        out.write(f"$ {' '.join(command)}\n")
    result = subprocess.run(  # noqa: S603  (our own console script and tools, fixed arguments)
        command, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    with log.open("a") as out:
        out.write(result.stdout[-5000:] + result.stderr[-5000:])
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{result.stderr[-3000:]}")
    return result.stdout


def pg_url(name: str) -> str:
    base = os.environ.get("SODSONG_HARD_PG") or os.environ.get("DATABASE_URL") or PG_DEFAULT
    parts = urllib.parse.urlsplit(base)
    return urllib.parse.urlunsplit(parts._replace(path="/" + name))


def pg_admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(pg_url("postgres"), autocommit=True) as conn:
        conn.execute(sql)  # type: ignore[arg-type]  (identifiers made here, not from input)


def pg_exists(name: str) -> bool:
    import psycopg

    with psycopg.connect(pg_url("postgres"), autocommit=True) as conn:
        row = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
    return row is not None


@dataclass
class Server:
    url: str
    database: str
    env: dict[str, str]
    state: Path
    log: Path
    tokens: dict[str, dict[str, str]] = field(default_factory=dict)
    web: subprocess.Popen | None = None
    worker: subprocess.Popen | None = None
    web_command: list[str] = field(default_factory=list)

    @property
    def password(self) -> str:
        return PASSWORD

    def token(self, persona: str, scope: str = "read") -> str:
        return self.tokens[persona][scope]

    def manage(self, *args: str, timeout: int = 900) -> str:
        return run([sodsong_command(), *args], self.env, self.log, timeout=timeout)

    def python(self, code: str, timeout: int = 900) -> str:
        """Runs `code` with Django set up against this server's database."""
        prologue = "import django, os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'sodsong.settings')\ndjango.setup()\n"
        return run([sys.executable, "-c", prologue + code], self.env, self.log, timeout=timeout)

    def start_web(self) -> None:
        with self.log.open("a") as out:
            self.web = subprocess.Popen(  # noqa: S603
                self.web_command, env=self.env, stdout=out, stderr=subprocess.STDOUT, cwd=ROOT
            )
        wait_healthy(self.url, self.web, self.log)

    def stop_web(self, sig: int = signal.SIGTERM) -> None:
        stop(self.web, sig)
        self.web = None

    def start_worker(self) -> None:
        with self.log.open("a") as out:
            self.worker = subprocess.Popen(  # noqa: S603
                [sodsong_command(), "worker"],
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
                cwd=ROOT,
            )

    def stop_worker(self, sig: int = signal.SIGTERM) -> None:
        stop(self.worker, sig)
        self.worker = None


def stop(process: subprocess.Popen | None, sig: int = signal.SIGTERM) -> None:
    if process is None or process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, sig) if _own_group(process) else process.send_signal(sig)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=15)


def _own_group(process: subprocess.Popen) -> bool:
    try:
        return os.getpgid(process.pid) == process.pid
    except ProcessLookupError:
        return False


def wait_healthy(url: str, process: subprocess.Popen, log: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
            pass
        time.sleep(0.3)
    raise RuntimeError(f"no answer from {url}/healthz in {timeout} s:\n{log.read_text()[-3000:]}")


def _sqlite_state(state: Path, log: Path) -> dict[str, str]:
    cache = HARD_DIR / "cache" / demo_key()
    if not (cache / "demo.sqlite3").exists():
        partial = cache.with_suffix(".partial")
        shutil.rmtree(partial, ignore_errors=True)
        (partial / "var").mkdir(parents=True)
        env = base_env(partial / "var")
        env["SODSONG_SQLITE_PATH"] = str(partial / "demo.sqlite3")
        run([sodsong_command(), "migrate", "--no-input", "-v0"], env, log)
        run([sodsong_command(), "demo", "--province", PROVINCE], env, log)
        for old in (HARD_DIR / "cache").iterdir():
            if old != partial:
                shutil.rmtree(old, ignore_errors=True)
        partial.rename(cache)
    shutil.copytree(cache, state, dirs_exist_ok=True)
    env = base_env(state / "var")
    env["SODSONG_SQLITE_PATH"] = str(state / "demo.sqlite3")
    return env


def _postgres_state(state: Path, log: Path, name: str) -> dict[str, str]:
    template = f"sodsong_reliability_hard_tpl_{demo_key()}"
    if not pg_exists(template):
        partial = template + "_partial"
        pg_admin(f'DROP DATABASE IF EXISTS "{partial}" WITH (FORCE)')
        pg_admin(f'CREATE DATABASE "{partial}"')
        (state / "tpl-var").mkdir(parents=True, exist_ok=True)
        env = base_env(state / "tpl-var")
        env["DATABASE_URL"] = pg_url(partial)
        run([sodsong_command(), "migrate", "--no-input", "-v0"], env, log)
        run([sodsong_command(), "demo", "--province", PROVINCE], env, log)
        import psycopg

        with psycopg.connect(pg_url("postgres"), autocommit=True) as conn:
            old = conn.execute(
                "SELECT datname FROM pg_database WHERE datname LIKE 'sodsong_reliability_hard_tpl_%'"
            ).fetchall()
        for (stale,) in old:
            if stale != partial:
                pg_admin(f'DROP DATABASE IF EXISTS "{stale}" WITH (FORCE)')
        pg_admin(f'ALTER DATABASE "{partial}" RENAME TO "{template}"')
        shutil.rmtree(state / "tpl-var", ignore_errors=True)
    pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    pg_admin(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    (state / "var").mkdir(parents=True, exist_ok=True)
    env = base_env(state / "var")
    env["DATABASE_URL"] = pg_url(name)
    return env


TOKENS_CODE = """
import json
from sodsong.accounts.models import User
from sodsong.accounts.services import token_issue
from sodsong.core.context import Actor, acting_as
out = {}
with acting_as(Actor(user_id=None, via="command")):
    for user in User.objects.filter(username__in=%r, is_active=True):
        out[user.username] = {
            scope: token_issue(user=user, name="check-hard " + scope, scope=scope, days=2)[1]
            for scope in ("read", "write")
        }
print(json.dumps(out))
"""


@contextlib.contextmanager
def demo_server(
    *,
    database: str = "sqlite",
    web: str = "runserver",
    workers: int = 3,
    worker: bool = False,
    tag: str = "run",
    extra_env: dict[str, str] | None = None,
    start: bool = True,
) -> Iterator[Server]:
    if database not in ("sqlite", "postgresql"):
        raise ValueError("database is sqlite or postgresql")
    HARD_DIR.mkdir(parents=True, exist_ok=True)
    (HARD_DIR / "cache").mkdir(exist_ok=True)
    state = HARD_DIR / f"{tag}-{database}-{os.getpid()}"
    shutil.rmtree(state, ignore_errors=True)
    state.mkdir(parents=True)
    log = state / "server.log"
    pg_name = f"sodsong_reliability_hard_{tag}_{os.getpid()}"
    if database == "sqlite":
        env = _sqlite_state(state, log)
    else:
        env = _postgres_state(state, log, pg_name)
    env.update(extra_env or {})
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    if web == "gunicorn":
        gunicorn = str(Path(sys.executable).parent / "gunicorn")
        # As docs/operations.md says: `gunicorn sodsong.wsgi --workers 3 --timeout 60`.
        command = [
            gunicorn,
            "sodsong.wsgi",
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--timeout",
            "60",
        ]
    else:
        command = [sodsong_command(), "runserver", f"127.0.0.1:{port}", "--noreload"]
    server = Server(url=url, database=database, env=env, state=state, log=log, web_command=command)
    try:
        server.tokens = json.loads(
            server.python(TOKENS_CODE % (PERSONAS,)).strip().splitlines()[-1]
        )
        if start:
            server.start_web()
            if worker:
                server.start_worker()
        yield server
    finally:
        server.stop_web()
        server.stop_worker()
        if database == "postgresql":
            with contextlib.suppress(Exception):
                pg_admin(f'DROP DATABASE IF EXISTS "{pg_name}" WITH (FORCE)')
        if not os.environ.get("SODSONG_HARD_KEEP"):
            shutil.rmtree(state, ignore_errors=True)


if __name__ == "__main__":  # a manual look: python -m benchmarks.hard.server [postgresql]
    with demo_server(database=(sys.argv[1:] or ["sqlite"])[0]) as srv:
        print(srv.url, json.dumps(srv.tokens, indent=1))
        with contextlib.suppress(KeyboardInterrupt):
            time.sleep(float(os.environ.get("SODSONG_HARD_HOLD", "3600")))
