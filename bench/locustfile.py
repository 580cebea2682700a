"""The load scenario `bench/load.py` runs: people on the pages, clerks in the grid, an
import, API clients reading analytics and lists.

`bench/load.py` prepares the database (the demo, one clerk per reporting county, an API
reader with a token, an importer) and writes what the users need to a JSON file named by
XIEZUO_BENCH_CONFIG; run by hand against a server prepared the same way:

    XIEZUO_BENCH_CONFIG=bench.json .venv/bin/locust -f bench/locustfile.py \\
        --host http://127.0.0.1:8000 --headless -u 10 -r 2 -t 60s

The user kinds, by weight:

- Browser (6): a person signed in through the real login form (CSRF token from the form)
  opening the pages: home, places, pairings, coverage, a plan board, the key figures, the
  pivot table, labour lists, projects; 1–5 s between pages.
- Clerk (3): a county clerk signed in the same way, opening their county's TALENT report of
  a year and saving its typed cells one by one through the grid's htmx endpoint (the
  X-CSRFToken header the page carries), valid whole numbers; 1–3 s between cells.
- ApiReader (2): a client with a bearer token reading `/api/analytics` (a province's
  counties by month, ten years of a province, a prefecture's counties by quarter) and
  `/api/v1/` lists; 1–3 s between requests.
- Importer (exactly one): posts a `POST /api/dataValueSets` of 2,772 values (HTTP
  Basic) every 30 s: the typed yearly figures of every reporting county for six years
  that the clerks do not touch.

A request counts as failed when it answers anything but the status expected (a 503 of a
busy database is a failure too), or is not answered within 60 s (FastHttpUser's default).
"""

from __future__ import annotations

import json
import os
import random
import re
from typing import Any

from locust import FastHttpUser, between, constant, task

CONFIG: dict[str, Any] = {}
if os.environ.get("XIEZUO_BENCH_CONFIG"):
    with open(os.environ["XIEZUO_BENCH_CONFIG"], encoding="utf-8") as f:
        CONFIG = json.load(f)

CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
CSRF_HEADER = re.compile(r'"X-CSRFToken": "([^"]+)"')
# a typed number cell of the grid: its hx-vals carry the element and the key
CELL = re.compile(
    r'<input id="v-[^"]+" name="value" type="text" value="[^"]*"[^>]*?inputmode="decimal"'
    r"[^>]*?hx-vals='(\{[^']+\})'",
    re.S,
)


def sign_in(user: FastHttpUser, username: str, password: str) -> None:
    """Through the login form, as a person does: the form's CSRF token, then the POST."""
    with user.client.get("/accounts/login/", name="sign in (form)", catch_response=True) as r:
        found = CSRF_FIELD.search(r.text or "")
        if not found:  # an error or a timeout is reported as such; a page without the token:
            if r.status_code == 200:
                r.failure("no CSRF token in the login form")
            return
    with user.client.post(
        "/accounts/login/",
        data={"username": username, "password": password, "csrfmiddlewaretoken": found[1]},
        headers={"Referer": user.host + "/accounts/login/"},
        name="sign in (post)",
        catch_response=True,
    ) as r:
        # the POST redirects home; signed in, the page has the sign-out form
        if r.status_code == 200 and "/accounts/logout/" not in (r.text or ""):
            r.failure("not signed in")


class Browser(FastHttpUser):
    weight = 6
    wait_time = between(1, 5)

    def on_start(self) -> None:
        sign_in(self, random.choice(CONFIG["browsers"]), CONFIG["password"])

    @task(3)
    def home(self) -> None:
        self.client.get("/", name="/ (overview)")

    @task(2)
    def places(self) -> None:
        self.client.get("/places/")
        code = random.choice(CONFIG["counties"])
        self.client.get(f"/places/{code}/", name="/places/[county]/")

    @task(2)
    def pairings(self) -> None:
        self.client.get("/pairings/?place=45", name="/pairings/?place=45")

    @task(1)
    def coverage(self) -> None:
        self.client.get("/coverage/?place=45", name="/coverage/?place=45")

    @task(2)
    def plan_board(self) -> None:
        document = random.choice(CONFIG["plan_documents"])
        self.client.get(f"/plans/{document}/board/", name="/plans/[id]/board/")

    @task(2)
    def figures(self) -> None:
        self.client.get("/figures/")

    @task(2)
    def pivot(self) -> None:
        element = random.choice(["workers_placed", "job_fairs", "people_trained"])
        self.client.get(
            f"/pivot/?dx={element}&ou=45&level=3&pe=2016&pe=2017&pe=2018",
            name="/pivot/ (counties × 3 years)",
        )

    @task(2)
    def labour(self) -> None:
        self.client.get(random.choice(["/labour/", "/labour/postings/", "/labour/placements/"]),
                        name="/labour/ (lists)")  # fmt: skip

    @task(2)
    def projects(self) -> None:
        self.client.get("/projects/")


