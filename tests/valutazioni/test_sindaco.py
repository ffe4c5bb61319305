"""The Sindaco: a role of the ente with no other right than the schede he evaluates; where he does not
use the product the Segretario records his evaluation with its act, never on his own scheda."""

import pytest
from django.urls import reverse

from enti import services as enti_services
from obiettivi.models import Ruolo
from obiettivi.services import DomainError
from tests import builders
from valutazioni import services
from valutazioni.models import Categoria, Scheda


@pytest.fixture
def sindaco(anno_2018):
    user = builders.make_user("sindaco", first_name="Sandro", last_name="Sindaci")
    builders.give_role(user, anno_2018.ente, Ruolo.Tipo.SINDACO)
    return user


def _segretario_scheda(p, valutatore, **extra):
    cat = p.smvp.categorie.get(tipo=Categoria.Tipo.SEGRETARIO)
    return services.scheda_create(user=p.segretario, smvp=p.smvp, categoria=cat, valutatore=valutatore,
                                  utente=p.segretario, **extra)


def test_the_sindaco_opens_fills_and_closes_the_scheda_he_evaluates(anno_2018, sindaco, login):
    p = anno_2018
    s = _segretario_scheda(p, sindaco)
    client = login(sindaco)
    lista = client.get(reverse("valutazioni:schede", args=[p.ente.slug, 2018]))
    assert lista.status_code == 200 and reverse("valutazioni:scheda", args=[p.ente.slug, s.pk]) in lista.text
    assert client.get(reverse("valutazioni:scheda", args=[p.ente.slug, s.pk])).status_code == 200
    data = {f"c{c.pk}": "4" for c in p.smvp.comportamenti.all()} | {
        f"m{c.pk}": "Motivo" for c in p.smvp.comportamenti.all()}
    assert client.post(reverse("valutazioni:scheda", args=[p.ente.slug, s.pk]), data).status_code == 302
    client.post(reverse("valutazioni:scheda_azione", args=[p.ente.slug, s.pk, "chiudi"]))
    s.refresh_from_db()
    assert s.stato == Scheda.Stato.CHIUSA and s.atto_sindaco == ""


def test_the_sindaco_lands_on_his_schede_and_is_refused_the_cycle_pages(anno_2018, sindaco, login):
    p = anno_2018
    client = login(sindaco)
    landing = client.get(reverse("area_riservata"))
    assert landing.status_code == 302 and landing.url == reverse("valutazioni:schede", args=[p.ente.slug, 2018])
    for name, kwargs in [("obiettivi:mie_schede", {}), ("valutazioni:smvp", {"anno": 2018}),
                         ("valutazioni:premi", {"anno": 2018}), ("enti:persone", {})]:
        assert client.get(reverse(name, kwargs={"ente_slug": p.ente.slug, **kwargs})).status_code == 403, name


def test_someone_else_s_scheda_is_a_404_for_the_sindaco(anno_2018, sindaco, login):
    p = anno_2018
    s = services.scheda_create(user=p.segretario, smvp=p.smvp, categoria=p.eq, valutatore=sindaco, utente=p.resp_a)
    other = services.scheda_create(user=p.segretario, smvp=p.smvp, categoria=p.cat_c, valutatore=p.resp_a,
                                   dipendente=p.dipendenti[0])
    client = login(sindaco)
    assert client.get(reverse("valutazioni:scheda", args=[p.ente.slug, s.pk])).status_code == 200
    assert client.get(reverse("valutazioni:scheda", args=[p.ente.slug, other.pk])).status_code == 404


def test_where_the_sindaco_uses_the_product_he_is_the_evaluator(anno_2018, sindaco):
    p = anno_2018
    with pytest.raises(DomainError, match="il valutatore è il Sindaco"):
        services.scheda_create(user=p.segretario, smvp=p.smvp, categoria=p.eq, valutatore=p.segretario,
                               utente=p.resp_a, atto_sindaco="Decreto n. 1")
    assert not Scheda.objects.exists()


