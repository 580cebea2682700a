"""Printable files of the reports: PDF drawn from the reports' own HTML by WeasyPrint.

Chinese text is set in Noto Sans CJK SC (or any CJK font the system's fontconfig finds),
and the fonts are embedded (subset) in the file, so the PDF reads the same everywhere and
its text can be extracted. The only resources a document may load are the site's static
files; anything else (another host, a file path) is refused, so a document never reaches
the network or the disk.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation

# the host a document's relative links resolve against: no real host, so nothing leaves
BASE_HOST = "xiezuo.invalid"

# The stylesheet every printable document starts from: A4, CJK fonts, calm tables.
PRINT_CSS = """
@page { size: A4; margin: 20mm 18mm 20mm 18mm;
        @bottom-center { content: counter(page) " / " counter(pages); font-size: 9pt; } }
html { font-family: "Noto Sans CJK SC", "Noto Serif CJK SC", "Source Han Sans SC",
       "WenQuanYi Micro Hei", sans-serif; font-size: 10.5pt; line-height: 1.6; }
h1 { font-size: 18pt; margin: 0 0 8pt; } h2 { font-size: 14pt; margin: 14pt 0 6pt; }
h3 { font-size: 12pt; margin: 10pt 0 4pt; }
table { border-collapse: collapse; width: 100%; margin: 6pt 0; }
th, td { border: 0.5pt solid #999; padding: 2pt 4pt; text-align: left; vertical-align: top; }
td.num, th.num { text-align: right; }
a { color: inherit; text-decoration: none; }
.no-print { display: none; }
"""


def _static_fetcher() -> Any:
    """WeasyPrint's URL fetcher, limited to the site's static files."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnly(URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
            parts = urlsplit(url)
            prefix = "/" + settings.STATIC_URL.lstrip("/")
            found = None
            if parts.netloc == BASE_HOST and parts.path.startswith(prefix):
                try:
                    found = finders.find(parts.path[len(prefix) :])
                except SuspiciousFileOperation:
                    found = None
            if not found:
                raise ValueError(f"a printable document loads only the site's static files: {url}")
            file = Path(found if isinstance(found, str) else found[0])
            mime = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
            return URLFetcherResponse(url, file.read_bytes(), {"Content-Type": mime})

    return StaticOnly(allowed_protocols={"http", "https"})


def html_to_pdf(html: str) -> bytes:
    """The PDF of a whole HTML document (the reports' print pages), on A4 with CJK fonts."""
    import weasyprint

    document = weasyprint.HTML(
        string=html, base_url=f"http://{BASE_HOST}/", url_fetcher=_static_fetcher()
    )
    return document.write_pdf(stylesheets=[weasyprint.CSS(string=PRINT_CSS)])


PDF_CONTENT_TYPE = "application/pdf"
DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
