"""K-OFFSET under load: the mix of what guests and Korean companies do (docs/performance.md).

Guests (most users) search companies and products in Korean and English, page through results
and open company and product pages. Korean company members sign in through the login form, open
their home page and their profile, edit the profile through the API (reading its ETag first, as
an integration would) and draft and submit a wish-list proposal.

Run against a served K-OFFSET (gunicorn, DEBUG off), e.g.:
    locust -f loadtest/locustfile.py --headless -u 50 -r 10 -t 60s --host http://127.0.0.1:8000

KOFFSET_LOAD_MEMBERS lists the Korean members' "email:password" pairs, comma-separated (default:
the demo's four Korean accounts). Two members of one company may edit its profile at once: a
412 (someone else saved first) is the correct answer, so the client reads the profile again and
retries once, as a person would, under its own name ("profile edit (conflict)"); both count as
successes, since the server answered rightly.
"""

from __future__ import annotations

import itertools
import os
import random
import re
import threading

from locust import HttpUser, between, events, task

KOREAN_QUERIES = [
    "터빈블레이드를",
    "착륙장치의",
    "레이돔을 만드는",
    "방탄 헬멧",
    "정밀 가공",
    "복합소재",
    "열처리",
    "베어링",
    "전자광학",
    "함정 추진",
    "레이더 부품",
    "용접 업체",
]
ENGLISH_QUERIES = [
    "turbine blade machining",
    "landing gear actuators",
    "radome",
    "ballistic helmet",
    "composite materials",
    "heat treatment",
    "bearing supplier",
    "simulater",
    "naval propulsion",
    "radar components",
    "AS9100 certified machining",
    "thermal imaging",
]
DEMO_MEMBERS = (
    "ceo.solbaram@demo.k-offset.invalid:demo-company-2026,"
    "engineer.solbaram@demo.k-offset.invalid:demo-company-2026,"
    "admin.eunhasu@demo.k-offset.invalid:demo-company-2026,"
    "admin.gaeul@demo.k-offset.invalid:demo-company-2026"
)
COMPANY_LINK = re.compile(r'href="/companies/([0-9]{10})/"')
PRODUCT_LINK = re.compile(r'href="/products/([0-9]+)/"')
OWN_PROFILE_LINK = re.compile(r'href="/companies/([0-9]{10})/edit/')
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')

_members = itertools.cycle(
    tuple(pair.split(":", 1)) for pair in os.environ.get("KOFFSET_LOAD_MEMBERS", DEMO_MEMBERS).split(",")
)
_members_lock = threading.Lock()


def _next_member() -> tuple[str, str]:
    with _members_lock:
        return next(_members)


class Guest(HttpUser):
    """A foreign engineer browsing the public directory, in either language."""

    weight = 5
    wait_time = between(1, 3)

    def on_start(self):
        self.language = random.choice(("ko", "en"))
        self.client.headers["Accept-Language"] = self.language
        self.companies: list[str] = []
        self.products: list[str] = []

    def _query(self) -> str:
        return random.choice(KOREAN_QUERIES if random.random() < 0.5 else ENGLISH_QUERIES)

    @task(4)
    def search_companies(self):
        with self.client.get(
            "/companies/", params={"q": self._query()}, name="/companies/?q= (search)", catch_response=True
        ) as response:
            if response.ok:
                self.companies = COMPANY_LINK.findall(response.text)[:20] or self.companies

    @task(2)
    def search_companies_with_facets(self):
        params = {"q": self._query(), "size": "sme", "page": random.choice((1, 2))}
        self.client.get("/companies/", params=params, name="/companies/?q=&size= (search, facets)")

    @task(2)
    def search_products(self):
        with self.client.get(
            "/products/", params={"q": self._query()}, name="/products/?q= (search)", catch_response=True
        ) as response:
            if response.ok:
                self.products = PRODUCT_LINK.findall(response.text)[:20] or self.products

    @task(3)
    def company_page(self):
        if self.companies:
            self.client.get(f"/companies/{random.choice(self.companies)}/", name="/companies/[brn]/")

    @task(2)
    def product_page(self):
        if self.products:
            self.client.get(f"/products/{random.choice(self.products)}/", name="/products/[id]/")

    @task(1)
    def home(self):
        self.client.get("/", name="/ (home)")


