"""`xiezuo maps load FILE.geojson --key PROPERTY`: load the outlines of places for the map."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from xiezuo.reports.maps import MapError, boundary_load, read_file


class Command(BaseCommand):
    help = "The map's boundaries. load: store places' outlines from a GeoJSON file."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser(
            "load",
            help="match a GeoJSON FeatureCollection's features to places by a property holding "
            "their division code (6 or 12 digits) and store them; all or nothing",
        )
        load.add_argument("file", help="a GeoJSON file (a FeatureCollection of polygons)")
        load.add_argument(
            "--key", required=True, help="the feature property that holds the division code"
        )
        load.add_argument(
            "--source", default="", help="where the outlines come from (default: the file name)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] != "load":  # pragma: no cover - argparse refuses others
            raise CommandError(f"unknown action {options['action']}")
        path = options["file"]
        try:
            result = boundary_load(
                data=read_file(path), key=options["key"], source=options["source"] or path
            )
        except MapError as exc:
            raise CommandError(str(exc)) from exc
        for label in result.unmatched:
            self.stdout.write(_("Not matched: feature %(label)s") % {"label": label})
        if result.without:
            names = "、".join(p.display_name for p in result.without[:20])
            more = "…" if len(result.without) > 20 else ""
            self.stdout.write(_("Without a boundary: %(names)s") % {"names": names + more})
        self.stdout.write(result.summary())