class Clerk(FastHttpUser):
    weight = 3
    wait_time = between(1, 3)

    def on_start(self) -> None:
        self.county, username = random.choice(CONFIG["clerks"])
        sign_in(self, username, CONFIG["password"])
        self.cells: list[dict[str, str]] = []
        self.open_report()

    def open_report(self) -> None:
        self.period = random.choice(CONFIG["clerk_periods"])
        self.report = f"/data/entry/TALENT/{self.county}/{self.period}/"
        with self.client.get(self.report, name="/data/entry/[report]/", catch_response=True) as r:
            text = r.text or ""
            token = CSRF_HEADER.search(text)
            self.cells = [json.loads(v) for v in CELL.findall(text)]
            if not token or not self.cells:
                if r.status_code == 200:
                    r.failure("no editable cell or no CSRF token in the grid")
                return
            self.csrf = token[1]

    @task
    def save_cell(self) -> None:
        if not self.cells:
            self.open_report()
            return
        cell = random.choice(self.cells)
        with self.client.post(
            self.report + "cell/",
            data={"element": cell["element"], "key": cell["key"], "value": random.randint(0, 500)},
            headers={"X-CSRFToken": self.csrf, "HX-Request": "true",
                     "Referer": self.host + self.report},
            name="/data/entry/[report]/cell/ (save)",
            catch_response=True,
        ) as r:  # fmt: skip
            if r.status_code == 200 and "cell-ok" not in (r.text or ""):
                r.failure("the cell was answered without its saved mark")
        if random.random() < 0.1:  # now and then the next report
            self.open_report()


class ApiReader(FastHttpUser):
    weight = 2
    wait_time = between(1, 3)

    def on_start(self) -> None:
        self.headers = {"Authorization": f"Bearer {CONFIG['token']}"}

    def get(self, path: str, name: str) -> None:
        self.client.get(path, headers=self.headers, name=name)

    @task(2)
    def counties_by_month(self) -> None:
        year = random.randint(2017, 2018)
        months = ";".join(f"{year}{m:02d}" for m in range(1, 13))
        self.get(
            "/api/analytics?dimension=dx:job_fairs;training_classes;workers_placed"
            f"&dimension=pe:{months}&dimension=ou:LEVEL-3;45&skipMeta=true",
            "/api/analytics (Guangxi's counties × 12 months × 3 elements)",
        )

    @task(1)
    def years(self) -> None:
        years = ";".join(str(y) for y in range(2012, 2027))
        self.get(
            "/api/analytics?dimension=dx:aid_money_goods;fiscal_aid;workers_placed"
            f"&dimension=pe:{years}&dimension=ou:44;45",
            "/api/analytics (2 provinces × 15 years)",
        )

    @task(1)
    def quarters(self) -> None:
        self.get(
            "/api/analytics?dimension=dx:people_trained;job_fairs"
            "&dimension=pe:2018Q1;2018Q2;2018Q3;2018Q4&dimension=ou:LEVEL-3;4510",
            "/api/analytics (a prefecture's counties × 4 quarters)",
        )

    @task(3)
    def lists(self) -> None:
        path = random.choice(
            [
                "/api/v1/pairings?place=45&limit=100",
                "/api/v1/projects",
                f"/api/v1/plans/board?document={random.choice(CONFIG['plan_documents'])}",
                "/api/v1/places?search=德保",
                "/api/v1/occupations?q=6-25",
            ]
        )
        self.get(path, "/api/v1/ (lists)")


class Importer(FastHttpUser):
    fixed_count = 1
    wait_time = constant(30)

    @task
    def post_values(self) -> None:
        values = [
            {"dataElement": element, "period": str(year), "orgUnit": county,
             "value": str(random.randint(0, 900))}
            for county in CONFIG["counties"]
            for year in CONFIG["import_years"]
            for element in CONFIG["import_elements"]
        ]  # fmt: skip
        with self.client.post(
            "/api/dataValueSets?idScheme=CODE",
            data=json.dumps({"dataValues": values}),
            headers={"Content-Type": "application/json"},
            auth=(CONFIG["importer"], CONFIG["password"]),
            name="/api/dataValueSets (import)",
            catch_response=True,
        ) as r:
            if r.status_code == 200:
                counts = (r.json().get("response") or r.json()).get("importCount", {})
                if counts.get("imported", 0) + counts.get("updated", 0) + counts.get(
                    "ignored", 0
                ) != len(values):
                    r.failure(f"the import counted {counts} of {len(values)} values")
