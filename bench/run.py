"""`make bench`: how the product behaves as the plan grows.

For synthetic plans of 10, 100 and 1,000 objectives (3 indicators each, all values for both
periods) in a fresh database, it measures every page a user opens (SQL queries, median and 95th
percentile server time through Django's test client; `after_change_ms` is the first visit after a
real write, one year-end value of the draft Relazione's year saved through obiettivi.services, see
bench.pages.change_shown_value) and the PDF (seconds, pages, pages per second, peak memory), with
baselines from the same run to divide by: WeasyPrint rendering the same text and tables with no styling, and Django serving a static file of the public page's size.
The import of the plan's own workbook is timed on its own (an upload, not a page), against reading
the same file; every page's figures are also given as multiples of the static file baseline.
It writes JSON to bench/results/ and a table to the terminal, checks the targets, and ends with
`bench: N targets passed, M failed`. QUICK=1: sizes 10 and 100, fewer repetitions.
"""

import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

QUICK = os.environ.get("QUICK", "0") not in {"", "0"}
SIZES = [10, 100] if QUICK else [10, 100, 1000]
REPEAT = 5 if QUICK else 15
P95_LIMIT_MS = 50  # issue 14: every page under 50 ms at 1,000 objectives
SLOW_PAGE_MS, SLOW_PAGE_REPEAT = 1000, 3  # a page of seconds: 3 samples say its time
PDF_LIMIT_S_AT_100 = 15
PDF_BASELINE_RATIO = 1.5
PDF_BASELINE_RATIO_AT_10 = 1.2  # issue 14: the small document's fixed cost shrinks too
MEMORY_LIMIT_MB = 1024
ANNEX_BASELINE_RATIO = 0.6  # issue 14: the parallel render of a large Relazione, on 2 cores
# Pages whose p95 is reported but not held to the limit: the public Relazione "may rely on its
# cache after the first request"; this is that first request.
P95_EXEMPT = {"relazione_senza_cache", "indicatore_pubblico_senza_cache"}
# The first visit after a change (issue 14): the dashboard under 1 s, the Segretario's preview under 2 s.
AFTER_CHANGE_LIMIT_MS = {"cruscotto": 1000, "anteprima_bozza": 2000}


def configure_environment():
    """Production-like settings (DEBUG off: cached templates), on a fresh database."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lodrino_performance.settings")
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("SECRET_KEY", "bench-" + "x" * 60)
    os.environ["ALLOWED_HOSTS"] = "testserver,127.0.0.1"
    os.environ["SECURE_SSL_REDIRECT"] = "0"
    os.environ["PLAIN_STATIC"] = "1"  # no collectstatic needed; storage lookups are not what we measure
    os.environ["MEDIA_ROOT"] = tempfile.mkdtemp(prefix="bench-media-")
    os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"


def percentile(values, fraction):
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def time_requests(client, url, repeat, change):
    """The page's figures; `change()` makes the real write after which `after_change_ms` is timed."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    started = time.perf_counter()
    client.get(url)  # the first request: fills caches, loads templates; reported apart as first_ms
    first_ms = (time.perf_counter() - started) * 1000
    if first_ms > SLOW_PAGE_MS:  # seconds a request (the uncached Relazione): fewer samples keep `make bench` in time
        repeat = min(repeat, SLOW_PAGE_REPEAT)
    timings = []
    queries = None
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = client.get(url)
            body = _body(response)  # a file from storage is streamed: reading it is part of serving it
            timings.append((time.perf_counter() - start) * 1000)
        if response.status_code != 200:
            raise RuntimeError(f"{url} answered {response.status_code}")
        queries = len(captured)
    # The first visit after a real change of what the pages show (a value saved through the service
    # the staff use), not a bare bump of the data version: what is kept by content (the preview's
    # pieces) must meet a change of content to be measured honestly.
    change()
    started = time.perf_counter()
    _body(client.get(url))
    after_change_ms = (time.perf_counter() - started) * 1000
    return {
        "url": url,
        "queries": queries,
        "first_ms": round(first_ms, 2),
        "after_change_ms": round(after_change_ms, 2),
        "median_ms": round(statistics.median(timings), 2),
        "p95_ms": round(percentile(timings, 0.95), 2),
        "bytes": len(body),
    }


