"""The Segretario's preview of a draft is served from its rendered body stored for the ente's data
version; every kind of write that changes the Relazione makes the next preview show it (a stale
body is never served), and with the database task backend a burst of saves queues one rebuild."""

import json
from datetime import date
from decimal import Decimal

import pytest
from django.template.loader import render_to_string

from obiettivi import services as obiettivi_services
from obiettivi.models import Ente, Misurazione, Rettifica, Ruolo, Target
from relazioni import anteprima, services
from relazioni.models import AnteprimaRelazione
from relazioni.snapshot import context_from_data, relazione_data

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _url(ente):
    return f"/{ente.slug}/relazione/2018/"


def _fresh_body(relazione):
    relazione.refresh_from_db()
    relazione.ente.refresh_from_db()
    return render_to_string(anteprima.BODY_TEMPLATE, context_from_data(relazione_data(relazione)))


def _preview(client, ente):
    response = client.get(_url(ente))
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def segretario_client(relazione_2018, login):
    return login(relazione_2018.ente.ruoli.get(tipo=Ruolo.Tipo.SEGRETARIO).utente)


def test_the_preview_is_the_stored_body_and_a_second_visit_does_not_compute_it(relazione_2018, segretario_client,
                                                                               django_assert_max_num_queries):
    page = _preview(segretario_client, relazione_2018.ente)
    stored = AnteprimaRelazione.objects.get(relazione=relazione_2018)
    assert stored.versione_dati == Ente.objects.get(pk=relazione_2018.ente_id).versione_dati
    assert stored.corpo in page and stored.corpo == _fresh_body(relazione_2018)
    # Computing the plan takes well over a dozen queries; the stored body needs none of them.
    with django_assert_max_num_queries(14):
        assert stored.corpo in _preview(segretario_client, relazione_2018.ente)


def _indicatore(personas, codice="A.1"):
    return personas.piano.obiettivi.get(codice=codice).indicatori.get()


def _value(personas, relazione):
    m = Misurazione.objects.get(indicatore=_indicatore(personas), periodo="consuntivo")
    m.valore = Decimal("7")
    m.save()


def _value_by_service(personas, relazione):
    ind = _indicatore(personas)
    m = Misurazione.objects.get(indicatore=ind, periodo="consuntivo")
    obiettivi_services.misurazione_save(user=personas.resp_a, indicatore=ind, anno=2018, periodo="consuntivo",
                                        values={"valore": Decimal("11")}, versione_letta=m.versione)


def _target(personas, relazione):
    t = Target.objects.get(indicatore=_indicatore(personas), anno=2018)
    t.valore = Decimal("20")
    t.save()


def _variazione(personas, relazione):
    obiettivi_services.variazione_record(
        user=personas.segretario, piano=personas.piano, numero_atto="12", data_atto=date(2018, 6, 1),
        motivazione="Nuove risorse", changes=[obiettivi_services.TargetVariato(_indicatore(personas), 2018, Decimal(15))])


def _rettifica(personas, relazione):
    obiettivi_services.rettifica_create(user=personas.segretario, anno=2018, motivazione="Dato non attendibile",
                                        indicatore=_indicatore(personas, "B.1"), non_valutabile=True)


def _narrative(personas, relazione):
    services.relazione_update_narrative(user=personas.segretario, relazione=relazione,
                                        values={"contesto": "Un contesto scritto dal Segretario."})


def _person_rename(personas, relazione):
    personas.resp_a.last_name = "Verdi"
    personas.resp_a.save()


def _area_rename(personas, relazione):
    personas.area_b.nome = "Area lavori pubblici"
    personas.area_b.save()


def _signatory(personas, relazione):
    ruolo = Ruolo.objects.get(ente=personas.ente, tipo=Ruolo.Tipo.SEGRETARIO)
    ruolo.denominazione = "Lorenzi dott.ssa Alberta"
    ruolo.save()


def _rettifica_revoked(personas, relazione):
    # Made and previewed before the write (see _PREPARE): the write is the revocation.
    rettifica = Rettifica.objects.get(attiva=True)
    obiettivi_services.rettifica_revoke(user=personas.segretario, rettifica=rettifica, motivazione="Dato verificato")