def test_without_the_sindaco_the_segretario_records_his_act_but_never_on_his_own_scheda(anno_2018):
    p = anno_2018
    with pytest.raises(DomainError, match="atto"):
        services.scheda_create(user=p.segretario, smvp=p.smvp, categoria=p.eq, valutatore=p.segretario,
                               utente=p.resp_a)
    s = services.scheda_create(user=p.segretario, smvp=p.smvp, categoria=p.eq, valutatore=p.segretario,
                               utente=p.resp_a, atto_sindaco="Decreto n. 1 del 10/01/2019")
    assert s.valutatore == p.segretario
    with pytest.raises(DomainError, match="sé stesso"):
        _segretario_scheda(p, p.segretario, atto_sindaco="Decreto n. 2")
    own = _segretario_scheda(p, p.nucleo, atto_sindaco="Decreto n. 2")
    comportamenti = {c.pk: (4, "Motivo") for c in p.smvp.comportamenti.all()}
    for call in (lambda: services.scheda_save_scores(user=p.segretario, scheda=own, punteggi=comportamenti),
                 lambda: services.scheda_close(user=p.segretario, scheda=own)):
        with pytest.raises(DomainError, match="propria"):
            call()
    own.refresh_from_db()
    assert own.aperta and not own.punteggi.exists()


def test_only_the_amministratore_gives_or_takes_the_sindaco_role(anno_2018):
    p = anno_2018
    with pytest.raises(DomainError, match="amministratore"):
        enti_services.persona_add(by=p.segretario, ente=p.ente, nome="Sara", cognome="Sindaca",
                                  email="sindaca@example.org", ruoli=[Ruolo.Tipo.SINDACO])
    with pytest.raises(DomainError, match="amministratore"):
        enti_services.persona_update_roles(by=p.segretario, ente=p.ente, persona=p.nucleo,
                                           ruoli=[Ruolo.Tipo.NUCLEO, Ruolo.Tipo.SINDACO])
    assert not Ruolo.objects.filter(tipo=Ruolo.Tipo.SINDACO).exists()
    added = enti_services.persona_add(by=p.amministratore, ente=p.ente, nome="Sara", cognome="Sindaca",
                                      email="sindaca@example.org", ruoli=[Ruolo.Tipo.SINDACO])
    assert Ruolo.objects.filter(utente=added.utente, tipo=Ruolo.Tipo.SINDACO).exists()
    with pytest.raises(DomainError, match="amministratore"):
        enti_services.persona_update_roles(by=p.segretario, ente=p.ente, persona=added.utente,
                                           ruoli=[Ruolo.Tipo.RESPONSABILE])
    with pytest.raises(DomainError, match="propri ruoli"):
        enti_services.persona_update_roles(by=p.amministratore, ente=p.ente, persona=p.amministratore,
                                           ruoli=[Ruolo.Tipo.AMMINISTRATORE, Ruolo.Tipo.SINDACO])


def test_the_sindaco_s_menu_has_no_objectives_to_fill_in(anno_2018, sindaco, login):
    p = anno_2018
    page = login(sindaco).get(reverse("valutazioni:schede", args=[p.ente.slug, 2018])).text
    assert reverse("obiettivi:mie_schede", args=[p.ente.slug]) not in page
    assert reverse("valutazioni:schede", args=[p.ente.slug, p.ente.anno_corrente - 1]) in page


def test_a_sindaco_of_two_enti_is_offered_his_schede_di_valutazione_not_an_objectives_count(anno_2018, sindaco, login):
    p = anno_2018
    altro = builders.make_ente(nome="Comune di Altrove", slug="altrove")
    builders.give_role(sindaco, altro, Ruolo.Tipo.SINDACO)
    page = login(sindaco).get(reverse("area_riservata"))
    assert page.status_code == 200
    text = page.text
    assert "obiettivi nel" not in text and "obiettivo nel" not in text
    assert f"Le schede di valutazione di {p.ente.nome}" in text and "Le schede di valutazione di Comune di Altrove" in text
    assert f'href="{reverse("obiettivi:ente_home", args=[p.ente.slug])}"' in text
    assert f'href="{reverse("obiettivi:mie_schede", args=[p.ente.slug])}"' not in text  # a page he is refused