class KoreanMember(HttpUser):
    """A Korean company's member keeping the profile current and proposing for a wish-list round."""

    weight = 1
    wait_time = between(2, 5)

    def on_start(self):
        self.proposed = False
        self.email, password = _next_member()
        self.client.headers["Accept-Language"] = random.choice(("ko", "en"))
        form = self.client.get("/accounts/login/", name="/accounts/login/ (form)")
        token = CSRF_FIELD.search(form.text)
        with self.client.post(
            "/accounts/login/",
            data={
                "login": self.email,
                "password": password,
                "csrfmiddlewaretoken": token.group(1) if token else "",
            },
            headers={"Referer": self.host + "/accounts/login/"},
            name="/accounts/login/ (sign in)",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"sign-in of {self.email} answered {response.status_code}")
                return
        # The home page links the member's own profile for editing.
        home = self.client.get("/", name="/ (home, signed in)")
        own = OWN_PROFILE_LINK.search(home.text)
        self.brn = own.group(1) if own else None
        rounds = self.client.get("/api/v1/wishlists/rounds", name="/api/v1/wishlists/rounds").json()
        self.round_id = next((r["id"] for r in rounds.get("items", []) if r.get("can_propose")), None)

    def _write_headers(self, **extra) -> dict:
        return {"X-CSRFToken": self.client.cookies.get("csrftoken", ""), "Referer": self.host + "/", **extra}

    @task
    def work_session(self):
        """What a member does each time: the home page, the profile, an edit; a proposal in the
        first session and in about one of three after it."""
        self.home()
        self.wait()
        self.profile_page()
        self.wait()
        self.edit_profile()
        if not self.proposed or random.random() < 1 / 3:
            self.wait()
            self.propose()
            self.proposed = True

    def home(self):
        self.client.get("/", name="/ (home, signed in)")

    def profile_page(self):
        if self.brn:
            self.client.get(f"/companies/{self.brn}/edit/", name="/companies/[brn]/edit/")

    def edit_profile(self):
        if not self.brn:
            return
        for attempt in ("profile edit", "profile edit (conflict)"):
            read = self.client.get(f"/api/v1/companies/{self.brn}", name="/api/v1/companies/[brn]")
            with self.client.patch(
                f"/api/v1/companies/{self.brn}",
                json={"employees": random.randint(20, 400)},
                headers=self._write_headers(**{"If-Match": read.headers.get("ETag", "")}),
                name=f"/api/v1/companies/[brn] PATCH ({attempt})",
                catch_response=True,
            ) as response:
                if response.status_code == 412:
                    # Someone else saved between our read and our write: the server kept their
                    # change, which is right. Read again and retry once; a second conflict ends it.
                    response.success()
                    continue
                return

    def propose(self):
        if not self.round_id:
            return
        body = {
            "offset_field": random.randint(1, 5),
            "offset_type": "direct_defence",
            "title_en": "Load-test proposal: gearbox overhaul line",
            "title_ko": "부하 시험 제안: 기어박스 정비 라인",
            "estimated_value": str(random.randint(100, 900) * 10_000),
            "currency": "USD",
        }
        created = self.client.post(
            f"/api/v1/wishlists/rounds/{self.round_id}/proposals",
            json=body,
            headers=self._write_headers(),
            name="/api/v1/wishlists/rounds/[id]/proposals POST (draft)",
        )
        if created.status_code != 201:
            return
        self.client.post(
            f"/api/v1/wishlists/proposals/{created.json()['id']}/submit",
            headers=self._write_headers(**{"If-Match": created.headers.get("ETag", "")}),
            name="/api/v1/wishlists/proposals/[id]/submit POST",
        )


@events.quitting.add_listener
def _fail_on_errors(environment, **_kwargs):
    """A run with any failed request exits non-zero, so a script or CI sees it."""
    if environment.stats.total.num_failures:
        environment.process_exit_code = 1
