"""A large approved Relazione as a main document plus annexes by area, rendered on every core.

From settings.RELAZIONE_ALLEGATI_SOGLIA objectives up, the approved PDF is `relazione.pdf` (cover,
index, chapters, the summary per area and the list of annexes) and annexes with chapter 3's detail:
one per area, or, for an area of more than RELAZIONE_ALLEGATO_MAX_OBIETTIVI objectives, several
("parte 1 di 2", contiguous objectives, about the same size), numbered 1..n in the order of chapter 3.
Each is a PDF/A-3a of its own, with its tag tree, bookmarks, index and "Pagina X di Y", made by
WeasyPrint from the same template (relazioni/relazione_pdf.html, `parte`). Why annexes and not one
merged file: README, "Il PDF grande su tutti i core".

The parts are laid out by a pool of processes (spawned, so that no database connection or lock is
inherited), min(cores, PDF_WORKERS), the costliest first, each from plain data cut from the frozen
snapshot to what that part prints; the process that runs the task stores each part as it arrives, so
the Segretario's page shows the progress.
"""

import bisect
import io
import math
import multiprocessing
import os
import resource
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from typing import NamedTuple

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

PRINCIPALE = 0  # the number of the main document among the parts; annexes are 1..n
# The cost of the main document (cover, index, chapters, summary, process), in the units of _peso:
# at 1,000 objectives, given only the summary, 1.1 s of CPU against 18 s for an annex of 100 objectives
# with 3 indicators (400 rows), so about 25 rows: it goes last, filling the other process's tail.
# It only orders the work.
PESO_PRINCIPALE = 25
# No annex above an eighth of the plan: four parts a process on 2 cores, whatever the areas' sizes.
PARTI_MINIME = 8
MINIMO_PER_ALLEGATO = 40  # objectives, about 20 pages


def conta_obiettivi(data):
    return sum(len(a["obiettivi"]) for a in data["risultati"]["aree"])


def con_allegati(data):
    """Whether a snapshot is large enough to be published as a main document with annexes."""
    return conta_obiettivi(data) >= settings.RELAZIONE_ALLEGATI_SOGLIA


def _peso(obiettivo):
    """What an objective costs to lay out, in rows: its heading and text, and a table row (with the
    row of its explanation) per indicator. Parts are balanced and scheduled by it."""
    return 1 + len(obiettivo["indicatori"])


def massimo_per_allegato(data):
    """The most objectives an annex holds: RELAZIONE_ALLEGATO_MAX_OBIETTIVI, and no more than an
    eighth of the plan, so that there are enough parts to keep the processes busy to the end (with 5
    areas of 80 objectives, 5 annexes on 2 processes are 3 against 2: the last fifth on one core);
    but an area of up to MINIMO_PER_ALLEGATO objectives is never split (annexes of a few pages)."""
    ottavo = max(MINIMO_PER_ALLEGATO, math.ceil(conta_obiettivi(data) / PARTI_MINIME))
    return max(1, min(settings.RELAZIONE_ALLEGATO_MAX_OBIETTIVI, ottavo))


def quanti_allegati(data):
    """How many annexes a snapshot gets: one per area, an area of more than massimo_per_allegato
    objectives in as many parts as needed. Fixed at the first render (VersioneRelazione.parti_totali),
    so that a retry completes the same set."""
    massimo = massimo_per_allegato(data)
    return sum(max(1, math.ceil(len(a["obiettivi"]) / massimo)) for a in data["risultati"]["aree"])


def _quote(aree, annessi):
    """How many annexes each area gets out of `annessi`: one each, then one more at a time to the area
    with the most objectives per annex. A function of the snapshot and the number only, so that the
    number stored at the first render gives the same partition on a retry, whatever the settings are now."""
    sizes = [len(a["obiettivi"]) for a in aree]
    quote = [1] * len(aree)
    for _extra in range(annessi - len(aree)):
        divisibili = [i for i in range(len(aree)) if sizes[i] > quote[i]]
        if not divisibili:
            break
        i = max(divisibili, key=lambda i: (sizes[i] / quote[i], -i))
        quote[i] += 1
    return quote


def _tagli(obiettivi, parti):
    """`parti` contiguous slices [(da, a)] of the objectives, of about the same cost each."""
    if parti <= 1:
        return [(0, len(obiettivi))]
    cumulato, totale = [], 0
    for o in obiettivi:
        totale += _peso(o)
        cumulato.append(totale)  # cumulato[i]: the cost of objectives 0..i
    bounds = [0]
    for j in range(1, parti):
        target = totale * j / parti
        i = bisect.bisect_left(cumulato, target)  # the first objective that reaches the target
        # Cut after it or before it, whichever lands nearer the target, never leaving a slice empty.
        end = i + 1 if i < len(cumulato) and cumulato[i] - target < target - (cumulato[i - 1] if i else 0) else i
        lowest, highest = bounds[-1] + 1, len(obiettivi) - (parti - j)
        bounds.append(min(max(end, lowest), highest))
    bounds.append(len(obiettivi))
    return list(zip(bounds, bounds[1:]))


