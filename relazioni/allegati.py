"""A large approved Relazione as a main document plus one annex per area, rendered on every core.

From settings.RELAZIONE_ALLEGATI_SOGLIA objectives up, the approved PDF is `relazione.pdf` (cover,
index, chapters, the summary per area and the list of annexes) and one annex per area with chapter 3's
detail of that area; each is a PDF/A-3a of its own, with its tag tree, bookmarks, index and "Pagina X
di Y", made by WeasyPrint from the same template (relazioni/relazione_pdf.html, `parte`). Why annexes
and not one merged file: README, "Il PDF grande su tutti i core".

The parts are laid out by a pool of processes (spawned, so that no database connection or lock is
inherited), min(cores, PDF_WORKERS), each from plain data cut from the frozen snapshot; the process
that runs the task stores each part as it arrives, so the Segretario's page shows the progress.
"""

import io
import multiprocessing
import os
import resource
from concurrent.futures import ProcessPoolExecutor, as_completed

from django.conf import settings
from django.urls import reverse

PRINCIPALE = 0  # the number of the main document among the parts; annexes are 1..n


def conta_obiettivi(data):
    return sum(len(a["obiettivi"]) for a in data["risultati"]["aree"])


def con_allegati(data):
    """Whether a snapshot is large enough to be published as a main document with annexes."""
    return conta_obiettivi(data) >= settings.RELAZIONE_ALLEGATI_SOGLIA


def elenco(data, *, slug=None, anno=None, versione=None):
    """The annexes of a snapshot, in the order of chapter 3: [{"numero", "area", "url"}]. The url is
    the annex's public address when the site's address (SITE_URL) is known, so that the main PDF
    links to it; "" otherwise (the list is then plain text)."""
    base = settings.SITE_URL.rstrip("/")
    allegati = []
    for numero, area in enumerate(data["risultati"]["aree"], start=1):
        url = ""
        if base and slug and versione:
            url = base + reverse("relazioni:relazione_allegato_versione", args=[slug, anno, versione, numero])
        allegati.append({"numero": numero, "area": area["area"]["nome"], "url": url})
    return allegati


def payload(data, numero, allegati):
    """What one process needs to render part `numero`: plain, picklable data only. An annex gets the
    snapshot cut to its area; the main document gets the whole (its summary counts every objective)
    and the stemma already read, so that no worker touches the database."""
    if numero == PRINCIPALE:
        from pubblicazioni.templatetags.pubblicazioni import stemma_src

        part = {**data, "ente": {**data["ente"], "stemma_src": stemma_src(data["ente"])}}
        return numero, part, {"parte": "principale", "allegati": allegati}
    area = data["risultati"]["aree"][numero - 1]
    part = {**data, "risultati": {**data["risultati"], "aree": [area]}}
    return numero, part, {"parte": "allegato", "allegato": allegati[numero - 1]}


def count_pages(content):
    """The pages of a PDF, or None if it cannot be read (the count is for progress only)."""
    from pypdf import PdfReader

    try:
        return len(PdfReader(io.BytesIO(content)).pages)
    except Exception:  # pypdf raises many kinds of error on bytes that are not a whole PDF
        return None


def render_parte(numero, part, extra):
    """Render one part in this process: (numero, PDF bytes, pages, this process's peak memory in MB)."""
    from .pdf import relazione_pdf
    from .snapshot import context_from_data

    content = relazione_pdf(None, {**context_from_data(part), **extra})
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return numero, content, count_pages(content), round(peak_mb, 1)


def _init_worker(settings_module):
    os.environ["DJANGO_SETTINGS_MODULE"] = settings_module
    import django

    django.setup()


def workers_for(parts):
    return max(1, min(os.cpu_count() or 1, settings.PDF_WORKERS, parts))


def render_parts(data, numeri, allegati, *, on_done):
    """Render the parts `numeri`, calling on_done(numero, content, pages, peak_mb) in this process as
    each is ready (largest first, so that the processes finish together). Every part is tried; the
    first failure is raised at the end, after the others are stored, so a retry renders only it."""
    size = {n: len(data["risultati"]["aree"][n - 1]["obiettivi"]) if n else 0 for n in numeri}
    ordered = sorted(numeri, key=lambda n: -size[n])
    workers = workers_for(len(ordered))
    failures = []
    if workers == 1:  # one core, or one part left: no process to start
        for n in ordered:
            try:
                result = render_parte(*payload(data, n, allegati))
            except Exception as error:
                failures.append(error)
                continue
            on_done(*result)
        if failures:
            raise failures[0]
        return
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_init_worker,
                             initargs=(os.environ.get("DJANGO_SETTINGS_MODULE", "lodrino_performance.settings"),)) as pool:
        futures = [pool.submit(render_parte, *payload(data, n, allegati)) for n in ordered]
        for future in as_completed(futures):
            try:
                result = future.result()
            except Exception as error:  # a part that failed, or a worker that died (BrokenProcessPool)
                failures.append(error)
                continue
            on_done(*result)
    if failures:
        raise failures[0]
