"""Concurrency never shows as a 500, and approval is a line in time (issue 8, item 4).

Real threads, each on its own database connection, on PostgreSQL: SQLite serializes every write
and would prove nothing. Without PostgreSQL these tests are skipped, saying so; in CI they fail.
"""

import os
import threading
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.test import Client
from django.utils import timezone

from obiettivi import services
from obiettivi.models import Misurazione, Monitoraggio, Periodo, Rettifica, Variazione, VoceStorico
from relazioni import services as relazioni_services
from relazioni.models import Relazione, VersioneRelazione
from tests import builders
from tests.obiettivi.test_scheda import form_data

pytestmark = pytest.mark.django_db(transaction=True)

SAVERS = 20
FROZEN = "La Relazione sulla Performance 2018 è approvata"


@pytest.fixture(autouse=True)
def postgresql_only():
    if connection.vendor != "postgresql":
        message = "needs PostgreSQL (row locks between connections): set DATABASE_URL=postgres://..."
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture
def no_pdf(monkeypatch):
    """Approval's PDF task is not what these tests are about: it is recorded, not rendered."""
    queued = []

    class Task:
        @staticmethod
        def enqueue(pk):
            queued.append(pk)

    monkeypatch.setattr("relazioni.tasks.render_versione_pdf", Task)
    return queued


@pytest.fixture
def scheda(personas):
    obiettivo = builders.make_obiettivo(personas.piano, personas.area_a, codice="A.1")
    indicatore = builders.make_indicatore(obiettivo, target=Decimal(10))
    builders.open_period(personas.ente, tipo=Periodo.Tipo.LUGLIO)
    builders.open_period(personas.ente, tipo=Periodo.Tipo.CONSUNTIVO)
    return obiettivo, indicatore


