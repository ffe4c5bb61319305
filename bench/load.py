"""Load test against a served instance: LOAD_WRITERS responsabili saving values and LOAD_READERS
citizens reading the public Relazione for LOAD_SECONDS seconds. Bounded in count and time, on
127.0.0.1 only. Reports throughput and latency percentiles; checks no error and no lost write."""

import html
import http.cookiejar
import json
import os
import re
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASE = os.environ.get("LOAD_URL", "http://127.0.0.1:8000")
assert urllib.parse.urlparse(BASE).hostname in {"127.0.0.1", "localhost"}, "only the loopback address"
SECONDS = float(os.environ.get("LOAD_SECONDS", "60"))
READERS = int(os.environ.get("LOAD_READERS", "100"))
MAX_REQUESTS = int(os.environ.get("LOAD_MAX_REQUESTS", "200000"))

lock = threading.Lock()
samples = {"scrittura": [], "lettura": []}
errors = []
accepted = {}  # username -> (indicatore field, last accepted value)
budget = [MAX_REQUESTS]


def take_budget():
    with lock:
        budget[0] -= 1
        return budget[0] >= 0


def record(kind, started, ok, detail=""):
    elapsed = (time.perf_counter() - started) * 1000
    with lock:
        samples[kind].append(elapsed)
        if not ok:
            errors.append(f"{kind}: {detail}")


def opener():
    jar = http.cookiejar.CookieJar()
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect()), jar


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def fetch(client, url, data=None):
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    request = urllib.request.Request(BASE + url, data=body, headers={"Referer": BASE + url})
    try:
        with client.open(request, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(errors="replace")


def form_fields(page):
    fields = {}
    for match in re.finditer(r"<input[^>]*>", page):
        tag = match.group(0)
        name = re.search(r'name="([^"]+)"', tag)
        if not name:
            continue
        value = re.search(r'value="([^"]*)"', tag)
        fields[name.group(1)] = html.unescape(value.group(1)) if value else ""
    for match in re.finditer(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', page, re.S):
        fields[match.group(1)] = html.unescape(match.group(2).strip())
    for match in re.finditer(r'<select[^>]*name="([^"]+)"', page):
        fields.setdefault(match.group(1), "")
    return fields


def writer(username, obiettivo_pk, deadline):
    client, jar = opener()
    status, page = fetch(client, "/accesso/")
    token = form_fields(page)["csrfmiddlewaretoken"]
    status, _ = fetch(client, "/accesso/", {"csrfmiddlewaretoken": token, "username": username, "password": "carico-password-1"})
    if status != 302:
        with lock:
            errors.append(f"login {username}: {status}")
        return
    url = f"/area-riservata/{os.environ.get('LOAD_ENTE_SLUG', 'carico')}/obiettivi/{obiettivo_pk}/?anno=2019"
    n = 0
    while time.monotonic() < deadline and take_budget():
        n += 1
        started = time.perf_counter()
        status, page = fetch(client, url)
        record("scrittura", started, status == 200, f"GET {status}")
        fields = form_fields(page)
        value_field = next(k for k in fields if k.endswith("-luglio-valore") and not k.startswith("initial-"))
        value = f"{n},5"
        fields[value_field] = value
        started = time.perf_counter()
        status, _ = fetch(client, url, fields)
        record("scrittura", started, status == 302, f"POST {status}")
        if status == 302:
            with lock:
                accepted[username] = (obiettivo_pk, value_field, value)


def reader(path, deadline):
    client, _ = opener()
    while time.monotonic() < deadline and take_budget():
        started = time.perf_counter()
        status, _ = fetch(client, path)
        record("lettura", started, status == 200, f"GET {status}")


def check_no_lost_write():
    """Every writer's last accepted value is the one in the database."""
    script = (
        "import json,sys;from decimal import Decimal;from obiettivi.models import Misurazione\n"
        "data=json.loads(sys.stdin.read());bad=[]\n"
        "for user,(pk,field,value) in data.items():\n"
        "    ind=int(field.split('-')[0][1:])\n"
        "    m=Misurazione.objects.get(indicatore_id=ind,anno=2019,periodo='luglio')\n"
        "    if m.valore!=Decimal(value.replace(',','.')): bad.append((user,str(m.valore),value))\n"
        "print(json.dumps(bad))\n"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", script], cwd=ROOT, input=json.dumps(accepted),
        capture_output=True, text=True, env=os.environ.copy(), timeout=120,
    )
    if result.returncode != 0:
        return [result.stderr[-2000:]]
    return json.loads(result.stdout.strip().splitlines()[-1])


def summary(values, seconds):
    if not values:
        return {"richieste": 0}
    ordered = sorted(values)
    pick = lambda f: round(ordered[min(len(ordered) - 1, int(f * len(ordered)))], 1)  # noqa: E731
    return {"richieste": len(values), "al_secondo": round(len(values) / seconds, 1),
            "p50_ms": pick(0.5), "p95_ms": pick(0.95), "p99_ms": pick(0.99), "media_ms": round(statistics.mean(values), 1)}


def main():
    writers = [line.split() for line in sys.stdin.read().splitlines() if line.startswith("carico")]
    public = os.environ.get("LOAD_PUBLIC_PATH", "/carico/relazione/2018/")
    deadline = time.monotonic() + SECONDS
    threads = [threading.Thread(target=writer, args=(u, pk, deadline)) for u, pk in writers]
    threads += [threading.Thread(target=reader, args=(public, deadline)) for _ in range(READERS)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=SECONDS + 120)
    seconds = time.monotonic() - started
    lost = check_no_lost_write()
    report = {
        "when": datetime.now().isoformat(timespec="seconds"), "seconds": round(seconds, 1),
        "writers": len(writers), "readers": READERS,
        "scrittura": summary(samples["scrittura"], seconds), "lettura": summary(samples["lettura"], seconds),
        "errori": len(errors), "esempi_errori": errors[:10], "salvataggi_accettati": len(accepted),
        "scritture_perse": lost,
    }
    out = ROOT / "bench" / "results" / f"load-{datetime.now():%Y%m%d-%H%M%S}.json"
    out.write_text(json.dumps(report, indent=2, ensure_ascii=False))
    print(json.dumps(report, indent=2, ensure_ascii=False))
    ok = not errors and not lost and len(accepted) == len(writers)
    print(f"load: {'OK' if ok else 'FALLITO'}: {report['errori']} errori, {len(lost)} scritture perse; risultati in {out.relative_to(ROOT)}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
