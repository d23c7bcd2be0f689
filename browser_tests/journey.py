"""The helper every journey drives the browser with: it signs people in, switches the language,
and after each page load takes the desktop and phone screenshots and runs axe-core on the page."""

import base64
import functools
import gettext
import hashlib
import hmac
import re
import struct
import time
from pathlib import Path

from playwright.sync_api import Download, Page, Response, expect

# The demo's preset authenticator secret (accounts/demo.py: DEMO_TOTP_SECRET); demo data only.
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPKOFFSETDEMOABCDE"
TOTP_PERIOD = 30
DEMO_PASSWORDS = {
    "kdia": "demo-kdia-2026",
    "dapa": "demo-dapa-2026",
    "company": "demo-company-2026",
    "contractor": "demo-contractor-2026",
}
BLOCKING_IMPACTS = {"serious", "critical"}
KOREAN_CATALOGUE = Path(__file__).resolve().parent.parent / "locale" / "ko" / "LC_MESSAGES" / "django.mo"


@functools.cache
def _korean() -> gettext.GNUTranslations:
    with KOREAN_CATALOGUE.open("rb") as catalogue:
        return gettext.GNUTranslations(catalogue)


def translate(english: str, lang: str) -> str:
    """What the site shows for the msgid `english` in `lang`, read from the compiled catalogue."""
    if lang == "en":
        return english
    korean = _korean().gettext(english)
    assert korean != english, f"No Korean translation in the catalogue for {english!r}"
    return korean


def totp_code(secret: str = DEMO_TOTP_SECRET, at: float | None = None) -> str:
    """The six-digit code an authenticator app shows (RFC 6238, as django-allauth checks it)."""
    counter = int(time.time() if at is None else at) // TOTP_PERIOD
    key = base64.b32decode(secret, casefold=True)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