def _responsabile_reassigned(personas, relazione):
    obiettivo = personas.piano.obiettivi.get(codice="A.1")
    obiettivo.responsabile = personas.resp_b
    obiettivo.save()


WRITES = [_value, _value_by_service, _target, _variazione, _rettifica, _rettifica_revoked, _narrative, _person_rename,
          _responsabile_reassigned, _area_rename, _signatory]
# What a write needs to find before the first preview.
_PREPARE = {_rettifica_revoked: _rettifica}


@pytest.mark.parametrize("write", WRITES, ids=[w.__name__.strip("_") for w in WRITES])
def test_every_write_that_changes_the_relazione_shows_at_the_next_preview(write, piano_2018, relazione_2018,
                                                                         segretario_client):
    if write in _PREPARE:
        _PREPARE[write](piano_2018, relazione_2018)
    before = _preview(segretario_client, relazione_2018.ente)
    stale = AnteprimaRelazione.objects.get(relazione=relazione_2018).corpo
    write(piano_2018, relazione_2018)
    expected = _fresh_body(relazione_2018)
    assert expected != stale, "the write should change what the Relazione says"
    after = _preview(segretario_client, relazione_2018.ente)
    assert expected in after and stale not in after and after != before
    stored = AnteprimaRelazione.objects.get(relazione=relazione_2018)
    assert stored.corpo == expected
    assert stored.versione_dati == Ente.objects.get(pk=relazione_2018.ente_id).versione_dati


def test_a_login_does_not_throw_the_preview_away(piano_2018, relazione_2018, segretario_client):
    from django.contrib.auth.models import update_last_login

    _preview(segretario_client, relazione_2018.ente)
    versione = Ente.objects.get(pk=relazione_2018.ente_id).versione_dati
    update_last_login(None, piano_2018.segretario)  # what a login saves: last_login only
    assert Ente.objects.get(pk=relazione_2018.ente_id).versione_dati == versione


def test_an_approved_year_is_read_from_its_frozen_version_not_from_the_preview(piano_2018, relazione_2018,
                                                                               segretario_client, approve):
    _preview(segretario_client, relazione_2018.ente)
    approve(piano_2018.segretario, relazione_2018)
    AnteprimaRelazione.objects.filter(relazione=relazione_2018).update(corpo="<p>corpo estraneo</p>")
    page = _preview(segretario_client, relazione_2018.ente)
    assert "corpo estraneo" not in page
    versione = relazione_2018.versioni.get()
    body = render_to_string(anteprima.BODY_TEMPLATE, context_from_data(services.versione_dati(versione)))
    assert body in page


# The database task backend ----------------------------------------------------------------------

def _pending(ente):
    return list(anteprima.pending_rebuilds(ente.pk))


def test_a_burst_of_saves_queues_one_rebuild_per_ente(piano_2018, relazione_2018, settings):
    settings.TASKS = DATABASE_QUEUE
    ind = _indicatore(piano_2018)
    m = Misurazione.objects.get(indicatore=ind, periodo="consuntivo")
    for n in range(5):
        m.valore = Decimal(n)
        m.save()
    _area_rename(piano_2018, relazione_2018)
    _narrative(piano_2018, relazione_2018)
    assert len(_pending(piano_2018.ente)) == 1
    # Another ente's save queues its own rebuild, and none for an ente with no draft.
    from tests import builders
    other = builders.make_ente(nome="Comune di Altrove")
    builders.make_area(other, nome="Area unica")
    assert _pending(other) == []
    assert len(_pending(piano_2018.ente)) == 1


def test_the_worker_rebuilds_the_preview_and_a_later_save_queues_again(piano_2018, relazione_2018, settings,
                                                                       segretario_client,
                                                                       django_assert_max_num_queries):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = DATABASE_QUEUE
    _target(piano_2018, relazione_2018)
    (pending,) = _pending(piano_2018.ente)
    # What the worker does: claim the task (no longer pending), then run it.
    DBTaskResult.objects.filter(pk=pending.pk).update(status="RUNNING")
    assert pending.task.call(*pending.args_kwargs["args"]) == 1
    stored = AnteprimaRelazione.objects.get(relazione=relazione_2018)
    assert stored.versione_dati == Ente.objects.get(pk=relazione_2018.ente_id).versione_dati
    assert stored.corpo == _fresh_body(relazione_2018)
    with django_assert_max_num_queries(14):  # served as stored: the visit computes nothing
        assert stored.corpo in _preview(segretario_client, relazione_2018.ente)
    # While it runs or after, a new change queues one new rebuild.
    _area_rename(piano_2018, relazione_2018)
    assert len(_pending(piano_2018.ente)) == 1


