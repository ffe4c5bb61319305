"""Child process of the benchmark: renders one Relazione's PDF and the unstyled baseline, prints JSON.

Run apart so that the parent can read this process's peak memory alone."""

import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lodrino_performance.settings")

import django  # noqa: E402

django.setup()

from weasyprint import HTML  # noqa: E402

from obiettivi.models import Ente  # noqa: E402
from relazioni.context import relazione_context, relazione_for  # noqa: E402
from relazioni.pdf import relazione_html, relazione_pdf  # noqa: E402


def unstyled(html):
    """The same text and tables with no styling at all: no stylesheet, no classes, no fonts."""
    html = re.sub(r"<link[^>]*>|<style.*?</style>", "", html, flags=re.S)
    return re.sub(r'\sclass="[^"]*"', "", html)


def pages_of(content):
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(content)
        handle.flush()
        info = subprocess.run(["pdfinfo", handle.name], capture_output=True, text=True).stdout
    return int(re.search(r"Pages:\s+(\d+)", info).group(1))


slug, anno = sys.argv[1], int(sys.argv[2])
relazione = relazione_for(Ente.objects.get(slug=slug), anno)
HTML(string="<p>warm-up</p>").write_pdf()  # imports and font discovery, as in a running worker

started = time.perf_counter()
content = relazione_pdf(relazione)
seconds = time.perf_counter() - started

plain_html = unstyled(relazione_html(relazione, relazione_context(relazione)))
started = time.perf_counter()
plain = HTML(string=plain_html).write_pdf()
plain_seconds = time.perf_counter() - started

pages = pages_of(content)
print(json.dumps({
    "seconds": round(seconds, 2),
    "pages": pages,
    "pages_per_second": round(pages / seconds, 1),
    "bytes": len(content),
    "plain_seconds": round(plain_seconds, 2),
    "plain_pages": pages_of(plain),
    "ratio_to_plain": round(seconds / plain_seconds, 2),
}))
