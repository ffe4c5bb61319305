"""The pages: public aggregates without names, CSV, reading log, the Segretario's forms, query counts."""

import csv
import io
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pubblicazioni.templatetags.pubblicazioni import dimensione
from valutazioni import selectors, services
from valutazioni.models import Scheda, VoceValutazione

from .conftest import fill_and_close, validate


def _confirmed_year(p):
    p.smvp.quota_differenziazione = Decimal(20)
    p.smvp.save()
    for d, v in zip(p.dipendenti, [4, 3, 3, 2, 2]):
        s = services.scheda_create(user=p.segretario, smvp=p.smvp, categoria=p.cat_c, valutatore=p.resp_a, dipendente=d)
        fill_and_close(s, p.resp_a, punteggio=v)
    eq = services.scheda_create(user=p.segretario, smvp=p.smvp, categoria=p.eq, valutatore=p.nucleo, utente=p.resp_a,
                                atto_sindaco="Decreto n. 1")
    fill_and_close(eq, p.nucleo)
    services.risorse_set(user=p.segretario, categoria=p.cat_c, importo=Decimal("5000.00"))
    services.risorse_set(user=p.segretario, categoria=p.eq, importo=Decimal("3000.00"))
    validate(p.relazione)
    services.premi_confirm(user=p.segretario, categoria=p.cat_c, atto="Det. 1")
    services.premi_confirm(user=p.segretario, categoria=p.eq, atto="Det. 2")


def _names(p):
    names = [p.resp_a.first_name, p.resp_a.last_name, p.resp_b.last_name]
    return names + [d.cognome for d in p.dipendenti] + [d.nome for d in p.dipendenti]


def test_the_public_pages_show_aggregates_and_no_name_nor_individual_figure(anno_2018, client):
    p = anno_2018
    _confirmed_year(p)
    importi = {str(s.premio.importo).replace(".", ",") for s in Scheda.objects.filter(premio__isnull=False)}
    for name in ("valutazioni:pubblico_ammontare_premi", "valutazioni:pubblico_dati_premi",
                 "valutazioni:pubblico_ammontare_premi_csv", "valutazioni:pubblico_dati_premi_csv"):
        response = client.get(reverse(name, args=[p.ente.slug]))
        assert response.status_code == 200
        text = response.content.decode("utf-8")
        for n in _names(p):
            assert n not in text, (name, n)
        for importo in importi:
            assert importo not in text, (name, importo)
    page = client.get(reverse("valutazioni:pubblico_ammontare_premi", args=[p.ente.slug])).content.decode()
    assert "5.000,00" in page  # stanziati for the staff
    assert "meno di 3 persone" in page  # the one EQ: no amount at all


def test_the_csv_parses_with_bom_and_semicolons(anno_2018, client):
    p = anno_2018
    _confirmed_year(p)
    for name in ("valutazioni:pubblico_ammontare_premi_csv", "valutazioni:pubblico_dati_premi_csv"):
        raw = client.get(reverse(name, args=[p.ente.slug])).content
        assert raw.startswith("\ufeff".encode("utf-8"))
        rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
        assert len(rows) > 1 and all(len(r) == len(rows[0]) for r in rows)
    rows = list(csv.reader(io.StringIO(client.get(reverse("valutazioni:pubblico_ammontare_premi_csv",
                                                           args=[p.ente.slug])).content.decode("utf-8-sig")),
                           delimiter=";"))
    personale = next(r for r in rows if r[1] == "Personale")
    assert personale[2] == "5000,00" and Decimal(personale[3].replace(",", ".")) <= Decimal(5000)


