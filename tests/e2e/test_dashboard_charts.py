"""Browser: the dashboard charts on the demo data read at desktop and phone width."""

import io

import pytest
from django.core.management import call_command

from tests.e2e.conftest import PASSWORD, login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

CHART = """(key) => {
  const canvas = document.querySelector(`canvas[data-source="chart-${key}"]`);
  const chart = Chart.getChart(canvas);
  return {labels: chart.data.labels, horizontal: chart.options.indexAxis === "y",
          height: canvas.parentElement.getBoundingClientRect().height};
}"""


def test_long_categories_are_tall_horizontal_bars_with_full_labels(browser, live_server, shot):
    call_command("seed_demo", employees=200, password=PASSWORD, stdout=io.StringIO())
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1366, "height": 900}, locale="id-ID")
    page = context.new_page()
    login(page, "hr")
    page.goto("/dasbor/")
    page.wait_for_function("Chart.getChart(document.querySelector('canvas[data-source=chart-department]'))")

    department = page.evaluate(CHART, "department")
    assert department["horizontal"] and len(department["labels"]) == 16  # 15 largest and "Lainnya (…)"
    assert " ".join(department["labels"][-1]).startswith("Lainnya (")
    # every label whole (wrapped over lines, never cut) and room for each row
    assert department["height"] >= 16 * 22
    assert any(len(lines) > 1 for lines in department["labels"])
    rows = page.evaluate("JSON.parse(document.getElementById('chart-department').textContent).length")
    assert rows > 20 and page.locator("#title-department ~ .card-body tbody tr").count() == rows  # table keeps all
    pns, pppk = page.evaluate(CHART, "golongan"), page.evaluate(CHART, "golongan_pppk")
    assert all("/" in " ".join(label) for label in pns["labels"])
    assert not any("/" in " ".join(label) for label in pppk["labels"])
    shot(page, "dasbor-1366")
    page.locator("#title-department").locator("xpath=..").screenshot(
        path=str(shot.folder / "dasbor-perangkat-daerah.png")
    )

    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    page.wait_for_function("Chart.getChart(document.querySelector('canvas[data-source=chart-department]'))")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    shot(page, "dasbor-390")
    context.close()