def test_the_immediate_backend_queues_nothing_and_the_next_preview_rebuilds(piano_2018, relazione_2018,
                                                                            segretario_client):
    from django_tasks_db.models import DBTaskResult

    _preview(segretario_client, relazione_2018.ente)
    _target(piano_2018, relazione_2018)
    assert not DBTaskResult.objects.exists()
    assert _fresh_body(relazione_2018) in _preview(segretario_client, relazione_2018.ente)


# The pieces of the body: one objective re-rendered, not the plan ----------------------------------

@pytest.fixture
def rendered(monkeypatch):
    """The ids of the objectives whose piece a rebuild renders (not taken as kept)."""
    ids = []
    original = anteprima.Frammenti.render

    def spy(self, obiettivo, render):
        def counted():
            ids.append(obiettivo.obiettivo.id)
            return render()
        return original(self, obiettivo, counted)

    monkeypatch.setattr(anteprima.Frammenti, "render", spy)
    return ids


def _stored_pieces(relazione):
    return json.loads(AnteprimaRelazione.objects.get(relazione=relazione).frammenti)


def test_a_change_to_one_objective_re_renders_only_its_piece_and_the_page_shows_it(
        piano_2018, relazione_2018, segretario_client, rendered):
    a1, b1 = (piano_2018.piano.obiettivi.get(codice=c) for c in ("A.1", "B.1"))
    _preview(segretario_client, relazione_2018.ente)
    assert sorted(rendered) == sorted([a1.pk, b1.pk])  # nothing kept yet: every piece is rendered
    rendered.clear()
    ind = _indicatore(piano_2018)
    m = Misurazione.objects.get(indicatore=ind, periodo="consuntivo")
    obiettivi_services.misurazione_save(user=piano_2018.resp_a, indicatore=ind, anno=2018, periodo="consuntivo",
                                        values={"valore": Decimal("123.45")}, versione_letta=m.versione)
    page = _preview(segretario_client, relazione_2018.ente)
    assert rendered == [a1.pk]
    assert "123,45 pratiche" in page and _fresh_body(relazione_2018) in page
    # Only the newest body's pieces are kept: the old piece of A.1 is gone, nothing grows.
    assert len(_stored_pieces(relazione_2018)) == 2


def test_a_write_that_changes_no_objective_re_renders_no_piece(piano_2018, relazione_2018, segretario_client,
                                                               rendered):
    _preview(segretario_client, relazione_2018.ente)
    rendered.clear()
    _narrative(piano_2018, relazione_2018)
    page = _preview(segretario_client, relazione_2018.ente)
    assert rendered == []
    assert "Un contesto scritto dal Segretario." in page and _fresh_body(relazione_2018) in page


@pytest.mark.parametrize("write", [_person_rename, _responsabile_reassigned], ids=["renamed", "reassigned"])
def test_a_person_shown_in_a_piece_is_never_served_stale(write, piano_2018, relazione_2018, segretario_client,
                                                         rendered):
    a1 = piano_2018.piano.obiettivi.get(codice="A.1")
    _preview(segretario_client, relazione_2018.ente)
    rendered.clear()
    write(piano_2018, relazione_2018)
    page = _preview(segretario_client, relazione_2018.ente)
    assert a1.pk in rendered
    assert _fresh_body(relazione_2018) in page


def test_a_label_shown_in_a_piece_is_never_served_stale(piano_2018, relazione_2018, segretario_client, rendered):
    a1 = piano_2018.piano.obiettivi.get(codice="A.1")
    _preview(segretario_client, relazione_2018.ente)
    rendered.clear()
    nuovo = next(value for value, _label in type(a1).Tipo.choices if value != a1.tipo)
    a1.tipo = nuovo
    a1.save()
    page = _preview(segretario_client, relazione_2018.ente)
    assert rendered == [a1.pk]
    assert str(type(a1).Tipo(nuovo).label) in page and _fresh_body(relazione_2018) in page


