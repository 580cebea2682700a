"""Fixtures of the progress report's tests: the demo is in every test database (the
project's conftest); a report of it is generated once per module where tests only read it."""

from __future__ import annotations

from typing import Any

import pytest

from xiezuo.reports.progress import selectors
from xiezuo.reports.progress.scope import parse_period, scope_get
from xiezuo.reports.progress.selectors import Report

SEED_PERIOD = ":201806"  # the article's date: as of June 2018


def generate(place: str = "45", period: str = SEED_PERIOD, language: str = "zh",
             pairing: str | None = None, code: str = "record") -> Report:  # fmt: skip
    template = selectors.template_get(code=code, language=language)
    assert template is not None and template.language == language
    return selectors.report_generate(
        template=template,
        scope=scope_get(place=None if pairing else place, pairing=pairing),
        period=parse_period(period),
        unapproved_within=None,
    )


@pytest.fixture(scope="module")
def guangxi_record(django_db_setup: Any, django_db_blocker: Any) -> Report:
    """The shipped record for Guangxi as of June 2018, in Chinese."""
    with django_db_blocker.unblock():
        return generate()


def report_text(report: Report) -> str:
    from xiezuo.reports.progress.vocabulary import Paragraph

    parts = [report.title]
    for section in report.sections:
        parts.append(section.heading)
        for block in section.blocks:
            if isinstance(block, Paragraph):
                parts.append(block.text)
            else:
                parts += [" | ".join(block.headers)] + [
                    " | ".join(c.text for c in row) for row in block.rows
                ]
    return "\n".join(parts)
