"""Panels that apps above `places` add to a place's page and an organisation's page.

Places are the spine: every registry hangs its records on a place, and a
place's page shows them — but `places` imports nothing above it. Each app
registers its panel when it is ready:

    panels.register(kind="place", template="pairings/_place_panel.html",
                    context=lambda place: {"pairings": pairings_of(place=place)}, order=10)

and the page includes each panel's template with the context it returns.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

Kind = Literal["place", "organisation"]


@dataclass(frozen=True)
class Panel:
    template: str
    context: Callable[[Any], dict[str, Any]]
    order: int = 100


@dataclass(frozen=True)
class ShownPanel:
    template: str
    context: dict[str, Any]


_panels: dict[str, list[Panel]] = {"place": [], "organisation": []}


def register(
    *, kind: Kind, template: str, context: Callable[[Any], dict[str, Any]], order: int = 100
) -> None:
    """Add a panel to every place's (or organisation's) page; registering twice is harmless."""
    panel = Panel(template, context, order)
    if panel not in _panels[kind]:
        _panels[kind].append(panel)
        _panels[kind].sort(key=lambda p: p.order)


def panels_for(kind: Kind, record: Any) -> list[ShownPanel]:
    """The panels of a place or an organisation, each with its context, in order."""
    return [ShownPanel(p.template, p.context(record)) for p in _panels[kind]]
