"""The task that renders an approved version's PDF: once per version, recovered when its worker dies."""

import hashlib
import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from obiettivi.models import VoceStorico
from relazioni import services
from relazioni.models import VersioneRelazione
from relazioni.tasks import render_versione_pdf

StatoRendering = VersioneRelazione.StatoRendering
DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def approved(relazione_2018, piano_2018):
    """The 2018 Relazione approved, its PDF task not run yet (as with the worker, before it starts)."""
    return services.relazione_approve(user=piano_2018.segretario, relazione=relazione_2018).versioni.get()


def _age_heartbeat(versione, seconds):
    VersioneRelazione.objects.filter(pk=versione.pk).update(heartbeat_il=timezone.now() - timedelta(seconds=seconds))


@pytest.mark.django_db
def test_a_second_render_of_a_stored_version_changes_neither_its_file_nor_its_hash(approved):
    render_versione_pdf.call(approved.pk)
    approved.refresh_from_db()
    stored = (approved.pdf.name, approved.sha256, approved.tentativi)
    assert render_versione_pdf.call(approved.pk) == approved.sha256
    approved.refresh_from_db()
    assert (approved.pdf.name, approved.sha256, approved.tentativi) == stored


@pytest.mark.django_db
def test_of_two_renders_of_the_same_version_the_first_stored_wins_and_no_second_file_is_written(approved):
    media = Path(django_settings.MEDIA_ROOT) / "relazioni"
    before = set(media.glob("*")) if media.exists() else set()
    first = services.versione_rendering_start(versione_id=approved.pk)
    _age_heartbeat(approved, 3600)  # the first looks dead: a retry claims the version too
    second = services.versione_rendering_start(versione_id=approved.pk)
    assert first is not None and second is not None
    services.versione_store_pdf(versione_id=approved.pk, content=b"%PDF-first")
    services.versione_store_pdf(versione_id=approved.pk, content=b"%PDF-second")
    approved.refresh_from_db()
    assert approved.sha256 == hashlib.sha256(b"%PDF-first").hexdigest()
    assert approved.pdf.read() == b"%PDF-first"
    assert len(set(media.glob("*")) - before) == 1


@pytest.mark.django_db
def test_a_live_render_is_not_claimed_twice(approved):
    assert services.versione_rendering_start(versione_id=approved.pk) is not None
    assert services.versione_rendering_start(versione_id=approved.pk) is None  # its heartbeat is fresh


@pytest.mark.django_db
def test_a_version_is_stale_only_when_in_preparazione_and_its_heartbeat_stopped(approved, settings):
    settings.PDF_STALE_SECONDS = 60
    assert not approved.rendering_stale()  # queued: waiting for a worker is not being dead
    services.versione_rendering_start(versione_id=approved.pk)
    approved.refresh_from_db()
    assert not approved.rendering_stale()
    assert approved.rendering_stale(now=approved.heartbeat_il + timedelta(seconds=61))
    approved.heartbeat_il = None  # a version left "in preparazione" before heartbeats existed
    assert approved.rendering_stale()


@pytest.mark.django_db
def test_a_stale_render_is_queued_again_and_rendered(approved, django_capture_on_commit_callbacks):
    services.versione_rendering_start(versione_id=approved.pk)
    _age_heartbeat(approved, 3600)
    with django_capture_on_commit_callbacks(execute=True):
        versione = services.versione_requeue_if_stale(versione=approved)
    assert versione.stato_rendering == StatoRendering.IN_CODA
    approved.refresh_from_db()  # the immediate backend ran the new task on commit
    assert approved.stato_rendering == StatoRendering.COMPLETATO and approved.tentativi == 2
    assert approved.pdf.read().startswith(b"%PDF")
    assert VoceStorico.objects.filter(azione="PDF della Relazione: nuovo tentativo").exists()


@pytest.mark.django_db
def test_after_the_last_attempt_a_dead_render_is_an_error_that_says_what_happened(approved, settings):
    settings.PDF_MAX_ATTEMPTS = 2
    VersioneRelazione.objects.filter(pk=approved.pk).update(stato_rendering=StatoRendering.IN_CORSO, tentativi=2)
    _age_heartbeat(approved, 3600)
    versione = services.versione_requeue_if_stale(versione=approved)
    assert versione.stato_rendering == StatoRendering.ERRORE
    assert "interrotta 2 volte" in versione.errore
    assert "errore è nell'elenco" in services.missing_for_publication(versione.relazione)[0]


@pytest.mark.django_db
def test_a_render_that_raises_records_the_error_and_never_overwrites_a_stored_pdf(approved, monkeypatch):
    from relazioni import tasks

    def broken(versione):
        raise RuntimeError("font mancante")

    monkeypatch.setattr(tasks, "versione_pdf", broken)
    with pytest.raises(RuntimeError):
        render_versione_pdf.call(approved.pk)
    approved.refresh_from_db()
    assert approved.stato_rendering == StatoRendering.ERRORE and approved.errore == "font mancante"


