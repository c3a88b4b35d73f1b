"""Mixed traffic for `scripts/check-hard load` (locust, run in its own process: it monkeypatches).

Each simulated user is one demo persona (round robin over the officers), signs in through the
login form, then: home page, queues and lists, Thai searches, detail pages taken from its own
lists, API reads with its token, now and then a report (case summary DOCX, survey export), and
public tips from the anonymous tip form. A tip refused by the rate limit (429) is counted under
its own name, not as an error. Settings come from the JSON file in SODSONG_LOAD_CONFIG:
{"tokens": {persona: token}, "password": …}.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re

from locust import HttpUser, between, events, task

CONFIG = json.loads(open(os.environ["SODSONG_LOAD_CONFIG"]).read())  # noqa: SIM115
OFFICERS = [
    "province",
    "district",
    "district2",
    "police",
    "police2",
    "immigration",
    "analyst",
    "kamnan",
    "headman",
    "headman2",
    "headman3",
    "investigator",
    "localgov",
]
LISTS = [
    "/tips/",
    "/cases/",
    "/survey/residents/",
    "/survey/visits/",
    "/people/",
    "/directives/",
    "/misconduct/",
    "/awareness/",
    "/indicators/",
    "/areas/",
]
SEARCHES = [
    "/people/?q=สมชาย",
    "/people/?q=บุญ",
    "/survey/residents/?q=ทุน",
    "/survey/residents/?q=ไม",
    "/tips/?q=โทรศัพท์",
    "/cases/?q=แก๊ง",
]
API_READS = [
    "/api/v1/accounts/me",
    "/api/v1/people?limit=20",
    "/api/v1/survey/residents?limit=20",
    "/api/v1/tips?limit=20",
    "/api/v1/cases?limit=20",
    "/api/v1/geo/search?q=สกล",
    "/api/v1/indicators/catalogue",
    "/api/v1/awareness/activities?limit=20",
]
DETAIL = re.compile(
    r'href="(/(?:tips|cases|survey/residents|survey/visits|people|directives|misconduct|awareness)/'
    r'[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/)"'
)
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
_next_persona = itertools.cycle(OFFICERS)
TIP_REFUSED = {"count": 0}


class Officer(HttpUser):
    wait_time = between(1, 3)
    weight = 9

    def on_start(self) -> None:
        self.persona = next(_next_persona)
        self.token = CONFIG["tokens"][self.persona]
        page = self.client.get("/accounts/login/", name="sign in (form)")
        match = CSRF.search(page.text)
        self.client.post(
            "/accounts/login/",
            {
                "username": self.persona,
                "password": CONFIG["password"],
                "csrfmiddlewaretoken": match.group(1) if match else "",
            },
            headers={"Referer": self.host + "/accounts/login/"},
            name="sign in",
            allow_redirects=False,
        )
        self.lists: list[str] = []
        self.details: list[str] = []
        for path in LISTS:
            with self.client.get(path, name="list (first look)", catch_response=True) as r:
                if r.status_code == 200:
                    self.lists.append(path)
                    self.details += DETAIL.findall(r.text)[:20]
                    r.success()
                elif r.status_code in (302, 403):
                    r.success()  # not this persona's module: it is not asked again
        self.api_reads: list[str] = []
        for path in API_READS:
            with self.client.get(
                path,
                headers={"Authorization": f"Bearer {self.token}"},
                name="api read (first look)",
                catch_response=True,
            ) as r:
                if r.status_code == 200:
                    self.api_reads.append(path)
                    r.success()
                elif r.status_code == 403:
                    r.success()

    @task(3)
    def home(self) -> None:
        self.client.get("/", name="home")

    @task(6)
    def queue_or_list(self) -> None:
        if self.lists:
            self.client.get(random.choice(self.lists), name="list")  # noqa: S311

    @task(3)
    def thai_search(self) -> None:
        path = random.choice(SEARCHES)  # noqa: S311
        if path.split("?")[0] in self.lists:
            self.client.get(path, name="search (Thai)")

    @task(6)
    def detail(self) -> None:
        if self.details:
            self.client.get(random.choice(self.details), name="detail")  # noqa: S311

    @task(4)
    def api_read(self) -> None:
        if not self.api_reads:
            return
        self.client.get(
            random.choice(self.api_reads),  # noqa: S311
            headers={"Authorization": f"Bearer {self.token}"},
            name="api read",
        )

    @task(1)
    def report(self) -> None:
        """A case summary (DOCX) or a survey export: both ask for a purpose, as officers do."""
        cases = [d for d in self.details if d.startswith("/cases/")]
        if cases and random.random() < 0.5:  # noqa: S311
            case = random.choice(cases)  # noqa: S311
            self._post_form(
                case, case + "summary.docx", {"purpose": "สรุปคดีเพื่อประชุม"}, "report: case DOCX"
            )
        elif "/survey/residents/" in self.lists:
            self._post_form(
                "/survey/export/",
                "/survey/export/",
                {"purpose": "รายงานประจำเดือน", "format": "xlsx"},
                "report: survey export",
            )

    def _post_form(self, page: str, action: str, data: dict[str, str], name: str) -> None:
        form = self.client.get(page, name=name + " (form)")
        match = CSRF.search(form.text) or re.search(
            r"csrftoken=([^;]+)", form.headers.get("Set-Cookie", "")
        )
        token = match.group(1) if match else self.client.cookies.get("csrftoken", "")
        self.client.post(
            action,
            {**data, "csrfmiddlewaretoken": token},
            headers={"Referer": self.host + page},
            name=name,
        )


class Public(HttpUser):
    """A member of the public: reads the tip form, sends a tip now and then."""

    wait_time = between(2, 6)
    weight = 1

    @task
    def tip(self) -> None:
        page = self.client.get("/tip/", name="public tip form")
        match = CSRF.search(page.text)
        with self.client.post(
            "/tip/",
            {
                "description": "มีคนต่างชาติเช่าบ้านหลายหลัง ใช้โทรศัพท์หลายเครื่องตลอดคืน "
                + str(random.randint(1, 10**9)),  # noqa: S311
                "place_text": "บ้านหลังที่สามจากวัด",
                "province": "47",
                "csrfmiddlewaretoken": match.group(1) if match else "",
            },
            headers={"Referer": self.host + "/tip/"},
            name="public tip",
            catch_response=True,
        ) as response:
            if response.status_code == 429:
                TIP_REFUSED["count"] += 1
                response.success()  # refused by the rate limit: counted apart, not an error
                events.request.fire(
                    request_type="POST",
                    name="public tip (refused by rate limit)",
                    response_time=response.elapsed.total_seconds() * 1000,
                    response_length=0,
                    exception=None,
                    context={},
                )
