"""No page shows a raw code where a person reads it.

The test signs in as each role, opens every page of the menu and, for a report with phone
evidence and an order, the report page and every page of that report it links to (its
sub-navigation, evidence, timeline, course of conduct, risk, path, case file ...), plus
the person and order pages it links to. It fails if the visible text of any page holds a
code from the code registries written as stored (``core/labels.raw_codes()``: every code
with an underscore, such as ``new_identifiers_after_stop``, ``spo_interim``,
``TURNING_UP``).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from foursight.core import labels
from foursight.server import display  # noqa: F401 - registers the apps' choice lists
from tests.conftest import World
from tests.orders.test_orders_detection import _sms, import_backup, make_spo, write_backup
from tests.risk.risk_support import assessment_body, call, dash_answers

ROLES = ("officer_cn", "supervisor_cn", "stac", "pou", "advocate", "analyst")

#: Pages of other areas that still show raw codes at this commit, each with the codes it
#: showed. A listed page may show only the codes listed for it; the list is to be emptied
#: as those pages adopt ``{{ code|label:"kind" }}``. Keys are patterns of the path;
#: ``{report}`` stands for the report's id.
ALLOWED_RAW_CODES: dict[str, frozenset[str]] = {}

SKIPPED_TAGS = {"script", "style", "template", "head", "svg"}

#: Pages not opened: the redaction review loads the redaction model (seconds, up to a
#: minute on a busy machine); its words are checked by tests/disclosure.
NOT_CRAWLED = re.compile(r"/disclosure/exhibits/\d+$")


class _Text(HTMLParser):
    """The text a person reads on the page, and the links on it."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.links: list[str] = []
        self.menu: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag in SKIPPED_TAGS:
            self._skip += 1
        if tag == "a" and found.get("href"):
            href = str(found["href"])
            self.links.append(href)
            if "service-navigation__link" in (found.get("class") or ""):
                self.menu.append(href)

    def handle_endtag(self, tag: str) -> None:
        if tag in SKIPPED_TAGS and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def read(html: str) -> _Text:
    page = _Text()
    page.feed(html)
    return page


def raw_pattern() -> re.Pattern[str]:
    codes = sorted(labels.raw_codes(), key=len, reverse=True)
    return re.compile(r"(?<![\w/.=-])(" + "|".join(map(re.escape, codes)) + r")(?![\w/-])")


@pytest.fixture
def evidence_world(world: World, tmp_path: Path, django_capture_on_commit_callbacks: Any) -> World:
    """The shared world, with a Stalking Protection Order on the Camden report and a phone
    export (in summer) showing contact from its subject: analysis, occasions and a breach."""
    make_spo(world)
    path = write_backup(
        tmp_path,
        [
            _sms("07700900456", datetime(2026, 7, 6, 19, 5, tzinfo=UTC), 1, "I'll wait outside"),
            _sms("07700900456", datetime(2026, 7, 6, 23, 40, tzinfo=UTC), 1, "Answer me"),
            _sms("07700900111", datetime(2026, 7, 7, 7, 30, tzinfo=UTC), 2, "Please stop"),
            _sms("07700900999", datetime(2026, 7, 9, 22, 0, tzinfo=UTC), 1, "New number, hi"),
            _sms(
                "07700900456", datetime(2026, 7, 10, 1, 0, tzinfo=UTC), 1, "I know where you live"
            ),
        ],
    )
    import_backup(world, path, django_capture_on_commit_callbacks)
    report = world.reports["cn"]
    body = assessment_body(report, "dash", dash_answers(15))
    response = call(world, "officer_cn", "post", f"/reports/{report.pk}/assessments", body)
    assert response.status_code == 201, response.content
    return world


def _pages(client: Client, report_id: int) -> dict[str, str]:
    """Path -> HTML of every page reached from the menu and from the report."""
    seen: dict[str, str] = {}

    def get(path: str) -> _Text | None:
        if path in seen or NOT_CRAWLED.search(path):
            return None
        response = client.get(path)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            seen[path] = ""
            return None
        seen[path] = response.content.decode()
        return read(seen[path])

    home = get("/")
    assert home is not None and home.menu, "the home page has a menu"
    for path in home.menu:
        get(path)
    report_path = f"/reports/{report_id}"
    report = get(report_path)
    if report is None:
        return seen  # a role that may not open the report
    own = re.compile(rf"^{re.escape(report_path)}(/[\w/-]*)?$")
    queue = [h for h in report.links if own.match(h)]
    linked = re.compile(r"^/(persons|orders|assessments|offenders)/\d+$")
    queue += [h for h in report.links if linked.match(h)]
    for path in queue:
        page = get(path)
        if page is not None and path.startswith(report_path):
            queue += [h for h in page.links if (own.match(h) or linked.match(h)) and h not in queue]
    return seen


def _allowed(path: str, report_id: int) -> frozenset[str]:
    for pattern, codes in ALLOWED_RAW_CODES.items():
        if re.fullmatch(pattern.replace("{report}", str(report_id)), path):
            return codes
    return frozenset()


def test_no_page_shows_a_raw_code(evidence_world: World) -> None:
    pattern = raw_pattern()
    report_id = evidence_world.reports["cn"].pk
    problems: list[str] = []
    crawled = 0
    for role in ROLES:
        for path, html in _pages(evidence_world.page(role), report_id).items():
            if not html:
                continue
            crawled += 1
            text = " ".join(read(html).parts)
            found = set(pattern.findall(text)) - _allowed(path, report_id)
            if found:
                problems.append(f"{role} {path}: {', '.join(sorted(found))}")
    assert crawled > 40, crawled
    assert not problems, "raw codes on pages:\n" + "\n".join(sorted(problems))


def test_the_crawl_would_see_a_raw_code() -> None:
    """The check itself: a stored code in the text is found, its words are not."""
    pattern = raw_pattern()
    assert pattern.findall("Indicators: new_identifiers_after_stop: 1") == [
        "new_identifiers_after_stop"
    ]
    assert pattern.findall("Order: spo_interim, TURNING_UP") == ["spo_interim", "TURNING_UP"]
    assert not pattern.findall(labels.label("spo_interim", "order_kind"))
    assert not pattern.findall("/reports/1/timeline?kind=call_missed")