def _body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def measure_pages(size, repeat):
    from django.test import Client

    from bench import pages
    from bench.synthetic import build_plan

    ente, piano, segretario, responsabile = build_plan(size, slug=f"bench{size}")
    results = {}
    for name, user, url in pages.pages_to_measure(ente=ente, piano=piano, segretario=segretario, responsabile=responsabile):
        client = Client()
        if user is not None:
            client.force_login(user)
        results[name] = time_requests(client, url, repeat, lambda: pages.change_shown_value(ente))
    public_bytes = results.get("relazione_pubblica", {}).get("bytes", 100_000)
    baseline = static_file_baseline(public_bytes, repeat)
    for figures in results.values():
        # Each figure also as a multiple of the same run's static file: comparable across machines.
        figures["ratio_median_to_static"] = round(figures["median_ms"] / max(baseline["median_ms"], 0.001), 1)
        figures["ratio_p95_to_static"] = round(figures["p95_ms"] / max(baseline["p95_ms"], 0.001), 1)
        for key in ("first_ms", "after_change_ms"):
            figures[f"ratio_{key[:-3]}_to_static"] = round(figures[key] / max(baseline["median_ms"], 0.001), 1)
    results["_baseline_static_file"] = baseline
    return ente, piano, results


def measure_import(ente, piano):
    """The import of the plan's own workbook into a new ente with the same people, timed on its
    own (an upload, not a page); its baseline is reading the same file without importing it."""
    from obiettivi.models import Ente, Ruolo
    from piani import selectors, services
    from piani.workbook import read_workbook

    started = time.perf_counter()
    data = selectors.piano_workbook(piano, "xlsx")
    export_s = time.perf_counter() - started
    nuovo = Ente.objects.create(nome=f"{ente.nome} (importato)", slug=f"{ente.slug}-import", provincia=ente.provincia,
                                anno_corrente=ente.anno_corrente)
    Ruolo.objects.bulk_create(Ruolo(utente_id=r.utente_id, ente=nuovo, tipo=r.tipo) for r in ente.ruoli.all())
    started = time.perf_counter()
    read_workbook(data)
    read_s = time.perf_counter() - started
    started = time.perf_counter()
    esito = services.piano_import(ente=nuovo, data=data, commit=True)
    import_s = time.perf_counter() - started
    if not esito.salvato:
        raise RuntimeError(f"import failed: {[p.messaggio for p in esito.problemi][:5]}")
    return {
        "bytes": len(data), "objectives": nuovo.piani.get().obiettivi.count(), "export_seconds": round(export_s, 2),
        "read_seconds": round(read_s, 2), "seconds": round(import_s, 2),
        "export_ms": round(export_s * 1000, 1), "read_ms": round(read_s * 1000, 1), "ms": round(import_s * 1000, 1),
        "ratio_to_read": round(import_s / max(read_s, 0.001), 1),
    }


def static_file_baseline(size_bytes, repeat):
    """Django serving a static file as large as the public page: what any page costs at least."""
    from django.test import RequestFactory
    from django.views.static import serve

    folder = tempfile.mkdtemp(prefix="bench-static-")
    Path(folder, "pagina.html").write_bytes(b"x" * size_bytes)
    factory = RequestFactory()
    timings = []
    for _ in range(repeat + 1):
        request = factory.get("/pagina.html")
        start = time.perf_counter()
        response = serve(request, "pagina.html", document_root=folder)
        b"".join(response.streaming_content)
        timings.append((time.perf_counter() - start) * 1000)
    timings = timings[1:]
    return {"bytes": size_bytes, "median_ms": round(statistics.median(timings), 3), "p95_ms": round(percentile(timings, 0.95), 3)}


