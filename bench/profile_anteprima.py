"""The Segretario's preview of a draft Relazione at the first visit after a real change, alone.

    python bench/profile_anteprima.py SIZE [--repeat N] [--sqlite] [--profile FILE.html]

Builds the same fresh database as `make bench` (bench.database.fresh_database: PostgreSQL when one
answers, else SQLite; `--sqlite` forces SQLite) with the same plan and pages (bench.synthetic and
bench.pages), then N times: a responsabile saves a new year-end value of one indicator of the draft's
year through the service the staff use (bench.pages.change_shown_value), and the Segretario opens the
preview. Each visit's wall time and this process's CPU time (the test client runs the view in this
process; PostgreSQL's own CPU is not in it) are printed, with the medians, as one JSON line. Run it
before and after a change in the same conditions: the machine's load moves the wall time, less the CPU.
`--profile` writes a pyinstrument profile of the last visit (text for a .txt file, else HTML).
"""

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("size", type=int)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--sqlite", action="store_true")
    parser.add_argument("--profile")
    args = parser.parse_args()

    from bench.run import configure_environment

    configure_environment()
    if args.sqlite:
        os.environ["BENCH_DATABASE_URL"] = "sqlite"
    from bench.database import fresh_database

    with fresh_database() as database:
        from django.test import Client
        from django.test.utils import setup_test_environment

        from bench import pages
        from bench.synthetic import build_plan

        setup_test_environment()
        ente, piano, segretario, responsabile = build_plan(args.size, slug=f"prof{args.size}")
        urls = {name: (user, url) for name, user, url in
                pages.pages_to_measure(ente=ente, piano=piano, segretario=segretario, responsabile=responsabile)}
        user, url = urls["anteprima_bozza"]
        client = Client()
        client.force_login(user)
        started = time.perf_counter()
        size_bytes = len(client.get(url).content)
        first_ms = (time.perf_counter() - started) * 1000
        wall, cpu = [], []
        for n in range(args.repeat):
            pages.change_shown_value(ente)
            profiler = None
            if args.profile and n == args.repeat - 1:
                from pyinstrument import Profiler

                profiler = Profiler()
                profiler.start()
            cpu_start, started = time.process_time(), time.perf_counter()
            response = client.get(url)
            wall.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - cpu_start) * 1000)
            if profiler is not None:
                profiler.stop()
                out = Path(args.profile)
                out.write_text(profiler.output_text(unicode=True) if out.suffix == ".txt" else profiler.output_html())
            assert response.status_code == 200, response.status_code
        print(json.dumps({
            "size": args.size, "database": database, "bytes": size_bytes, "first_ms": round(first_ms),
            "after_change_ms": [round(t) for t in wall], "after_change_cpu_ms": [round(t) for t in cpu],
            "median_ms": round(statistics.median(wall)), "median_cpu_ms": round(statistics.median(cpu)),
            "load": os.getloadavg(),
        }))


if __name__ == "__main__":
    main()
