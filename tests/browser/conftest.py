import pytest
from axe_playwright_python.sync_playwright import Axe

# WCAG 2.1 A/AA (what RGAA 4 maps to) and axe's best practices, on every public page.
AXE_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"],
    },
    "resultTypes": ["violations"],
}


@pytest.fixture(scope="session")
def axe():
    return Axe()


@pytest.fixture
def assert_accessible(axe):
    def check(page):
        results = axe.run(page, options=AXE_OPTIONS)
        assert results.violations_count == 0, results.generate_report()

    return check
