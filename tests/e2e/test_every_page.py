"""Browser: every page of every role on the demo data, at 390 px, with axe-core.

Each role logs in and walks the site from its navigation and every parameterless page of the URLconf,
following links into detail pages (real object ids from the demo), one URL per page kind. On each page:
no sideways scrolling at phone width, and no critical or serious WCAG 2.1 A/AA violation.
"""

import io
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.urls import NoReverseMatch, Resolver404, URLPattern, URLResolver, get_resolver, resolve, reverse
from playwright.sync_api import Error as PlaywrightError

from tests.e2e.conftest import ARTIFACTS, PASSWORD, login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
PHONE = {"width": 390, "height": 844}
MAX_PAGES_PER_ROLE = 70
# Downloads, fragments for htmx, actions and the Django admin are not pages a person reads at 390 px.
SKIP_NAME = re.compile(r"(^admin:)|(pdf|export|download|json|template|evidence|progress|status$|logout|-rank-status)")
KEEP_NAME = {"recruitment:status"}  # the public status check is a page, despite the name
# The demo admin is an HR officer with the Django admin (not crawled) on top; kepala also sits on a panel.
ROLES = ["anonim", "pegawai", "atasan", "kepala", "hr"]
AXE_RUN = """async () => {
  const result = await axe.run(document, {
    runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    resultTypes: ["violations"],
  });
  return result.violations
    .filter((v) => v.impact === "critical" || v.impact === "serious")
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")}`);
}"""
WIDTH = "[document.documentElement.scrollWidth, window.innerWidth]"
# The elements that stick out of the screen (outside any box that scrolls or clips), for the failure message.
WIDE = """() => {
  const out = [];
  for (const el of document.querySelectorAll("body *")) {
    if (el.getBoundingClientRect().right <= window.innerWidth + 1) continue;
    let box = el.parentElement, clipped = false;
    for (; box && !clipped; box = box.parentElement) {
      clipped = ["auto", "scroll", "hidden"].includes(getComputedStyle(box).overflowX);
    }
    const cls = typeof el.className === "string" ? el.className.trim().split(/\\s+/).join(".") : "";
    if (!clipped) out.push(el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + (cls ? "." + cls : ""));
  }
  return out.slice(-3).join(" | ");
}"""


def _page_name(path: str) -> str | None:
    try:
        name = resolve(path).view_name
    except Resolver404:
        return None
    return name if name in KEEP_NAME or not SKIP_NAME.search(name) else None


def _parameterless_pages() -> list[str]:
    """Every page of the URLconf that takes no argument (list pages, forms, dashboards)."""
    found = []

    def walk(patterns, namespace):
        for p in patterns:
            if isinstance(p, URLResolver):
                if p.namespace != "admin":
                    walk(p.url_patterns, p.namespace or namespace)
            elif isinstance(p, URLPattern) and p.name and not p.pattern.regex.groups:
                name = f"{namespace}:{p.name}" if namespace else p.name
                try:
                    path = reverse(name)
                except NoReverseMatch:
                    continue
                if _page_name(path):
                    found.append(path)

    walk(get_resolver().url_patterns, None)
    return sorted(set(found))


def _links(page) -> list[str]:
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map((e) => e.href)")
    out = []
    for href in hrefs:
        parts = urlsplit(href)
        if parts.netloc and parts.netloc != urlsplit(page.url).netloc:
            continue
        out.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return out


def _answers_with_a_page(page, path: str) -> bool:
    """A plain request (no rendering) first: most of the URLconf answers a role with a redirect or a 403."""
    response = page.request.get(path, max_redirects=0)
    return response.status == 200 and "html" in response.headers.get("content-type", "")


def _goto(page, path):
    """Open a page; None for an action that answers GET with an empty 405. A navigation still running
    from the previous page (a redirect) is waited for once."""
    for attempt in range(2):
        try:
            return page.goto(path, wait_until="domcontentloaded")
        except PlaywrightError as error:
            if "interrupted by another navigation" not in str(error) or attempt:
                return None
            page.wait_for_load_state()
    return None


def _check_role(page, role: str, start: list[str], problems: list[str], visited_names: set) -> int:
    """Breadth-first over the role's links; one URL per page kind. Returns how many pages were checked."""
    queue, seen_names, checked = list(start), set(), 0
    while queue and checked < MAX_PAGES_PER_ROLE:
        path = queue.pop(0)
        name = _page_name(urlsplit(path).path)
        if name is None or name in seen_names:
            continue
        seen_names.add(name)
        response = _goto(page, path)
        if response is None or response.status >= 400 or "html" not in response.headers.get("content-type", ""):
            continue
        landed = _page_name(urlsplit(page.url).path)
        if landed != name:  # redirected (to the login form, or after an action): check where it landed once
            if landed is None or landed in seen_names:
                continue
            seen_names.add(landed)
            name = landed
        if not page.locator("main").count():  # an htmx fragment reached by a plain link
            continue
        checked += 1
        visited_names.add(name)
        scroll, inner = page.evaluate(WIDTH)
        if scroll > inner:
            problems.append(f"{role} {path}: melebar ke samping {scroll}px > {inner}px: {page.evaluate(WIDE)}")
            page.screenshot(path=str(ARTIFACTS / "every_page" / f"{role}-{name.replace(':', '-')}.png"))
        for violation in page.evaluate(AXE_RUN):
            problems.append(f"{role} {path}: {violation}")
        queue += [link for link in _links(page) if _page_name(urlsplit(link).path) not in seen_names]
    return checked


def test_every_page_of_every_role_fits_a_phone_and_passes_axe(browser, live_server):
    call_command("seed_demo", employees=120, password=PASSWORD, stdout=io.StringIO())
    (ARTIFACTS / "every_page").mkdir(parents=True, exist_ok=True)
    context = browser.new_context(base_url=live_server.url, viewport=PHONE, locale="id-ID", timezone_id="Asia/Jayapura")
    context.add_init_script(path=str(AXE))
    page = context.new_page()
    page.set_default_timeout(15000)
    problems, visited_names, counts = [], set(), {}
    everywhere = _parameterless_pages()
    for role in ROLES:
        _goto(page, "/")
        page.context.clear_cookies()
        if role != "anonim":
            login(page, role)
        _goto(page, "/")
        reachable = [path for path in everywhere if _answers_with_a_page(page, path)]
        counts[role] = _check_role(page, role, _links(page) + reachable, problems, visited_names)
    context.close()

    for must in ["performance:my-list", "performance:team-list", "performance:approval-list",
                 "performance:period-detail", "recruitment:fairness", "recruitment:stage-panel",
                 "recruitment:formation-detail", "employees:employee-list", "employees:employee-detail", "dashboard",
                 "merit-assessment", "training:session-detail", "recruitment:announcement-detail"]:  # fmt: skip
        if must not in visited_names:
            problems.append(f"{must} tidak terjangkau oleh peran mana pun")
    assert all(counts.values()), counts
    assert not problems, "\n".join([f"{len(problems)} masalah ({counts}):"] + problems)