def test_the_public_pages_are_frozen_at_confirmation_and_a_later_change_of_live_rows_changes_nothing(
        anno_2018, client):
    """A published document is an artefact: the pages and CSVs read the rows stored by the act."""
    from valutazioni.models import Premio, PremiPubblicati, RisorsePremi

    p = anno_2018
    _confirmed_year(p)
    names = ("valutazioni:pubblico_ammontare_premi", "valutazioni:pubblico_dati_premi",
             "valutazioni:pubblico_ammontare_premi_csv", "valutazioni:pubblico_dati_premi_csv")
    before = {n: client.get(reverse(n, args=[p.ente.slug])).content for n in names}
    pubblicati = PremiPubblicati.objects.get(ente=p.ente)
    assert pubblicati.ammontare_sha256 and pubblicati.dati_sha256
    # Live rows change behind the act's back: scores, resources, premi.
    Scheda.objects.filter(smvp=p.smvp).update(punteggio=Decimal(1))
    RisorsePremi.objects.filter(categoria__smvp=p.smvp).update(importo=Decimal("99999.00"), distribuito=Decimal(1))
    Premio.objects.update(importo=Decimal(1), maggiorazione=Decimal(0))
    for n in names:
        assert client.get(reverse(n, args=[p.ente.slug])).content == before[n], n
    with CaptureQueriesContext(connection) as ctx:
        client.get(reverse("valutazioni:pubblico_dati_premi", args=[p.ente.slug]))
    assert not any("valutazioni_scheda" in q["sql"] or "valutazioni_premio" in q["sql"] for q in ctx.captured_queries)


def test_an_altered_stored_csv_is_not_served(anno_2018, client):
    from valutazioni.models import PremiPubblicati

    p = anno_2018
    _confirmed_year(p)
    pubblicati = PremiPubblicati.objects.get(ente=p.ente)
    with pubblicati.dati_csv.open("wb") as handle:
        handle.write(b"altered")
    response = client.get(reverse("valutazioni:pubblico_dati_premi_csv", args=[p.ente.slug]))
    assert response.status_code == 503 and b"altered" not in response.content


def test_before_any_confirmation_the_csvs_are_404(anno_2018, client):
    p = anno_2018
    for n in ("valutazioni:pubblico_ammontare_premi_csv", "valutazioni:pubblico_dati_premi_csv"):
        assert client.get(reverse(n, args=[p.ente.slug])).status_code == 404


def test_publications_for_the_tree(anno_2018):
    p = anno_2018
    assert selectors.pubblicazioni_premi(p.ente) == []
    _confirmed_year(p)
    pubblicazioni = selectors.pubblicazioni_premi(p.ente)
    assert [x["sottosezione"] for x in pubblicazioni] == ["Ammontare complessivo dei premi", "Dati relativi ai premi"]
    assert set(pubblicazioni[0]) == {"sottosezione", "titolo", "url", "pubblicato_il", "aggiornato_il", "dimensione"}
    assert selectors.documenti_smvp(p.ente) == []


def test_reading_someone_else_s_scheda_is_logged_and_one_s_own_is_not(anno_2018, login):
    p = anno_2018
    s = services.scheda_create(user=p.segretario, smvp=p.smvp, categoria=p.eq, valutatore=p.nucleo, utente=p.resp_a,
                               atto_sindaco="Decreto n. 1")
    url = reverse("valutazioni:scheda", args=[p.ente.slug, s.pk])
    assert login(p.resp_a).get(url).status_code == 200
    assert not VoceValutazione.objects.filter(azione="Lettura della scheda").exists()
    assert login(p.segretario).get(url).status_code == 200
    assert VoceValutazione.objects.filter(azione="Lettura della scheda", utente=p.segretario, scheda=s).exists()
    assert login(p.resp_b).get(url).status_code == 404