class Journey:
    """One user's path through the site in one language; collects what went wrong on the way."""

    DESKTOP = {"width": 1280, "height": 900}
    PHONE = {"width": 390, "height": 844}

    def __init__(self, page: Page, *, lang: str, folder: Path, axe_source: str):
        self.page = page
        self.lang = lang
        self.folder = folder
        self.axe_source = axe_source
        self.shots = 0
        self.problems: list[str] = []
        self.viewport = self.DESKTOP
        self.last_totp_window = -1
        page.on("response", self._watch_response)
        page.on("console", self._watch_console)
        page.on("pageerror", lambda error: self.problems.append(f"script error on {page.url}: {error}"))

    def t(self, english: str) -> str:
        """The text the user sees in this journey's language for the msgid `english`."""
        return translate(english, self.lang)

    # Watching ---------------------------------------------------------------------------------------

    def _watch_response(self, response: Response) -> None:
        if response.status >= 500:
            self.problems.append(f"HTTP {response.status} from {response.request.method} {response.url}")

    def _watch_console(self, message) -> None:
        # CSP refusals and script failures surface as console errors.
        if message.type == "error":
            self.problems.append(f"console error on {self.page.url}: {message.text}")

    def assert_clean(self) -> None:
        assert not self.problems, "Problems seen on the way:\n" + "\n".join(self.problems)

    # Pages -------------------------------------------------------------------------------------------

    def open(self, path: str, name: str) -> Response | None:
        response = self.page.goto(path)
        assert response is not None and response.ok, f"{path} answered {response and response.status}"
        self.snap(name)
        return response

    def snap(self, name: str) -> None:
        """Screenshot the loaded page at desktop and phone width and check it with axe-core."""
        page = self.page
        page.wait_for_load_state("load")
        expect(page.locator("html")).to_have_attribute("lang", self.lang)
        self.shots += 1
        slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
        stem = self.folder / f"{self.shots:02d}-{slug}"
        current = self.viewport
        for label, size in (("desktop", self.DESKTOP), ("phone", self.PHONE)):
            page.set_viewport_size(size)
            page.screenshot(
                path=f"{stem}-{size['width']}.png", full_page=True, animations="disabled", caret="initial"
            )
            if label == "phone":
                self._check_phone_overflow(name)
        page.set_viewport_size(current)
        self._check_accessibility(name)
        # Playwright leaves empty style attributes behind; htmx's history snapshot would re-parse them
        # and the CSP would report each one, a console error the user never causes.
        page.evaluate("document.querySelectorAll('[style=\"\"]').forEach(e => e.removeAttribute('style'))")

    def _check_phone_overflow(self, name: str) -> None:
        # A page wider than the phone makes the whole page scroll sideways; tables scroll in their own box.
        overflow = self.page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        if overflow > 1:
            self.problems.append(
                f"{name}: the page is {overflow}px wider than a phone screen ({self.page.url})"
            )

    def _check_accessibility(self, name: str) -> None:
        page = self.page
        if not page.evaluate("typeof window.axe !== 'undefined'"):
            # Evaluated from the test, not added as a <script>, so the page's CSP stays as it is.
            page.evaluate(self.axe_source)
        results = page.evaluate(
            "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
            ".map(v => ({id: v.id, impact: v.impact, help: v.help,"
            " targets: v.nodes.slice(0, 5).map(n => n.target.join(' '))}))"
        )
        for violation in results:
            if violation["impact"] in BLOCKING_IMPACTS:
                self.problems.append(
                    f"axe {violation['impact']} on {name} ({page.url}): {violation['id']} — {violation['help']}; "
                    f"{', '.join(violation['targets'])}"
                )

    def use_phone(self) -> None:
        """Drive the rest of the journey on a phone-width screen."""
        self.viewport = self.PHONE
        self.page.set_viewport_size(self.PHONE)

    # People ------------------------------------------------------------------------------------------

    def switch_language(self) -> None:
        """Choose the journey's language with the switch in the header (it beats the account's choice)."""
        page = self.page
        page.set_viewport_size(self.DESKTOP)  # the switch sits in the menu that phones fold away
        page.locator(f"form.language-switch button[value={self.lang}]").click()
        expect(page.locator("html")).to_have_attribute("lang", self.lang)
        page.set_viewport_size(self.viewport)

    def sign_in(self, email: str, password: str, *, staff: bool = False) -> None:
        page = self.page
        self.open("/accounts/login/", f"sign-in-{email.split('@')[0]}")
        form = page.locator("form:has(input[name=login])")
        form.locator("input[name=login]").fill(email)
        form.locator("input[name=password]").fill(password)
        form.locator("button[type=submit]").click()
        if staff:
            code_form = page.locator("form:has(input[name=code])")
            expect(code_form).to_be_visible()
            # A code typed in the last seconds of its window may arrive after it expired, and a code
            # is accepted only once: in both cases wait for the authenticator's next code.
            # (Waiting for a clock instant, not for the page: the CSP forbids wait_for_function's eval.)
            window = int(time.time()) // TOTP_PERIOD
            if window == self.last_totp_window or TOTP_PERIOD - time.time() % TOTP_PERIOD < 3:
                time.sleep((int(time.time()) // TOTP_PERIOD + 1) * TOTP_PERIOD - time.time() + 0.1)
            self.last_totp_window = int(time.time()) // TOTP_PERIOD
            code_form.locator("input[name=code]").fill(totp_code())
            code_form.locator("button[type=submit]:not([form])").click()  # not "Cancel" (signs out)
        expect(page.locator("form:has(input[name=login])")).to_have_count(0)
        expect(page.locator("form:has(input[name=code])")).to_have_count(0)

    def sign_out(self) -> None:
        page = self.page
        page.context.clear_cookies()
        page.goto("/")
        self.switch_language()

    # Files -------------------------------------------------------------------------------------------

    def download(self, trigger, name: str) -> Path:
        """Click `trigger`, wait for the file and keep it beside the screenshots."""
        with self.page.expect_download() as info:
            trigger.click()
        download: Download = info.value
        target = self.folder / f"{name}-{download.suggested_filename}"
        download.save_as(target)
        return target
