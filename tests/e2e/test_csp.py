"""No page breaks its own content security policy: htmx's indicator style comes from static/css."""

import pytest

from .conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_pages_raise_no_csp_violation_and_the_indicator_is_styled(page, world):
    problems = []
    page.on("console", lambda msg: msg.type == "error" and problems.append(msg.text))
    page.goto("/masuk/")
    login(page, "hr")
    page.goto("/rekrutmen/")
    page.evaluate(
        "() => { const s = document.createElement('span'); s.id = 'probe'; s.className = 'htmx-indicator';"
        " document.body.appendChild(s); }"
    )
    assert page.eval_on_selector("#probe", "e => getComputedStyle(e).opacity") == "0"
    assert not [p for p in problems if "Content Security Policy" in p], problems