def test_the_evaluator_fills_and_closes_through_the_page(anno_2018, login):
    p = anno_2018
    s = services.scheda_create(user=p.segretario, smvp=p.smvp, categoria=p.cat_c, valutatore=p.resp_a,
                               dipendente=p.dipendenti[0])
    client = login(p.resp_a)
    url = reverse("valutazioni:scheda", args=[p.ente.slug, s.pk])
    data = {f"c{c.pk}": "3" for c in p.smvp.comportamenti.all()} | {f"m{c.pk}": "Bene" for c in p.smvp.comportamenti.all()}
    assert client.post(url, data).status_code == 302
    assert client.post(reverse("valutazioni:scheda_azione", args=[p.ente.slug, s.pk, "chiudi"])).status_code == 302
    s.refresh_from_db()
    assert s.stato == "chiusa"
    pdf = client.get(reverse("valutazioni:scheda_pdf", args=[p.ente.slug, s.pk]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    # An unknown action and a bad score: never a 500.
    assert client.post(reverse("valutazioni:scheda_azione", args=[p.ente.slug, s.pk, "boh"])).status_code == 404
    assert client.post(url, {f"c{p.smvp.comportamenti.first().pk}": "x"}).status_code == 400


def test_the_segretario_creates_and_edits_the_smvp(personas, login):
    client = login(personas.segretario)
    url = reverse("valutazioni:smvp", args=[personas.ente.slug, 2019])
    assert client.get(url).status_code == 200
    assert client.post(url, {"azione": "crea"}).status_code == 302
    smvp = personas.ente.smvp.get(anno=2019)
    data = {"tipo_premio": "fasce", "punteggio_minimo": "65", "fasce_testo": "90 100 Eccellente\n70 60 Buona",
            "quota_differenziazione": "15", "maggiorazione": "30", "giorni_conciliazione": "20", "scala_max": "4",
            "descrittori_scala": ""}
    assert client.post(url, data).status_code == 302
    smvp.refresh_from_db()
    assert smvp.punteggio_minimo == Decimal(65) and len(smvp.fasce) == 2
    # The maggiorazione below the CCNL's 30 %: an Italian message, nothing saved.
    response = client.post(url, data | {"maggiorazione": "20"})
    assert response.status_code == 400 and "30" in response.content.decode()
    smvp.refresh_from_db()
    assert smvp.maggiorazione == Decimal(30)


def test_the_list_of_schede_takes_the_same_queries_for_few_and_many(anno_2018, login):
    p = anno_2018
    client = login(p.segretario)
    url = reverse("valutazioni:schede", args=[p.ente.slug, 2018])

    def count():
        client.get(url)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx)

    services.scheda_create(user=p.segretario, smvp=p.smvp, categoria=p.cat_c, valutatore=p.resp_a,
                           dipendente=p.dipendenti[0])
    few = count()
    for d in p.dipendenti[1:]:
        services.scheda_create(user=p.segretario, smvp=p.smvp, categoria=p.cat_c, valutatore=p.resp_a, dipendente=d)
    assert count() == few


def test_the_premi_page_takes_the_same_queries_for_few_and_many(anno_2018, login):
    p = anno_2018
    client = login(p.segretario)
    url = reverse("valutazioni:premi", args=[p.ente.slug, 2018])

    def count():
        client.get(url)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx)

    services.scheda_create(user=p.segretario, smvp=p.smvp, categoria=p.cat_c, valutatore=p.resp_a,
                           dipendente=p.dipendenti[0])
    few = count()
    for d in p.dipendenti[1:]:
        services.scheda_create(user=p.segretario, smvp=p.smvp, categoria=p.cat_c, valutatore=p.resp_a, dipendente=d)
    assert count() == few


def test_the_transparency_tree_lists_the_premi_once_confirmed_and_never_a_name(anno_2018, client):
    """Amministrazione Trasparente > Performance (pubblicazioni/) reads this app's two sub-sections."""
    p = anno_2018
    page_url = reverse("relazioni:performance", args=[p.ente.slug])
    assert client.get(page_url).text.count("Non ancora pubblicato.") >= 2
    _confirmed_year(p)
    page = client.get(page_url).text
    for name in ("valutazioni:pubblico_ammontare_premi", "valutazioni:pubblico_dati_premi",
                 "valutazioni:pubblico_ammontare_premi_csv", "valutazioni:pubblico_dati_premi_csv"):
        assert reverse(name, args=[p.ente.slug]) in page
    for name in ("valutazioni:pubblico_ammontare_premi_csv", "valutazioni:pubblico_dati_premi_csv"):
        size = len(client.get(reverse(name, args=[p.ente.slug])).content)
        assert f"(CSV, {dimensione(size)})" in page
    for person in (p.resp_a, p.resp_b):
        assert person.last_name not in page
