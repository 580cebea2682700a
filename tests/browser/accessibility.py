"""axe-core's WCAG 2.1 A/AA rules, run in every page the browser tests visit.

The `page` fixture (conftest.py) adds axe-core as an init script: each page runs the
rules once loaded, and again after each htmx swap has settled, and reports its
critical and serious violations to Python through an exposed function. When the test is
over, the fixture waits for the last run and fails the test on any violation that
`ALLOWED` does not list (see `check`).

Rules run: the tags wcag2a, wcag2aa, wcag21a, wcag21aa. Disabled rules: none.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

AXE = Path(__file__).resolve().parent / "vendor" / "axe-4.14.1.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
IMPACTS = ("critical", "serious")
NODES_SHOWN = 5

RUNNER = """
(() => {
  if (window.top !== window) return;
  let running = false, again = false, timer = null;
  function audit() {
    if (running) { again = true; return; }
    running = true;
    const where = location.pathname + location.search;
    axe.run(document, {runOnly: {type: "tag", values: %(tags)s}, resultTypes: ["violations"]})
      .then(result => result.violations
        .filter(v => %(impacts)s.includes(v.impact))
        .map(v => ({id: v.id, impact: v.impact, help: v.help,
                    nodes: v.nodes.slice(0, %(shown)d).map(n => n.target.join(" ")),
                    why: v.nodes[0].failureSummary, count: v.nodes.length})))
      .catch(error => [{id: "axe-error", impact: "critical", help: String(error), nodes: [],
                        count: 0}])
      .then(found => window.__xzAxeReport(where, found))
      .finally(() => {
        running = false;
        if (again) { again = false; audit(); }
      });
  }
  window.__xzAxeIdle = () => !running && !again && timer === null;
  window.addEventListener("load", () => audit());
  document.addEventListener("htmx:afterSettle", () => {
    clearTimeout(timer);
    timer = setTimeout(() => { timer = null; audit(); }, 100);
  });
})();
"""


def init_script() -> str:
    return (
        AXE.read_text(encoding="utf-8")
        + "\n"
        + RUNNER
        % {
            "tags": json.dumps(TAGS),
            "impacts": json.dumps(list(IMPACTS)),
            "shown": NODES_SHOWN,
        }
    )


@dataclass
class Audit:
    """What axe found in one test's pages: (page address, violations) per run."""

    runs: list[tuple[str, list[dict[str, Any]]]] = field(default_factory=list)

    def report(self, _source: Any, where: str, violations: list[dict[str, Any]]) -> None:
        self.runs.append((where, violations))

    def violations(self) -> list[tuple[str, dict[str, Any]]]:
        seen: set[tuple[str, str]] = set()
        found = []
        for where, violations in self.runs:
            path = where.split("?")[0]
            for v in violations:
                if (path, v["id"]) in seen:
                    continue
                seen.add((path, v["id"]))
                found.append((where, v))
        return found


def wait_idle(page: Any) -> None:
    """Let the page's last axe run finish (the page may have gone: then nothing to wait)."""
    try:
        page.wait_for_function("() => !window.__xzAxeIdle || window.__xzAxeIdle()",
                               timeout=15_000)  # fmt: skip
    except Exception:  # a closed or navigating page has nothing pending
        return


def describe(found: list[tuple[str, dict[str, Any]]]) -> str:
    lines = []
    for where, v in found:
        nodes = "; ".join(v["nodes"])
        lines.append(
            f"{where}: {v['impact']} {v['id']} ({v['count']}×) {v['help']} — {nodes}\n"
            f"    {v.get('why', '')}"
        )
    return "\n".join(lines)


def record(test: str, audit: Audit) -> None:
    """Keep every run's findings in artifacts/axe/ (one JSON file a test) for reading."""
    folder = Path(__file__).resolve().parents[2] / "artifacts" / "axe"
    folder.mkdir(parents=True, exist_ok=True)
    name = test.replace("/", "_").replace("::", "__").replace("[", "_").replace("]", "")
    (folder / f"{name}.json").write_text(
        json.dumps({"test": test, "runs": audit.runs}, ensure_ascii=False, indent=1),
        encoding="utf-8",
    )