def run_together(n, work):
    """Run work(i) in n threads released at the same instant; return what each returned or raised."""
    barrier = threading.Barrier(n)
    outcomes = [None] * n

    def thread(i):
        try:
            barrier.wait(timeout=30)
            outcomes[i] = work(i)
        except Exception as error:  # the outcome under test, whatever it is
            outcomes[i] = error
        finally:
            connection.close()  # this thread's own connection

    threads = [threading.Thread(target=thread, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not any(t.is_alive() for t in threads), "a save never finished (deadlock?)"
    return outcomes


def in_thread(work):
    """Start work() in a thread with its own connection; return (thread, outcome list)."""
    outcome = []

    def thread():
        try:
            outcome.append(work())
        except Exception as error:
            outcome.append(error)
        finally:
            connection.close()

    t = threading.Thread(target=thread)
    t.start()
    return t, outcome


def kinds(outcomes):
    return sorted(type(o).__name__ for o in outcomes)


def test_twenty_first_saves_of_one_value_store_one_and_tell_the_others_of_the_conflict(personas, scheda):
    _obiettivo, indicatore = scheda

    def save(i):
        return services.misurazione_save(user=personas.resp_a, indicatore=indicatore, anno=2018, periodo="luglio",
                                         values={"valore": Decimal(i + 1)}, versione_letta=0)

    outcomes = run_together(SAVERS, save)

    assert kinds(outcomes) == sorted(["Misurazione"] + ["ConflittoModifica"] * (SAVERS - 1))
    stored = Misurazione.objects.get(indicatore=indicatore)
    saved = next(o for o in outcomes if isinstance(o, Misurazione))
    assert stored.valore == saved.valore and stored.versione == 1
    conflicts = [o for o in outcomes if isinstance(o, services.ConflittoModifica)]
    assert all(c.current.pk == stored.pk and c.current.valore == stored.valore for c in conflicts)
    assert VoceStorico.objects.filter(indicatore=indicatore).count() == 1


def test_twenty_first_saves_of_one_status_through_valori_save_store_one(personas, scheda):
    obiettivo, _indicatore = scheda

    def save(i):
        services.valori_save(user=personas.resp_a, obiettivo=obiettivo, anno=2018, misurazioni=[],
                             monitoraggi=[("luglio", {"stato": "in_ritardo", "commento": f"da {i}"}, 0)])
        return "saved"

    outcomes = run_together(SAVERS, save)

    assert kinds(outcomes) == sorted(["str"] + ["ConflittoModifica"] * (SAVERS - 1))
    assert Monitoraggio.objects.filter(obiettivo=obiettivo).count() == 1
    assert Monitoraggio.objects.get(obiettivo=obiettivo).versione == 1
    # stato and commento: one entry per field of the one save
    assert VoceStorico.objects.filter(obiettivo=obiettivo).count() == 2


def test_twenty_first_saves_through_the_page_answer_one_saved_and_nineteen_conflict_notices(personas, scheda):
    obiettivo, indicatore = scheda
    url = f"{obiettivo.get_absolute_url()}?anno=2018"
    prefix = f"i{indicatore.pk}-luglio"
    clients = []
    for _ in range(SAVERS):
        client = Client(raise_request_exception=False)  # a 500 is an outcome here, not an exception
        client.force_login(personas.resp_a)
        clients.append(client)

    def post(i):
        return clients[i].post(url, form_data(obiettivo, **{f"{prefix}-valore": str(i + 1)}))

    responses = run_together(SAVERS, post)

    assert sorted(r.status_code for r in responses) == [302] + [400] * (SAVERS - 1)
    stored = Misurazione.objects.get(indicatore=indicatore)
    for response in responses:
        if response.status_code == 400:
            page = response.content.decode()
            assert "Nel frattempo" in page and "ha salvato questo valore" in page
            assert f"<strong>{stored.valore:.0f}" in page or f"<strong>{stored.valore}" in page
    assert VoceStorico.objects.filter(indicatore=indicatore).count() == 1


def test_a_save_waits_for_an_approval_in_progress_and_is_then_refused(personas, scheda, no_pdf):
    _obiettivo, indicatore = scheda
    relazione = Relazione.objects.create(ente=personas.ente, piano=personas.piano, anno=2018)
    approved, release = threading.Event(), threading.Event()

    def approve():
        with transaction.atomic():  # the approval's transaction, held open
            relazioni_services.relazione_approve(user=personas.segretario, relazione=relazione)
            approved.set()
            release.wait(timeout=30)
        return "approved"

    approver, approval = in_thread(approve)
    assert approved.wait(timeout=30)
    saver, save = in_thread(lambda: services.misurazione_save(
        user=personas.resp_a, indicatore=indicatore, anno=2018, periodo="luglio",
        values={"valore": Decimal(3)}, versione_letta=0,
    ))
    saver.join(timeout=1)
    waited = saver.is_alive()
    release.set()
    approver.join(timeout=30)
    saver.join(timeout=30)

    assert waited, "the save did not wait for the approval's lock"
    assert approval == ["approved"]
    assert isinstance(save[0], services.DomainError) and FROZEN in save[0].message
    assert not Misurazione.objects.exists()


def test_a_save_through_the_page_during_an_approval_waits_and_shows_the_frozen_year_message(personas, scheda, no_pdf):
    obiettivo, indicatore = scheda
    relazione = Relazione.objects.create(ente=personas.ente, piano=personas.piano, anno=2018)
    client = Client(raise_request_exception=False)
    client.force_login(personas.resp_a)
    data = form_data(obiettivo, **{f"i{indicatore.pk}-luglio-valore": "3"})
    approved, release = threading.Event(), threading.Event()

    def approve():
        with transaction.atomic():
            relazioni_services.relazione_approve(user=personas.segretario, relazione=relazione)
            approved.set()
            release.wait(timeout=30)

    approver, _ = in_thread(approve)
    assert approved.wait(timeout=30)
    saver, response = in_thread(lambda: client.post(f"{obiettivo.get_absolute_url()}?anno=2018", data))
    saver.join(timeout=1)
    waited = saver.is_alive()
    release.set()
    approver.join(timeout=30)
    saver.join(timeout=30)

    assert waited and response[0].status_code == 400
    assert "è approvata: i dati dell&#x27;anno non si possono più modificare" in response[0].content.decode()
    assert not Misurazione.objects.exists()


def test_a_save_committed_before_the_approval_is_in_it(personas, scheda, no_pdf):
    """The other side of the line: a save holding the lock first commits, then the approval runs."""
    _obiettivo, indicatore = scheda
    relazione = Relazione.objects.create(ente=personas.ente, piano=personas.piano, anno=2018)
    saved, release = threading.Event(), threading.Event()

    def save():
        with transaction.atomic():
            services.misurazione_save(user=personas.resp_a, indicatore=indicatore, anno=2018, periodo="luglio",
                                      values={"valore": Decimal(3)}, versione_letta=0)
            saved.set()
            release.wait(timeout=30)
        return "saved"

    saver, save_outcome = in_thread(save)
    assert saved.wait(timeout=30)
    approver, approval = in_thread(
        lambda: relazioni_services.relazione_approve(user=personas.segretario, relazione=relazione))
    approver.join(timeout=1)
    waited = approver.is_alive()
    release.set()
    saver.join(timeout=30)
    approver.join(timeout=30)

    assert waited and save_outcome == ["saved"] and isinstance(approval[0], Relazione)
    assert Misurazione.objects.get(indicatore=indicatore).valore == 3


def test_two_simultaneous_approvals_make_one_version(personas, no_pdf):
    relazione = Relazione.objects.create(ente=personas.ente, piano=personas.piano, anno=2018)

    def approve(i):
        return relazioni_services.relazione_approve(user=personas.segretario,
                                                    relazione=Relazione.objects.get(pk=relazione.pk))

    outcomes = run_together(2, approve)

    assert kinds(outcomes) == ["DomainError", "Relazione"]
    refused = next(o for o in outcomes if isinstance(o, services.DomainError))
    assert "già approvata" in refused.message
    assert VersioneRelazione.objects.filter(relazione=relazione).count() == 1
    assert len(no_pdf) == 1


def test_every_frozen_year_write_waits_for_the_approval_and_is_then_refused(personas, scheda, no_pdf):
    """Statuses, periods, variations and overrides serialize on the same lock as values."""
    obiettivo, indicatore = scheda
    s = personas.segretario
    relazione = Relazione.objects.create(ente=personas.ente, piano=personas.piano, anno=2018)
    luglio = Periodo.objects.get(ente=personas.ente, anno=2018, tipo=Periodo.Tipo.LUGLIO)
    chiuso = builders.open_period(personas.ente, tipo=Periodo.Tipo.CONSUNTIVO, aperto=False, chiuso_il=timezone.now())
    rettifica = services.rettifica_create(user=s, anno=2018, motivazione="x", obiettivo=obiettivo,
                                          percentuale=Decimal(50))
    variazione = services.variazione_record(user=s, piano=personas.piano, numero_atto="9", data_atto=date(2019, 2, 5),
                                            motivazione="x")
    writes = {
        "monitoraggio": lambda: services.monitoraggio_save(user=personas.resp_a, obiettivo=obiettivo, anno=2018,
                                                           periodo="luglio", values={"stato": "critico"},
                                                           versione_letta=0),
        "periodo_close": lambda: services.periodo_close(user=s, periodo=luglio),
        "periodo_reopen": lambda: services.periodo_reopen(user=s, periodo=chiuso, motivazione="x"),
        "periodo_open": lambda: services.periodo_open(user=s, ente=personas.ente, anno=2018, tipo="luglio",
                                                      data_apertura=date(2018, 7, 1)),
        "rettifica_create": lambda: services.rettifica_create(user=s, anno=2018, motivazione="y", obiettivo=obiettivo,
                                                              percentuale=Decimal(60)),
        "rettifica_revoke": lambda: services.rettifica_revoke(user=s, rettifica=rettifica, motivazione="y"),
        "variazione_record": lambda: services.variazione_record(user=s, piano=personas.piano, numero_atto="10",
                                                                data_atto=date(2018, 11, 5), motivazione="x"),
        "variazione_apply": lambda: services.variazione_apply(
            user=s, variazione=variazione, change=services.TargetVariato(indicatore, 2018, valore=Decimal(3))),
    }
    approved, release = threading.Event(), threading.Event()

    def approve():
        with transaction.atomic():
            relazioni_services.relazione_approve(user=s, relazione=relazione)
            approved.set()
            release.wait(timeout=30)

    approver, _ = in_thread(approve)
    assert approved.wait(timeout=30)
    writers = {name: in_thread(write) for name, write in writes.items()}
    for t, _ in writers.values():
        t.join(timeout=0.2)
    waiting = {name for name, (t, _) in writers.items() if t.is_alive()}
    release.set()
    approver.join(timeout=30)
    for t, _ in writers.values():
        t.join(timeout=30)

    assert waiting == set(writes)
    refused = {name for name, (_t, outcome) in writers.items()
               if isinstance(outcome[0], services.DomainError) and "approvata" in outcome[0].message}
    assert refused == set(writes), {name: outcome for name, (_t, outcome) in writers.items()}
    assert Periodo.objects.get(pk=luglio.pk).aperto and not Periodo.objects.get(pk=chiuso.pk).aperto
    assert Rettifica.objects.get(pk=rettifica.pk).attiva and Rettifica.objects.count() == 1
    assert Variazione.objects.count() == 1 and not Monitoraggio.objects.exists()
