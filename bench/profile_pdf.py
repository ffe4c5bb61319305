"""Where the Relazione's PDF time goes, reproducibly: `python bench/profile_pdf.py SIZE [ROUNDS]`.

Builds a synthetic plan of SIZE objectives in a fresh database as `make bench` does (bench.synthetic,
then all that bench.pages makes for the pages, the published Relazione 2018 among it), then runs
bench/pdf_worker.py's "styled" and "plain" modes ROUNDS times (default 3), each round both side by
side as the benchmark does, and prints each round's wall and CPU seconds and their ratios (the
benchmark's ratio is the wall one; CPU is steadier on a shared machine). With PROFILE=1 a last round
runs each mode alone under cProfile (CPU time) and writes the profiles to
profile-pdf-SIZE-{styled,plain}.txt in the temporary folder. With PNG=folder the styled PDF's pages
are also written there (pdftoppm -r 60) to compare looks; with HTML=file, its HTML.
"""

import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import _pdf_children, configure_environment  # noqa: E402


def _profile(slug, anno, mode, out):
    env = dict(os.environ, PDF_PROFILE=str(out))
    result = subprocess.run([sys.executable, str(ROOT / "bench" / "pdf_worker.py"), slug, str(anno), mode],
                            cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def _pages_as_png(slug, anno, folder):
    """The styled PDF of the same plan, rendered in this process, as PNG pages."""
    from obiettivi.models import Ente
    from relazioni.context import relazione_for
    from relazioni.pdf import relazione_pdf

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    pdf = folder / "relazione.pdf"
    pdf.write_bytes(relazione_pdf(relazione_for(Ente.objects.get(slug=slug), anno)))
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(pdf), str(folder / "pagina")], check=True)


def main():
    size = int(sys.argv[1])
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    configure_environment()
    from bench.database import fresh_database

    with fresh_database():
        from django.contrib.auth import get_user_model  # noqa: F401 (apps are ready only now)

        from bench.pages import pages_to_measure
        from bench.synthetic import ANNO, build_plan

        ente, piano, segretario, responsabile = build_plan(size, slug=f"profile{size}")
        # The same rows as the benchmark's run, whose pages are measured before its PDF.
        pages_to_measure(ente=ente, piano=piano, segretario=segretario, responsabile=responsabile)
        ratios, cpu_ratios = [], []
        for number in range(1, rounds + 1):
            styled, plain = _pdf_children(ente.slug, ANNO, "styled", "plain")
            ratios.append(styled["seconds"] / plain["seconds"])
            cpu_ratios.append(styled["cpu_seconds"] / plain["cpu_seconds"])
            print(f"round {number}: styled {styled['seconds']} s (cpu {styled['cpu_seconds']}), {styled['pages']} pages; "
                  f"plain {plain['seconds']} s (cpu {plain['cpu_seconds']}), {plain['pages']} pages; "
                  f"ratio {ratios[-1]:.2f}, cpu ratio {cpu_ratios[-1]:.2f}", flush=True)
        print(f"size {size}: median ratio {statistics.median(ratios):.2f} (wall, as the benchmark), "
              f"median cpu ratio {statistics.median(cpu_ratios):.2f}")
        if os.environ.get("PROFILE"):
            for mode in ("styled", "plain"):
                out = Path(tempfile.gettempdir()) / f"profile-pdf-{size}-{mode}.txt"
                figures = _profile(ente.slug, ANNO, mode, out)
                print(f"profile of {mode} alone ({figures['seconds']} s): {out}")
        if os.environ.get("HTML"):  # the styled document's HTML, to try stylesheet changes on it alone
            from obiettivi.models import Ente
            from relazioni.context import relazione_for
            from relazioni.pdf import relazione_html

            Path(os.environ["HTML"]).write_text(relazione_html(relazione_for(Ente.objects.get(slug=ente.slug), ANNO)))
        if os.environ.get("PNG"):
            _pages_as_png(ente.slug, ANNO, os.environ["PNG"])
            print(f"pages as PNG in {os.environ['PNG']}")


if __name__ == "__main__":
    main()
