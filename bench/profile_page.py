"""Where one page of the benchmark spends its time: `python bench/profile_page.py NAME [SIZE]`.

Builds a synthetic plan of SIZE objectives (default 10: the pages this is for cost the same at 10
and at 1,000) in a fresh database, exactly as `make bench` does (bench/run.py's settings, DEBUG off,
cached templates; bench/pages.py's data and users), opens the page NAME of `pages_to_measure` once to
warm the caches, then:

- times it REPEAT times (env, default 40) as bench/run.py does (Django's test client), and prints the
  median and p95 of wall and CPU time and the least CPU time (steadier on a shared machine: the run
  least disturbed by other processes) and the query count;
- profiles PROFILE_RUNS more requests (env, default 20) with pyinstrument and prints the tree
  (PROFILE_ALL=1: with Django's and the libraries' frames too; PROFILE=cprofile prints cProfile's top
  functions instead, sorted by PROFILE_SORT, default cumulative, and saves them to PROFILE_OUT if set;
  PROFILE=templates prints, per template, its renders and time a request, with and without its
  includes, and the time in the database; PROFILE=none skips the profile).

SAVE_HTML=folder saves each page's body there (CSRF tokens blanked), to diff before and after a
change. NAME may be several names separated by commas, or `all`: each page is timed (and profiled unless
PROFILE=none) in turn, on the same plan. Examples:

    .venv/bin/python bench/profile_page.py valutazioni_schede
    PROFILE=none .venv/bin/python bench/profile_page.py all 10
    PROFILE=cprofile .venv/bin/python bench/profile_page.py persone_e_ruoli 1000
"""

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import configure_environment, percentile  # noqa: E402


def _timings(client, url, repeat):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    wall, cpu, queries = [], [], 0
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            started, started_cpu = time.perf_counter(), time.process_time()
            response = client.get(url)
            if response.streaming:
                b"".join(response.streaming_content)
            cpu.append((time.process_time() - started_cpu) * 1000)
            wall.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise RuntimeError(f"{url} answered {response.status_code}")
        queries = len(captured)
    return wall, cpu, queries


def _save(folder, name, response):
    """The body, with what differs at every request (the CSRF tokens) blanked."""
    import re

    body = b"".join(response.streaming_content) if response.streaming else response.content
    body = re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b'name="csrfmiddlewaretoken" value=""', body)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.html").write_bytes(body)


def _by_template(client, url, runs):
    """Per template (by name): renders a request and milliseconds a request, inclusive and without the
    templates it includes; and the time in the database. Says which template or include costs."""
    from collections import defaultdict

    from django.db import connection
    from django.template.base import Template

    inclusive, own, count, stack = defaultdict(float), defaultdict(float), defaultdict(int), []
    database = [0.0, 0]
    original = Template._render

    def timed_render(self, context):
        name = self.origin.template_name if self.origin and self.origin.template_name else str(self.origin)
        stack.append(0.0)
        started = time.perf_counter()
        try:
            return original(self, context)
        finally:
            elapsed = time.perf_counter() - started
            children = stack.pop()
            if stack:
                stack[-1] += elapsed
            inclusive[name] += elapsed
            own[name] += elapsed - children
            count[name] += 1

    def timed_query(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            database[0] += time.perf_counter() - started
            database[1] += 1

    Template._render = timed_render
    started = time.perf_counter()
    try:
        with connection.execute_wrapper(timed_query):
            for _ in range(runs):
                client.get(url)
    finally:
        Template._render = original
    total = time.perf_counter() - started
    print(f"  {total / runs * 1000:.1f} ms a richiesta, di cui database {database[0] / runs * 1000:.1f} ms "
          f"({database[1] / runs:.0f} query)")
    print(f"  {'template':<60} {'render':>7} {'ms incl.':>9} {'ms propri':>10}")
    for name in sorted(own, key=own.get, reverse=True)[:25]:
        print(f"  {name:<60} {count[name] / runs:>7.1f} {inclusive[name] / runs * 1000:>9.2f} {own[name] / runs * 1000:>10.2f}")


def _profile(client, url, runs, kind):
    if kind == "templates":
        _by_template(client, url, runs)
        return
    if kind == "cprofile":
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(runs):
            client.get(url)
        profiler.disable()
        if os.environ.get("PROFILE_OUT"):  # the raw statistics, for pstats or snakeviz
            profiler.dump_stats(os.environ["PROFILE_OUT"])
        pstats.Stats(profiler).sort_stats(os.environ.get("PROFILE_SORT", "cumulative")).print_stats(60)
        return
    from pyinstrument import Profiler

    profiler = Profiler(interval=0.0005)
    profiler.start()
    for _ in range(runs):
        client.get(url)
    profiler.stop()
    show_all = os.environ.get("PROFILE_ALL", "0") not in {"", "0"}
    print(profiler.output_text(unicode=True, color=False, show_all=show_all, short_mode=False))


def main(argv):
    if not argv:
        print(__doc__)
        return 2
    names = argv[0]
    size = int(argv[1]) if len(argv) > 1 else 10
    repeat = int(os.environ.get("REPEAT", "40"))
    runs = int(os.environ.get("PROFILE_RUNS", "20"))
    kind = os.environ.get("PROFILE", "pyinstrument")
    configure_environment()
    from bench.database import fresh_database

    with fresh_database() as database:
        from django.test import Client
        from django.test.utils import setup_test_environment

        from bench import pages
        from bench.synthetic import build_plan

        setup_test_environment()
        ente, piano, segretario, responsabile = build_plan(size, slug=f"bench{size}")
        every = pages.pages_to_measure(ente=ente, piano=piano, segretario=segretario, responsabile=responsabile)
        wanted = [n for n, _u, _url in every] if names == "all" else names.split(",")
        by_name = {n: (u, url) for n, u, url in every}
        print(f"{database}, {size} obiettivi, {repeat} richieste per pagina")
        print(f"{'pagina':<32} {'query':>6} {'mediana ms':>11} {'p95 ms':>8} {'CPU med ms':>11} {'CPU p95 ms':>11} {'CPU min ms':>11}")
        for name in wanted:
            user, url = by_name[name]
            client = Client()
            if user is not None:
                client.force_login(user)
            client.get(url)  # fills the caches and loads the templates, as bench/run.py's first request
            if os.environ.get("SAVE_HTML"):  # the page as served, to compare before and after a change
                _save(Path(os.environ["SAVE_HTML"]), name, client.get(url))
            wall, cpu, queries = _timings(client, url, repeat)
            print(f"{name:<32} {queries:>6} {statistics.median(wall):>11.1f} {percentile(wall, 0.95):>8.1f} "
                  f"{statistics.median(cpu):>11.1f} {percentile(cpu, 0.95):>11.1f} {min(cpu):>11.1f}", flush=True)
            if kind != "none":
                _profile(client, url, runs, kind)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