def elenco(data, *, slug=None, anno=None, versione=None, annessi=None):
    """The annexes of a snapshot, in the order of chapter 3: [{"numero", "area", "nome", "parte",
    "parti", "indice", "da", "a", "peso", "url"}]: annex `numero` holds objectives da..a-1 of area
    `indice`, part `parte` of `parti`; `nome` is what the lists print after "Allegato N –". `annessi`
    is the number of annexes fixed at the first render (quanti_allegati by default). The url is the
    annex's public address when the site's address (SITE_URL) is known, so that the main PDF links to
    it; "" otherwise (the list is then plain text)."""
    aree = data["risultati"]["aree"]
    base = settings.SITE_URL.rstrip("/")
    allegati, numero = [], 0
    quote = _quote(aree, quanti_allegati(data) if annessi is None else annessi)
    for indice, (area, parti) in enumerate(zip(aree, quote, strict=True)):
        nome_area = area["area"]["nome"]
        for parte, (da, a) in enumerate(_tagli(area["obiettivi"], parti), start=1):
            numero += 1
            url = ""
            if base and slug and versione:
                url = base + reverse("relazioni:relazione_allegato_versione", args=[slug, anno, versione, numero])
            nome = nome_area if parti == 1 else _("%(area)s (parte %(parte)s di %(parti)s)") % {
                "area": nome_area, "parte": parte, "parti": parti}
            allegati.append({"numero": numero, "area": nome_area, "nome": nome, "parte": parte, "parti": parti,
                             "indice": indice, "da": da, "a": a,
                             "peso": sum(_peso(o) for o in area["obiettivi"][da:a]), "url": url})
    return allegati


def _sintesi(area):
    """An area as the main document reads it: its name, grado and the count and band of its
    objectives (the summary table and the chart), without the objectives' detail it does not print."""
    return {**area, "obiettivi": [{"ritirato": o["ritirato"], "grado": {**o["grado"], "explanation": ""}}
                                  for o in area["obiettivi"]]}


def payload(data, numero, allegati):
    """What one process needs to render part `numero`: plain, picklable data only, cut to what the
    part prints. An annex gets its area with its slice of objectives; the main document every area
    without the objectives' detail (its summary counts every objective) and the stemma already read,
    so that no worker touches the database."""
    if numero == PRINCIPALE:
        from pubblicazioni.templatetags.pubblicazioni import stemma_src

        risultati = {**data["risultati"], "aree": [_sintesi(a) for a in data["risultati"]["aree"]]}
        part = {**data, "ente": {**data["ente"], "stemma_src": stemma_src(data["ente"])}, "risultati": risultati}
        divisi = any(al["parti"] > 1 for al in allegati)
        return numero, part, {"parte": "principale", "allegati": allegati, "allegati_divisi": divisi}
    allegato = allegati[numero - 1]
    area = data["risultati"]["aree"][allegato["indice"]]
    area = {**area, "obiettivi": area["obiettivi"][allegato["da"]:allegato["a"]]}
    part = {**data, "risultati": {**data["risultati"], "aree": [area]}}
    return numero, part, {"parte": "allegato", "allegato": allegato}


def costo(numero, allegati):
    """The estimated cost of a part, to start the costliest first: the main document's own, an annex's rows."""
    return PESO_PRINCIPALE if numero == PRINCIPALE else allegati[numero - 1]["peso"]


def count_pages(content):
    """The pages of a stored PDF, or None if it cannot be read (the count is for progress only). A
    render counts its pages from the laid-out document (relazioni.pdf.relazione_pdf_document)."""
    from pypdf import PdfReader

    try:
        return len(PdfReader(io.BytesIO(content)).pages)
    except Exception:  # pypdf raises many kinds of error on bytes that are not a whole PDF
        return None


class Parte(NamedTuple):
    """One rendered part, with what the benchmark reads of its process: the process's peak memory, the
    CPU seconds it had used before and after this part (the first part's "before" is its start-up) and
    the part's start and end (time.time())."""

    numero: int
    content: bytes
    pagine: int | None
    peak_mb: float
    pid: int
    cpu_prima: float
    cpu_dopo: float
    inizio: float
    fine: float


def render_parte(numero, part, extra):
    """Render one part in this process."""
    from .pdf import relazione_pdf_document
    from .snapshot import context_from_data

    inizio, cpu_prima = time.time(), time.process_time()
    # The pages from the laid-out document: pypdf parsing the compressed file again cost 1.4 s an annex.
    content, pagine = relazione_pdf_document(None, {**context_from_data(part), **extra})
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return Parte(numero, content, pagine, round(peak_mb, 1), os.getpid(), cpu_prima, time.process_time(),
                 inizio, time.time())


def _init_worker(settings_module):
    os.environ["DJANGO_SETTINGS_MODULE"] = settings_module
    import django

    django.setup()
    from . import pdf, snapshot  # noqa: F401 - WeasyPrint's import, paid at start-up and not by the first part


def workers_for(parts):
    return max(1, min(os.cpu_count() or 1, settings.PDF_WORKERS, parts))


def render_parts(data, numeri, allegati, *, on_done):
    """Render the parts `numeri`, calling on_done(parte) in this process as each is ready. The
    costliest start first (largest first on a pool: the processes finish together). Every part is
    tried; the first failure is raised at the end, after the others are stored, so a retry renders only it."""
    ordered = sorted(numeri, key=lambda n: (-costo(n, allegati), n))
    workers = workers_for(len(ordered))
    failures = []
    if workers == 1:  # one core, or one part left: no process to start
        for n in ordered:
            try:
                parte = render_parte(*payload(data, n, allegati))
            except Exception as error:
                failures.append(error)
                continue
            on_done(parte)
        if failures:
            raise failures[0]
        return
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_init_worker,
                             initargs=(os.environ.get("DJANGO_SETTINGS_MODULE", "lodrino_performance.settings"),)) as pool:
        futures = [pool.submit(render_parte, *payload(data, n, allegati)) for n in ordered]
        for future in as_completed(futures):
            try:
                parte = future.result()
            except Exception as error:  # a part that failed, or a worker that died (BrokenProcessPool)
                failures.append(error)
                continue
            on_done(parte)
    if failures:
        raise failures[0]
