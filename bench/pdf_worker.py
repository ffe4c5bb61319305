"""Child process of the benchmark: renders one Relazione's PDF (mode "styled"), the unstyled
baseline (mode "plain") or the main document and its annexes per area on the process pool (mode
"annexes", relazioni/allegati.py, whatever the threshold) and prints JSON. Each runs apart, so that
the parent reads its peak memory alone; in "annexes" every pool process reports its own peak, CPU
seconds (start-up included), busy time and parts (`processes`, `part_list`), so that on a shared
machine the time on free cores can be estimated (`estimated_free_seconds`)."""

import json
import os
import re
import resource
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


def _cpu():
    """CPU seconds of this process and of its children that have ended (the pool's, after it is shut down)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


class _Profiler:
    """cProfile on CPU time around the timed render when PDF_PROFILE names a file (bench/profile_pdf.py):
    on a shared machine wall-time samples would count the other processes' turns too."""

    def __init__(self, out):
        import cProfile

        self.out, self.profile = out, cProfile.Profile(time.process_time)

    def __enter__(self):
        self.profile.enable()

    def __exit__(self, *exc):
        import io
        import pstats

        self.profile.disable()
        text = io.StringIO()
        stats = pstats.Stats(self.profile, stream=text)
        stats.sort_stats("cumulative").print_stats(90)
        stats.sort_stats("tottime").print_stats(50)
        Path(self.out).write_text(text.getvalue())


def _profiler():
    if not os.environ.get("PDF_PROFILE"):
        import contextlib

        return contextlib.nullcontext()
    return _Profiler(os.environ["PDF_PROFILE"])


def _processes(parts, started_at):
    """Per pool process: its CPU seconds to the end of its last part (start-up included), the CPU of its
    start-up (spawn, django.setup, imports: before its first part), its busy time (the sum of its parts'
    wall times), when it began its first part, its parts and its peak memory."""
    by_pid = {}
    for p in parts:
        by_pid.setdefault(p.pid, []).append(p)
    return [{
        "pid": pid, "parts": [p.numero for p in sorted(own, key=lambda p: p.inizio)],
        "cpu_seconds": round(max(p.cpu_dopo for p in own), 2),
        "startup_cpu_seconds": round(min(p.cpu_prima for p in own), 2),
        "busy_seconds": round(sum(p.fine - p.inizio for p in own), 2),
        "first_part_after_seconds": round(min(p.inizio for p in own) - started_at, 2),
        "peak_memory_mb": max(p.peak_mb for p in own),
    } for pid, own in by_pid.items()]


def main():
    slug, anno, mode = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    relazione = relazione_for(Ente.objects.get(slug=slug), anno)
    HTML(string="<p>warm-up</p>").write_pdf()  # imports and font discovery, as in a running worker

    if mode == "annexes":
        from relazioni import allegati
        from relazioni.snapshot import relazione_data

        data = relazione_data(relazione)
        elenco = allegati.elenco(data)
        parts = []
        own = resource.getrusage(resource.RUSAGE_SELF)
        started, started_at, cpu = time.perf_counter(), time.time(), _cpu()  # from the snapshot, as the approval task; the pool's start-up included
        allegati.render_parts(data, list(range(len(elenco) + 1)), elenco, on_done=parts.append)
        seconds = time.perf_counter() - started
        parent = resource.getrusage(resource.RUSAGE_SELF)
        processes = _processes(parts, started_at)
        print(json.dumps({
            "seconds": round(seconds, 2),
            # This process and the pool's, once they have ended: on a shared machine the wall time says
            # how many cores were free, this says how much work the render is.
            "cpu_seconds": round(_cpu() - cpu, 2), "parts": len(parts), "workers": allegati.workers_for(len(parts)),
            "pages": sum(p.pagine for p in parts), "bytes": sum(len(p.content) for p in parts),
            "main_pages": next(p.pagine for p in parts if p.numero == 0),
            "largest_part_pages": max(p.pagine for p in parts),
            "peak_memory_mb_per_process": max(p.peak_mb for p in parts),
            "parent_peak_memory_mb": round(parent.ru_maxrss / 1024, 1),
            "parent_cpu_seconds": round(parent.ru_utime + parent.ru_stime - own.ru_utime - own.ru_stime, 2),
            "processes": processes,
            # What the render would take on free cores: the busiest process's CPU seconds (its start-up
            # included) plus the time to its start; the wall time above is that only on a quiet machine.
            "estimated_free_seconds": round(max(p["cpu_seconds"] for p in processes), 2) if processes else None,
            "part_list": [{"numero": p.numero, "pid": p.pid, "pages": p.pagine, "cpu_seconds": round(p.cpu_dopo - p.cpu_prima, 2),
                           "seconds": round(p.fine - p.inizio, 2), "start": round(p.inizio - started_at, 2)}
                          for p in sorted(parts, key=lambda p: p.inizio)],
        }))
        return
    profiler = _profiler()
    if mode == "styled":
        cpu, started = _cpu(), time.perf_counter()
        with profiler:
            content = relazione_pdf(relazione)
    else:  # the baseline: the same text and tables, unstyled, WeasyPrint alone
        plain_html = unstyled(relazione_html(relazione, relazione_context(relazione)))
        cpu, started = _cpu(), time.perf_counter()
        with profiler:
            content = HTML(string=plain_html).write_pdf()
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # this process's own peak
    print(json.dumps({"seconds": round(seconds, 2), "cpu_seconds": round(_cpu() - cpu, 2),
                      "pages": pages_of(content), "bytes": len(content),
                      "peak_memory_mb": round(peak_mb, 1)}))


if __name__ == "__main__":  # the pool's spawned processes import this module: they must not run it
    main()
