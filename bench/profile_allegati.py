"""Where the time of the annexes goes: `python bench/profile_allegati.py SIZE [plain] [styled]`.

Builds a SIZE-objective synthetic plan in a fresh database (as bench/run.py does), then runs
bench/pdf_worker.py alone in "annexes" mode (the approval's render on the process pool) and, when
asked, "plain" (the unstyled baseline) and "styled" (the single document), one after the other so
that each has the cores to itself. Prints each child's JSON and a summary: the CPU seconds of every
pool process, its busy time, its start-up, and an estimate of the wall time on free cores (the
busiest process's CPU time plus its start-up). On a shared machine the wall time says how many cores
were free; the CPU figures say how much work the render is and how it was spread.
"""

import json
import sys
import time

from run import _pdf_children, configure_environment  # bench/ is this script's own directory


def main():
    size = int(sys.argv[1])
    modes = ["annexes", *[m for m in sys.argv[2:] if m in {"plain", "styled"}]]
    configure_environment()
    from bench.database import fresh_database

    with fresh_database() as database:
        from bench.synthetic import ANNO, build_plan

        started = time.perf_counter()
        ente, _piano, _segretario, _responsabile = build_plan(size, slug=f"profilo{size}")
        print(f"{database}: piano di {size} obiettivi in {time.perf_counter() - started:.1f} s", flush=True)
        results = {}
        for mode in modes:  # one at a time: the pool takes every core
            (results[mode],) = _pdf_children(ente.slug, ANNO, mode)
            print(mode, json.dumps(results[mode]), flush=True)
    annexes = results["annexes"]
    print(f"\nallegati a {size} obiettivi: {annexes['seconds']} s, CPU {annexes['cpu_seconds']} s, "
          f"{annexes['parts']} parti, {annexes['pages']} pagine, {annexes['workers']} processi")
    for p in annexes.get("processes", []):
        print(f"  processo {p['pid']}: CPU {p['cpu_seconds']} s (avvio {p['startup_cpu_seconds']} s), "
              f"occupato {p['busy_seconds']} s, primo lavoro dopo {p['first_part_after_seconds']} s, "
              f"parti {p['parts']}, {p['peak_memory_mb']} MB")
    if "estimated_free_seconds" in annexes:
        print(f"  stima su core liberi: {annexes['estimated_free_seconds']} s; "
              f"CPU del processo padre {annexes['parent_cpu_seconds']} s")
    for mode in ("plain", "styled"):
        if mode in results:
            r = results[mode]
            print(f"{mode}: {r['seconds']} s, CPU {r['cpu_seconds']} s, {r['pages']} pagine, {r['peak_memory_mb']} MB")
    if "plain" in results:
        plain = results["plain"]
        print(f"rapporto allegati / base: {annexes['seconds'] / plain['seconds']:.2f} (tempo), "
              f"{annexes.get('estimated_free_seconds', annexes['seconds']) / plain['cpu_seconds']:.2f} "
              f"(stima su core liberi / CPU della base)")


if __name__ == "__main__":
    main()
