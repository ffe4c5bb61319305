"""The SMVP, the scheda from filling to conciliazione, and the premi with their legal conditions."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from obiettivi.services import DomainError
from relazioni import services as relazioni_services
from tests import builders
from valutazioni import services
from valutazioni.models import Categoria, Premio, PunteggioComportamento, Smvp, VoceValutazione

from .conftest import fill_and_close, validate


def test_a_first_smvp_names_the_categories_of_its_year(personas):
    smvp = services.smvp_create(user=personas.segretario, ente=personas.ente, anno=2018)
    nomi = list(smvp.categorie.values_list("nome", flat=True))
    assert "Categoria A" in nomi and "Titolari di Elevata Qualificazione" in nomi
    assert smvp.comportamenti.count() == 4


def test_a_new_year_copies_the_last_and_moves_to_the_ccnl_2022_aree(personas):
    old = services.smvp_create(user=personas.segretario, ente=personas.ente, anno=2022)
    old.punteggio_minimo = Decimal(65)
    old.save()
    new = services.smvp_create(user=personas.segretario, ente=personas.ente, anno=2023)
    assert new.copiato_da == old and new.punteggio_minimo == Decimal(65)
    nomi = set(new.categorie.filter(tipo=Categoria.Tipo.PERSONALE).values_list("nome", flat=True))
    assert nomi == set(services.AREE_CCNL_2022)
    assert new.comportamenti.count() == old.comportamenti.count()
    with pytest.raises(DomainError):
        services.smvp_create(user=personas.segretario, ente=personas.ente, anno=2023)


def test_an_smvp_in_use_cannot_change(anno_2018):
    """In use = a scheda of the year is closed; an open one still lets the Segretario adjust the rules."""
    p = anno_2018
    s = services.scheda_create(user=p.segretario, smvp=p.smvp, categoria=p.cat_c, valutatore=p.resp_a,
                               dipendente=p.dipendenti[0])
    services.smvp_update(user=p.segretario, smvp=p.smvp, values={}, pesi={}, fasce_testo="90 100 Eccellente")
    fill_and_close(s, p.resp_a)
    with pytest.raises(DomainError, match="in uso"):
        services.smvp_update(user=p.segretario, smvp=p.smvp, values={}, pesi={}, fasce_testo="90 100 Eccellente")


def test_the_scale_cannot_drop_below_a_score_already_given_in_an_open_scheda(anno_2018):
    p = anno_2018
    s = services.scheda_create(user=p.segretario, smvp=p.smvp, categoria=p.cat_c, valutatore=p.resp_a,
                               dipendente=p.dipendenti[0])
    comportamento = p.smvp.comportamenti.first()
    PunteggioComportamento.objects.create(scheda=s, comportamento=comportamento, punteggio=4)
    with pytest.raises(DomainError, match="scheda aperta ha già un punteggio di 4"):
        services.smvp_update(user=p.segretario, smvp=p.smvp, values={"scala_max": 3}, pesi={}, fasce_testo="90 100")
    assert Smvp.objects.get(pk=p.smvp.pk).scala_max == 4
    services.smvp_update(user=p.segretario, smvp=p.smvp, values={"scala_max": 5}, pesi={}, fasce_testo="90 100")
    PunteggioComportamento.objects.filter(scheda=s).update(punteggio=3)
    services.smvp_update(user=p.segretario, smvp=p.smvp, values={"scala_max": 3}, pesi={}, fasce_testo="90 100")
    assert Smvp.objects.get(pk=p.smvp.pk).scala_max == 3


def test_smvp_update_refuses_weights_not_adding_to_100_and_changes_nothing(anno_2018):
    p = anno_2018
    with pytest.raises(DomainError, match="100"):
        services.smvp_update(user=p.segretario, smvp=p.smvp, values={"punteggio_minimo": Decimal(70)},
                             pesi={p.eq.pk: {"ente": 10, "area": 10, "obiettivi": 10, "comportamenti": 10}},
                             fasce_testo="90 100")
    assert Smvp.objects.get(pk=p.smvp.pk).punteggio_minimo == Decimal(60)


def test_the_scheda_fills_itself_from_the_approved_version(anno_2018):
    p = anno_2018
    s = services.scheda_create(user=p.segretario, smvp=p.smvp, categoria=p.eq, valutatore=p.nucleo,
                               utente=p.resp_a, atto_sindaco="Decreto n. 1")
    assert s.versione is not None and s.area == p.area_a
    assert Decimal(s.componenti["obiettivi"]) == Decimal(80)
    assert Decimal(s.componenti["area"]) == Decimal(80)
    assert Decimal(s.componenti["ente"]) == Decimal(88)


def test_a_scheda_evaluated_by_the_sindaco_needs_the_act(anno_2018):
    p = anno_2018
    with pytest.raises(DomainError, match="Sindaco"):
        services.scheda_create(user=p.segretario, smvp=p.smvp, categoria=p.eq, valutatore=p.nucleo, utente=p.resp_a)


def test_nobody_evaluates_themselves(anno_2018):
    p = anno_2018
    with pytest.raises(DomainError):
        services.scheda_create(user=p.segretario, smvp=p.smvp, categoria=p.eq, valutatore=p.resp_a,
                               utente=p.resp_a, atto_sindaco="x")


def test_scores_are_refused_from_others_out_of_scale_or_without_a_required_motivation(anno_2018):
    p = anno_2018
    s = services.scheda_create(user=p.segretario, smvp=p.smvp, categoria=p.cat_c, valutatore=p.resp_a,
                               dipendente=p.dipendenti[0])
    c = list(p.smvp.comportamenti.all())
    with pytest.raises(DomainError, match="valutatore"):
        services.scheda_save_scores(user=p.resp_b, scheda=s, punteggi={c[0].pk: (3, "")})
    with pytest.raises(DomainError) as e:
        services.scheda_save_scores(user=p.resp_a, scheda=s, punteggi={c[0].pk: (9, "")})
    assert e.value.field_errors
    obbligatorio = next(x for x in c if x.motivazione_obbligatoria)
    with pytest.raises(DomainError):
        services.scheda_save_scores(user=p.resp_a, scheda=s, punteggi={obbligatorio.pk: (3, " ")})
    assert not s.punteggi.exists()


def test_close_needs_every_behaviour_then_freezes(anno_2018):
    p = anno_2018
    s = services.scheda_create(user=p.segretario, smvp=p.smvp, categoria=p.cat_c, valutatore=p.resp_a,
                               dipendente=p.dipendenti[0])
    c = list(p.smvp.comportamenti.all())
    services.scheda_save_scores(user=p.resp_a, scheda=s, punteggi={c[0].pk: (3, "")})
    with pytest.raises(DomainError, match="tutti"):
        services.scheda_close(user=p.resp_a, scheda=s)
    s = fill_and_close(s, p.resp_a, punteggio=3)
    assert s.stato == "chiusa" and s.dati["punteggio"] == str(s.punteggio)
    assert "×" in s.spiegazione
    with pytest.raises(DomainError, match="chiusa"):
        services.scheda_save_scores(user=p.resp_a, scheda=s, punteggi={c[0].pk: (4, "")})


def test_the_person_accepts_or_asks_a_review_within_the_term(anno_2018):
    p = anno_2018
    s = services.scheda_create(user=p.segretario, smvp=p.smvp, categoria=p.eq, valutatore=p.nucleo,
                               utente=p.resp_a, atto_sindaco="Decreto n. 1")
    s = fill_and_close(s, p.nucleo)
    with pytest.raises(DomainError):
        services.scheda_accept(user=p.resp_b, scheda=s)
    late = date.today() + timedelta(days=p.smvp.giorni_conciliazione + 1)
    with pytest.raises(DomainError, match="scaduto"):
        services.scheda_request_review(user=p.resp_a, scheda=s, motivo="No", oggi=late)
    with pytest.raises(DomainError, match="motivo"):
        services.scheda_request_review(user=p.resp_a, scheda=s, motivo=" ")
    s = services.scheda_request_review(user=p.resp_a, scheda=s, motivo="Obiettivo ostacolato")
    assert s.stato == "revisione"
    with pytest.raises(DomainError):
        services.scheda_accept(user=p.resp_a, scheda=s)
    with pytest.raises(DomainError, match="propria"):
        services.conciliazione_hearing(user=p.resp_a, scheda=s, data=date(2019, 6, 1))
    with pytest.raises(DomainError, match="audizione"):
        services.conciliazione_outcome(user=p.nucleo, scheda=s, esito="confermata", motivazione="x")
    services.conciliazione_hearing(user=p.segretario, scheda=s, data=date(2019, 6, 1))
    s = services.conciliazione_outcome(user=p.nucleo, scheda=s, esito="modificata", motivazione="Ostacolo provato",
                                       punteggio=Decimal(95))
    assert s.stato == "conciliata" and s.punteggio == Decimal(95) and s.dati["punteggio"] == "95"


def test_a_scheda_is_flagged_when_its_version_is_reopened(anno_2018):
    p = anno_2018
    s = services.scheda_create(user=p.segretario, smvp=p.smvp, categoria=p.cat_c, valutatore=p.resp_a,
                               dipendente=p.dipendenti[0])
    assert not s.da_rivedere
    relazioni_services.relazione_reopen(user=p.segretario, relazione=p.relazione, motivazione="Errore")
    s.refresh_from_db()
    s.versione.refresh_from_db()
    assert s.da_rivedere


def test_an_override_is_the_segretario_s_or_the_nucleo_s_with_a_reason(anno_2018):
    p = anno_2018
    s = services.scheda_create(user=p.segretario, smvp=p.smvp, categoria=p.cat_c, valutatore=p.resp_a,
                               dipendente=p.dipendenti[0])
    with pytest.raises(DomainError):
        services.scheda_override(user=p.resp_a, scheda=s, componente="area", valore=Decimal(100), motivazione="x")
    with pytest.raises(DomainError, match="motivazione"):
        services.scheda_override(user=p.nucleo, scheda=s, componente="area", valore=Decimal(100), motivazione="")
    s = services.scheda_override(user=p.nucleo, scheda=s, componente="area", valore=Decimal(100), motivazione="x")
    assert s.rettifiche["area"]["valore"] == "100"


def _staff_closed(p, punteggi):
    schede = []
    for d, v in zip(p.dipendenti, punteggi):
        s = services.scheda_create(user=p.segretario, smvp=p.smvp, categoria=p.cat_c, valutatore=p.resp_a, dipendente=d)
        schede.append(fill_and_close(s, p.resp_a, punteggio=v))
    return schede


def test_no_premio_is_confirmed_before_the_nucleo_validates(anno_2018):
    p = anno_2018
    p.smvp.quota_differenziazione = Decimal(20)
    p.smvp.save()
    _staff_closed(p, [4, 3, 3, 2, 2])
    services.risorse_set(user=p.segretario, categoria=p.cat_c, importo=Decimal(5000))
    with pytest.raises(DomainError, match="validata"):
        services.premi_confirm(user=p.segretario, categoria=p.cat_c, atto="Det. 1")
    validate(p.relazione)
    with pytest.raises(DomainError, match="atto"):
        services.premi_confirm(user=p.segretario, categoria=p.cat_c, atto=" ")
    risorse = services.premi_confirm(user=p.segretario, categoria=p.cat_c, atto="Det. 1")
    assert risorse.distribuito <= Decimal(5000)
    assert Premio.objects.filter(scheda__categoria=p.cat_c).count() == 5
    assert Premio.objects.filter(maggiorazione__gt=0).count() == 1
    with pytest.raises(DomainError, match="confermat"):
        services.risorse_set(user=p.segretario, categoria=p.cat_c, importo=Decimal(1))
    assert VoceValutazione.objects.filter(azione="Premi confermati").exists()


def test_the_differenziazione_must_reach_someone(anno_2018):
    p = anno_2018
    p.smvp.quota_differenziazione = Decimal(20)  # one of five, but the best two are tied
    p.smvp.save()
    _staff_closed(p, [4, 4, 3, 3, 2])
    services.risorse_set(user=p.segretario, categoria=p.cat_c, importo=Decimal(5000))
    validate(p.relazione)
    with pytest.raises(DomainError, match="differenziazione"):
        services.premi_confirm(user=p.segretario, categoria=p.cat_c, atto="Det. 1")


def test_the_segretario_never_confirms_his_own_premio(anno_2018):
    p = anno_2018
    cat = p.smvp.categorie.get(tipo=Categoria.Tipo.SEGRETARIO)
    s = services.scheda_create(user=p.segretario, smvp=p.smvp, categoria=cat, valutatore=p.nucleo,
                               utente=p.segretario, atto_sindaco="Decreto n. 2")
    with pytest.raises(DomainError, match="propria"):
        services.scheda_close(user=p.segretario, scheda=s)
    fill_and_close(s, p.nucleo)
    services.risorse_set(user=p.segretario, categoria=cat, importo=Decimal(2000))
    validate(p.relazione)
    with pytest.raises(DomainError, match="valutato"):
        services.premi_confirm(user=p.segretario, categoria=cat, atto="Det. 2")


def test_a_pending_review_stops_the_confirmation(anno_2018):
    p = anno_2018
    p.smvp.quota_differenziazione = Decimal(20)
    p.smvp.save()
    schede = _staff_closed(p, [4, 3, 3, 2, 2])
    services.scheda_request_review(user=p.resp_a, scheda=schede[0], motivo="Per il dipendente")
    services.risorse_set(user=p.segretario, categoria=p.cat_c, importo=Decimal(5000))
    validate(p.relazione)
    with pytest.raises(DomainError, match="revisione"):
        services.premi_confirm(user=p.segretario, categoria=p.cat_c, atto="Det. 1")