def _pdf_children(slug, anno, *modes):
    """One rendering per mode, each in its own child process (which reports its own figures and peak
    memory), all started together: WeasyPrint is single-threaded, so the styled PDF and its baseline
    run side by side on two cores, under the same load, in the time of the longer one."""
    children = [subprocess.Popen([sys.executable, str(ROOT / "bench" / "pdf_worker.py"), slug, str(anno), mode],
                                 cwd=ROOT, env=os.environ.copy(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                 text=True) for mode in modes]
    results = []
    for child in children:
        stdout, stderr = child.communicate(timeout=900)
        if child.returncode != 0:
            raise RuntimeError(stderr[-3000:])
        results.append(json.loads(stdout.strip().splitlines()[-1]))
    return results


def measure_pdf(slug, anno):
    styled, plain = _pdf_children(slug, anno, "styled", "plain")
    (annexes,) = _pdf_children(slug, anno, "annexes")  # alone: its pool takes both cores
    annexes["ratio_to_plain"] = round(annexes["seconds"] / plain["seconds"], 2)
    annexes["cpu_ratio_to_styled"] = round(annexes["cpu_seconds"] / styled["cpu_seconds"], 2)
    return {
        "annexes": annexes,
        "seconds": styled["seconds"], "cpu_seconds": styled["cpu_seconds"], "pages": styled["pages"],
        "pages_per_second": round(styled["pages"] / styled["seconds"], 1), "bytes": styled["bytes"],
        "peak_memory_mb": styled["peak_memory_mb"],
        "plain_seconds": plain["seconds"], "plain_cpu_seconds": plain["cpu_seconds"], "plain_pages": plain["pages"],
        "plain_peak_memory_mb": plain["peak_memory_mb"],
        "ms": round(styled["seconds"] * 1000), "plain_ms": round(plain["seconds"] * 1000),
        "ratio_to_plain": round(styled["seconds"] / plain["seconds"], 2),
    }


def check_targets(report):
    targets = []
    sizes = report["sizes"]
    smallest, largest = str(min(SIZES)), str(max(SIZES))
    for page, small in sizes[smallest]["pages"].items():
        if page.startswith("_"):
            continue
        large = sizes[largest]["pages"][page]
        targets.append((f"{page}: query a {smallest} e {largest} obiettivi uguali ({small['queries']} / {large['queries']})",
                        small["queries"] == large["queries"]))
        if not QUICK and page not in P95_EXEMPT:
            targets.append((f"{page}: p95 a {largest} obiettivi {large['p95_ms']} ms < {P95_LIMIT_MS} ms",
                            large["p95_ms"] < P95_LIMIT_MS))
        if not QUICK and page in AFTER_CHANGE_LIMIT_MS:
            limit = AFTER_CHANGE_LIMIT_MS[page]
            targets.append((f"{page}: prima visita dopo una modifica a {largest} obiettivi {large['after_change_ms']} ms "
                            f"< {limit} ms", large["after_change_ms"] < limit))
    for size, data in sizes.items():
        if "import" not in data:
            continue
        targets.append((f"import del file a {size} obiettivi: {data['import']['objectives']} obiettivi importati",
                        data["import"]["objectives"] == int(size)))
    if "100" in sizes:
        pdf = sizes["100"]["pdf"]
        targets.append((f"PDF a 100 obiettivi {pdf['seconds']} s < {PDF_LIMIT_S_AT_100} s", pdf["seconds"] < PDF_LIMIT_S_AT_100))
    for size, data in sizes.items():
        pdf = data["pdf"]
        limit = PDF_BASELINE_RATIO_AT_10 if size == "10" else PDF_BASELINE_RATIO
        targets.append((f"PDF a {size} obiettivi: {pdf['ratio_to_plain']}× la base senza stile <= {limit}",
                        pdf["ratio_to_plain"] <= limit))
    pdf = sizes[largest]["pdf"]
    from django.conf import settings

    if int(largest) >= settings.RELAZIONE_ALLEGATI_SOGLIA:  # what the approval renders at that size: annexes
        annexes = pdf["annexes"]
        targets.append((f"memoria di ogni processo del PDF con allegati a {largest} obiettivi "
                        f"{annexes['peak_memory_mb_per_process']} MB < {MEMORY_LIMIT_MB} MB",
                        annexes["peak_memory_mb_per_process"] < MEMORY_LIMIT_MB))
        targets.append((f"PDF con allegati a {largest} obiettivi: {annexes['ratio_to_plain']}× la base senza stile "
                        f"<= {ANNEX_BASELINE_RATIO} ({annexes['workers']} processi)",
                        annexes["ratio_to_plain"] <= ANNEX_BASELINE_RATIO))
    else:
        targets.append((f"memoria del PDF a {largest} obiettivi {pdf['peak_memory_mb']} MB < {MEMORY_LIMIT_MB} MB",
                        pdf["peak_memory_mb"] < MEMORY_LIMIT_MB))
    return targets


def print_table(report):
    print(f"\n{'dimensione':>10} {'pagina':<32} {'query':>6} {'prima ms':>9} {'modif. ms':>10} {'mediana ms':>11} "
          f"{'p95 ms':>8} {'p95/base':>9} {'KB':>8}")
    for size, data in report["sizes"].items():
        for page, figures in data["pages"].items():
            print(f"{size:>10} {page:<32} {figures.get('queries', ''):>6} {figures.get('first_ms', ''):>9} "
                  f"{figures.get('after_change_ms', ''):>10} "
                  f"{figures['median_ms']:>11} {figures['p95_ms']:>8} {figures.get('ratio_p95_to_static', ''):>9} "
                  f"{figures['bytes'] // 1024:>8}")
    print(f"\n{'dimensione':>10} {'import s':>9} {'lettura s':>10} {'rapporto':>9} {'obiettivi':>10} {'KB':>8}")
    for size, data in report["sizes"].items():
        if "import" not in data:
            continue
        i = data["import"]
        print(f"{size:>10} {i['seconds']:>9} {i['read_seconds']:>10} {i['ratio_to_read']:>9} {i['objectives']:>10} "
              f"{i['bytes'] // 1024:>8}")
    print(f"\n{'dimensione':>10} {'PDF s':>7} {'pagine':>7} {'pag/s':>7} {'base s':>7} {'rapporto':>9} "
          f"{'memoria MB':>11} {'base MB':>8}")
    for size, data in report["sizes"].items():
        pdf = data["pdf"]
        print(f"{size:>10} {pdf['seconds']:>7} {pdf['pages']:>7} {pdf['pages_per_second']:>7} "
              f"{pdf['plain_seconds']:>7} {pdf['ratio_to_plain']:>9} {pdf['peak_memory_mb']:>11} "
              f"{pdf['plain_peak_memory_mb']:>8}")
    print(f"\n{'dimensione':>10} {'allegati s':>10} {'CPU s':>7} {'CPU/unico':>10} {'parti':>6} {'processi':>9} "
          f"{'pagine':>7} {'rapporto':>9} {'MB/processo':>12} {'MB padre':>9}")
    for size, data in report["sizes"].items():
        a = data["pdf"]["annexes"]
        print(f"{size:>10} {a['seconds']:>10} {a['cpu_seconds']:>7} {a['cpu_ratio_to_styled']:>10} {a['parts']:>6} {a['workers']:>9} {a['pages']:>7} {a['ratio_to_plain']:>9} "
              f"{a['peak_memory_mb_per_process']:>12} {a['parent_peak_memory_mb']:>9}")


def main():
    configure_environment()
    from bench.database import fresh_database

    started = time.perf_counter()
    from django.test.utils import setup_test_environment

    report = {
        "when": datetime.now().isoformat(timespec="seconds"),
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(), "platform": platform.platform()},
        "quick": QUICK,
        "repeat": REPEAT,
        "sizes": {},
    }
    with fresh_database() as database:
        setup_test_environment()
        report["database"] = database
        for size in SIZES:
            ente, piano, pages = measure_pages(size, REPEAT)
            report["sizes"][str(size)] = {"pages": pages}
            if not QUICK or size == min(SIZES):  # QUICK=1 keeps within its 2 minutes
                report["sizes"][str(size)]["import"] = measure_import(ente, piano)
            report["sizes"][str(size)]["pdf"] = measure_pdf(ente.slug, 2018)
            print(f"dimensione {size}: fatto in {time.perf_counter() - started:.0f} s", flush=True)
    report["seconds"] = round(time.perf_counter() - started, 1)
    targets = check_targets(report)
    report["targets"] = [{"target": text, "passed": ok} for text, ok in targets]

    out_dir = ROOT / "bench" / "results"
    out_dir.mkdir(exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    out = out_dir / f"bench-{'quick-' if QUICK else ''}{stamp}.json"
    out.write_text(json.dumps(report, indent=2, ensure_ascii=False))
    print_table(report)
    print()
    for text, ok in targets:
        print(f"  {'OK     ' if ok else 'FALLITO'} {text}")
    passed = sum(ok for _, ok in targets)
    print(f"\nrisultati: {out.relative_to(ROOT)} ({report['seconds']} s)")
    print(f"bench: {passed} targets passed, {len(targets) - passed} failed")
    # The verdict is that last line; BENCH_STRICT=1 also turns a failed target into an exit status.
    strict = os.environ.get("BENCH_STRICT", "0") not in {"", "0"}
    return 1 if strict and passed < len(targets) else 0


if __name__ == "__main__":
    sys.exit(main())