def test_pieces_rendered_in_another_language_are_not_taken(piano_2018, relazione_2018, segretario_client, rendered):
    from django.utils import translation

    _preview(segretario_client, relazione_2018.ente)
    rendered.clear()
    relazione_2018.refresh_from_db()
    versione = Ente.objects.get(pk=relazione_2018.ente_id).versione_dati
    with translation.override("en"):
        corpo = anteprima.rebuild(relazione_2018, versione)
        assert corpo == render_to_string(anteprima.BODY_TEMPLATE, context_from_data(relazione_data(relazione_2018)))
    assert len(rendered) == 2  # every piece rendered again for the other language
    rendered.clear()
    assert anteprima.rebuild(relazione_2018, versione) == _fresh_body(relazione_2018)
    assert len(rendered) == 2


def test_a_new_release_of_the_template_renders_every_piece_again(piano_2018, relazione_2018, segretario_client,
                                                                 rendered, monkeypatch):
    _preview(segretario_client, relazione_2018.ente)
    rendered.clear()
    monkeypatch.setattr(anteprima, "_code_identity", lambda language: b"another release")
    versione = Ente.objects.get(pk=relazione_2018.ente_id).versione_dati
    anteprima.rebuild(relazione_2018, versione)
    assert len(rendered) == 2


def _tamper(relazione, change):
    row = AnteprimaRelazione.objects.get(relazione=relazione)
    change(row)
    row.save()


def _index_missing(row):
    row.frammenti = ""


def _index_not_json(row):
    row.frammenti = row.frammenti[: len(row.frammenti) // 2]


def _index_not_a_dict(row):
    row.frammenti = json.dumps(list(json.loads(row.frammenti).values()))


def _entries_malformed(row):
    keys = list(json.loads(row.frammenti))
    row.frammenti = json.dumps({keys[0]: "<div>", keys[1]: [0, 10 ** 9, "x"]})


def _offsets_shifted(row):
    row.frammenti = json.dumps({key: [start + 1, end + 1, checksum]
                                for key, (start, end, checksum) in json.loads(row.frammenti).items()})


def _piece_altered(row):
    start, end, _checksum = next(iter(json.loads(row.frammenti).values()))
    piece = row.corpo[start:end].replace("obiettivo", "OBIETTIVO ALTERATO", 1)
    row.corpo = row.corpo[:start] + piece + row.corpo[end:]


CORRUPTIONS = [_index_missing, _index_not_json, _index_not_a_dict, _entries_malformed, _offsets_shifted,
               _piece_altered]


@pytest.mark.parametrize("corruption", CORRUPTIONS, ids=[c.__name__.strip("_") for c in CORRUPTIONS])
def test_a_missing_or_corrupted_piece_is_only_a_miss(corruption, piano_2018, relazione_2018, segretario_client,
                                                     rendered):
    _preview(segretario_client, relazione_2018.ente)
    _tamper(relazione_2018, corruption)
    rendered.clear()
    _narrative(piano_2018, relazione_2018)  # a change outside the objectives: no piece needs rendering
    page = _preview(segretario_client, relazione_2018.ente)
    assert "ALTERATO" not in page
    assert _fresh_body(relazione_2018) in page
    assert rendered  # what could not be read was rendered again
    assert len(_stored_pieces(relazione_2018)) == 2  # and stored sound for the next time


def test_the_page_and_the_pdf_render_every_piece_as_written(piano_2018, relazione_2018):
    """Without a store in the context the tag renders its content: the same HTML as before it."""
    from django.template import engines

    context = context_from_data(relazione_data(relazione_2018))
    body = render_to_string(anteprima.BODY_TEMPLATE, context)
    plain = engines["django"].from_string(
        "{% load frammenti %}{% frammento o %}<p>{{ o }}</p>{% endframmento %}").render({"o": "x"})
    assert plain == "<p>x</p>"
    assert body.count('<div class="obiettivo') == 2