@pytest.mark.django_db
def test_the_cron_command_requeues_every_stale_render(approved, django_capture_on_commit_callbacks):
    from django.core.management import call_command

    services.versione_rendering_start(versione_id=approved.pk)
    _age_heartbeat(approved, 3600)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("requeue_stale_pdf")
    approved.refresh_from_db()
    assert approved.stato_rendering == StatoRendering.COMPLETATO


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_the_render_keeps_its_heartbeat_while_it_runs(relazione_2018, piano_2018, settings, monkeypatch):
    from relazioni import tasks

    settings.PDF_HEARTBEAT_SECONDS = 0.05
    beats = []

    def slow(versione):
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and len(beats) < 3:
            beat = VersioneRelazione.objects.get(pk=versione.pk).heartbeat_il
            if not beats or beat != beats[-1]:
                beats.append(beat)
            time.sleep(0.02)
        return b"%PDF-slow"

    monkeypatch.setattr(tasks, "versione_pdf", slow)
    # Committed: the immediate backend renders after the commit, outside any transaction.
    relazione = services.relazione_approve(user=piano_2018.segretario, relazione=relazione_2018)
    assert len(beats) == 3 and beats[0] < beats[1] < beats[2]
    assert relazione.versioni.get().stato_rendering == StatoRendering.COMPLETATO


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL (DATABASE_URL=postgres://...)")
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_stores_of_one_version_leave_one_file_whose_hash_matches(relazione_2018, piano_2018, settings):
    import threading

    from django.db import connections

    settings.TASKS = DATABASE_QUEUE  # approval only queues: the two "renders" below are the test's
    versione = services.relazione_approve(user=piano_2018.segretario, relazione=relazione_2018).versioni.get()
    media = Path(django_settings.MEDIA_ROOT) / "relazioni"
    before = set(media.glob("*")) if media.exists() else set()
    barrier = threading.Barrier(2)

    def store(content):
        try:
            barrier.wait()
            services.versione_store_pdf(versione_id=versione.pk, content=content)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=store, args=(c,)) for c in (b"%PDF-one", b"%PDF-two")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    versione.refresh_from_db()
    content = versione.pdf.read()
    assert content in (b"%PDF-one", b"%PDF-two") and hashlib.sha256(content).hexdigest() == versione.sha256
    assert len(set(media.glob("*")) - before) == 1


# The worker killed mid-render ------------------------------------------------------------------

def _worker(*args, render_delay=None):
    """`manage.py db_worker` in its own process, on this test's database; with render_delay, every
    render sleeps that long first (tests/slow_pdf)."""
    db = connection.settings_dict
    env = {
        **os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings", "TASKS_BACKEND": "database",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        "PDF_HEARTBEAT_SECONDS": "0.3",
    }
    env.pop("TEST_PDF_RENDER_DELAY_SECONDS", None)
    if render_delay:
        env["TEST_PDF_RENDER_DELAY_SECONDS"] = str(render_delay)
    command = [sys.executable, "manage.py", "db_worker", "--no-startup-delay", "--no-reload", "--interval", "0.2", *args]
    return subprocess.Popen(command, cwd=django_settings.BASE_DIR, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def _wait_for(condition, timeout=90, what=""):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.mark.skipif(connection.vendor != "postgresql",
                    reason="a worker in another process needs a database server it can share (DATABASE_URL=postgres://...)")
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_render_is_detected_and_a_new_worker_renders_the_pdf(relazione_2018, piano_2018, settings, client):
    settings.TASKS = DATABASE_QUEUE
    settings.PDF_STALE_SECONDS = 2
    versione = services.relazione_approve(user=piano_2018.segretario, relazione=relazione_2018).versioni.get()

    def current():
        return VersioneRelazione.objects.get(pk=versione.pk)

    worker = _worker(render_delay=300)
    try:
        first = _wait_for(lambda: current().stato_rendering == StatoRendering.IN_CORSO and current().heartbeat_il,
                          what="the worker to start rendering")
        _wait_for(lambda: current().heartbeat_il > first, what="a heartbeat")  # alive while it renders
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.communicate(timeout=30)
    assert current().stato_rendering == StatoRendering.IN_CORSO  # left "in preparazione" by the dead worker

    client.force_login(piano_2018.segretario)
    stato_url = reverse("relazioni:stato_pdf", args=[piano_2018.ente.slug, 2018])
    assert "PDF: in preparazione." in client.get(stato_url).text  # not yet silent long enough
    _wait_for(lambda: current().rendering_stale(), timeout=10, what="the heartbeat to go stale")
    fragment = client.get(stato_url).text
    assert "nuovo tentativo" in fragment and current().stato_rendering == StatoRendering.IN_CODA

    second = _worker("--batch")
    output, _ = second.communicate(timeout=240)
    assert second.returncode == 0, output
    versione = current()
    assert versione.stato_rendering == StatoRendering.COMPLETATO and versione.tentativi == 2
    content = versione.pdf.read()
    assert content.startswith(b"%PDF") and hashlib.sha256(content).hexdigest() == versione.sha256
    assert "PDF: pronto e archiviato." in client.get(stato_url).text
