"""Browser tests: the app on a live server, driven in Debian's headless Chromium.

Playwright's own browser download is not used; `make test` installs Debian's
chromium. A failing test leaves a screenshot in test-results/.
"""

import os
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page

CHROMIUM = "/usr/bin/chromium"

# Playwright's sync API runs an event loop in this thread; the tests still talk
# to the database synchronously between browser steps, which is safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def live_library(live_server, library) -> None:
    """Every browser test has the live server and the stretch library."""


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium package.")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(scope="session")
def base_url(live_server) -> str:
    return live_server.url


# What Chromium logs for a request the test itself cut off (`cuts_connections`).
CUT_OFF = "Failed to load resource: net::ERR_FAILED"
# What Chromium logs for a load made while the test has set the browser offline.
OFFLINE = "Failed to load resource: net::ERR_INTERNET_DISCONNECTED"


@pytest.fixture
def page(page: Page, request) -> Iterator[Page]:
    """Playwright's page, failing the test on any console error, uncaught exception or
    Content-Security-Policy violation."""
    errors: list[str] = []
    # A load that fails because the test turned the network off (`context.set_offline`) is the
    # network being off, not a page error: what the page shows offline is asserted by the test.
    expected = {OFFLINE}
    if request.node.get_closest_marker("cuts_connections"):
        expected.add(CUT_OFF)
    page.on(
        "console",
        lambda message: (
            message.type == "error"
            and message.text not in expected
            # With the address it came from, so a failed load names what failed.
            and errors.append(f"{message.text} ({message.location.get('url', '')})")
        ),
    )
    page.on("pageerror", lambda error: errors.append(str(error)))
    # Every page reports Content-Security-Policy violations back here.
    violations: list[str] = []
    page.expose_function("reportViolation", lambda violation: violations.append(violation))
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', (event) =>"
        " window.reportViolation(`${event.effectiveDirective} ${event.blockedURI}`));"
    )
    yield page
    assert errors == [], f"the browser reported errors: {errors}"
    assert violations == [], f"the Content-Security-Policy was violated: {violations}"


@pytest.fixture
def phone(page: Page) -> Page:
    page.set_viewport_size({"width": 390, "height": 844})
    return page


def assert_no_horizontal_scroll(page: Page) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page scrolls sideways by {overflow}px"
