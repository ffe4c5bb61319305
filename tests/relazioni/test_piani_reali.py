"""Real plans in the product and in the Relazione (issue 10): targets and results as written, the
ente's comparison rule, equal weights, non valutabile objectives, contributing areas, kind and data
source of indicators, the direction only where it means something; the snapshot keys of the contract."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from obiettivi import selectors, services
from obiettivi.achievement import Esito
from obiettivi.models import Ente, Fase, Indicatore, Periodo, Target
from opendata import writers
from relazioni.context import relazione_for
from relazioni.pdf import relazione_html
from relazioni.snapshot import context_from_data, relazione_data
from tests import builders

pytestmark = pytest.mark.django_db


def _comparison_objective(personas, *, valore=Decimal(1), testo_risultato=""):
    obiettivo = builders.make_obiettivo(personas.piano, personas.area_a, codice="AMM.1", peso=None,
                                        descrizione="Ridurre i tempi di risposta ai cittadini.",
                                        altri_soggetti="Unione dei Comuni")
    obiettivo.aree_concorrenti.set([personas.area_b])
    indicatore = builders.make_indicatore(obiettivo, nome="Registri attivati", target=None, peso=None,
                                          tipo=Indicatore.Tipo.EFFICIENZA, fonte_dati="Registro di protocollo")
    Target.objects.create(indicatore=indicatore, anno=2018, valore=Decimal(1), confronto="gt", testo="superiore ad 1")
    builders.make_misurazione(indicatore, valore=valore, testo=testo_risultato, causa_scostamento="esterna", motivazione="m")
    si_no = builders.make_indicatore(obiettivo, nome="Regolamento approvato", target=Decimal(1), peso=None,
                                     formula=Indicatore.TipoFormula.SI_NO)
    builders.make_misurazione(si_no, valore=Decimal(1))
    return obiettivo, indicatore


def test_strict_is_strict_and_the_words_appear_as_written(personas):
    obiettivo, indicatore = _comparison_objective(personas, valore=Decimal(1), testo_risultato="n. 1 registro")
    risultato = selectors.obiettivo_result(obiettivo, 2018)
    registri = risultato.indicatori[0]
    assert registri.grado.percent == 0
    assert registri.grado.explanation == "valore 1 non superiore a 1: 0 %"
    # Equal shares: two indicators without weights, one objective without weight in the plan.
    assert [r.peso for r in risultato.indicatori] == [Decimal(50), Decimal(50)]
    assert risultato.peso == Decimal(100)
    assert risultato.grado.percent == 50
    assert risultato.grado.explanation == "Media ponderata di 2 indicatori: (0 % × 50 + 100 % × 50) / 100 = 50 %"


def test_the_proportional_rule_of_the_ente_values_a_missed_comparison(personas):
    Ente.objects.filter(pk=personas.ente.pk).update(regola_confronto="proporzionale")
    personas.piano.ente.refresh_from_db()
    obiettivo, _indicatore = _comparison_objective(personas, valore=Decimal(1))
    risultato = selectors.piano_results(piano=personas.piano, anno=2018).obiettivi[0]
    assert risultato.indicatori[0].grado.percent == Decimal("89.9")
    assert "limitato a 89,9 % perché il target non è raggiunto" in risultato.indicatori[0].grado.explanation


def test_the_relazione_prints_targets_results_and_organisation_as_written(personas):
    _comparison_objective(personas, valore=Decimal(2), testo_risultato="n. 2 registri")
    relazione = relazione_for(personas.ente, 2018)
    html = relazione_html(relazione)
    assert "superiore ad 1" in html and "2 (n. 2 registri)" in html
    assert "Ridurre i tempi di risposta ai cittadini." in html
    assert "Area tecnica" in html and "Unione dei Comuni" in html
    assert "tipo efficienza" in html and "Registro di protocollo" in html
    assert "valore 2 superiore a 1: target raggiunto, 100 %" in html
    # The yes/no indicator is not "crescente"; only one of the two could be, and neither is here.
    assert "Crescente" not in html
    # The open data keep the words beside the numbers, each in its own typed column.
    csv = writers.csv_bytes(relazione_data(relazione)).decode("utf-8-sig")
    assert "superiore ad 1" in csv and "n. 2 registri" in csv


def test_the_snapshot_carries_the_keys_of_the_contract(personas):
    _comparison_objective(personas)
    data = relazione_data(relazione_for(personas.ente, 2018))
    o = data["risultati"]["aree"][0]["obiettivi"][0]
    assert o["obiettivo"]["descrizione"] == "Ridurre i tempi di risposta ai cittadini."
    assert o["obiettivo"]["altri_soggetti"] == "Unione dei Comuni"
    assert o["obiettivo"]["aree_concorrenti"] == [
        {"id": personas.area_b.pk, "codice": personas.area_b.codice, "nome": "Area tecnica"}]
    ri = o["indicatori"][0]
    assert {k: ri["indicatore"][k] for k in ("tipo", "tipo_label", "fonte_dati")} == {
        "tipo": "efficienza", "tipo_label": "Efficienza", "fonte_dati": "Registro di protocollo"}
    assert {k: ri["target"][k] for k in ("confronto", "confronto_label", "testo")} == {
        "confronto": "gt", "confronto_label": "superiore a", "testo": "superiore ad 1"}
    assert ri["consuntivo"]["testo"] == ""
    assert ri["indicatore"]["direzione_label"] == ""  # a comparison carries its own direction
    assert o["indicatori"][1]["indicatore"]["direzione_label"] == ""  # a yes/no has none


def test_an_old_snapshot_without_the_new_keys_still_renders(personas):
    _comparison_objective(personas)
    relazione = relazione_for(personas.ente, 2018)
    data = relazione_data(relazione)
    for area in data["risultati"]["aree"]:
        for o in area["obiettivi"]:
            for key in ("descrizione", "aree_concorrenti", "altri_soggetti"):
                o["obiettivo"].pop(key)
            for ri in o["indicatori"]:
                for key in ("tipo", "tipo_label", "fonte_dati"):
                    ri["indicatore"].pop(key)
                for key in ("confronto", "confronto_label", "testo"):
                    ri["target"].pop(key)
                ri["consuntivo"].pop("testo")
    html = relazione_html(relazione, context_from_data(data))
    assert "Registri attivati" in html and "1 " in html


def test_an_objective_whose_indicators_are_all_non_valutabile_is_non_valutabile(personas):
    obiettivo = builders.make_obiettivo(personas.piano, personas.area_a)
    for nome in ("Uno", "Due"):
        indicatore = builders.make_indicatore(obiettivo, nome=nome)
        services.rettifica_create(user=personas.segretario, anno=2018, motivazione="Dati ISTAT non pubblicati",
                                  indicatore=indicatore, non_valutabile=True)
    risultato = selectors.obiettivo_result(obiettivo, 2018)
    assert risultato.grado.esito == Esito.NON_VALUTABILE
    assert risultato.grado.explanation == "Non valutabile: tutti i 2 indicatori sono non valutabili."


def test_weights_set_for_some_objectives_and_not_others_are_refused(personas):
    builders.make_obiettivo(personas.piano, personas.area_a, peso=Decimal(40))
    senza = builders.make_obiettivo(personas.piano, personas.area_a, peso=None)
    with pytest.raises(ValidationError, match="indichi il peso di tutti oppure di nessuno"):
        senza.full_clean()
    obiettivo = builders.make_obiettivo(personas.piano, personas.area_b, peso=Decimal(60))
    builders.make_indicatore(obiettivo, nome="Con peso", peso=Decimal(50))
    indicatore = Indicatore(obiettivo=obiettivo, nome="Senza peso", peso=None)
    with pytest.raises(ValidationError, match="1 indicatori dell'obiettivo su 2 hanno un peso"):
        indicatore.full_clean()


def test_target_words_fill_in_the_comparison_and_may_not_contradict_the_value(personas):
    obiettivo = builders.make_obiettivo(personas.piano, personas.area_a)
    indicatore = builders.make_indicatore(obiettivo, target=None)
    target = Target(indicatore=indicatore, anno=2018, testo="non oltre 30 giorni")
    target.full_clean()
    assert (target.confronto, target.valore) == ("le", Decimal(30))
    wrong = Target(indicatore=indicatore, anno=2019, testo="almeno 4", valore=Decimal(5))
    with pytest.raises(ValidationError, match="Il testo dice 4, il valore atteso è 5"):
        wrong.full_clean()


def test_a_month_only_phase_reads_as_its_month_and_an_undated_one_is_kept(personas):
    obiettivo = builders.make_obiettivo(personas.piano, personas.area_a)
    marzo = Fase.objects.create(obiettivo=obiettivo, descrizione="Gara", data_inizio=date(2016, 3, 1),
                                data_fine=date(2016, 3, 31), solo_mese=True)
    senza = Fase.objects.create(obiettivo=obiettivo, descrizione="Collaudo")
    assert marzo.periodo_testo == "marzo 2016"
    assert senza.periodo_testo == ""


def test_the_result_words_are_entered_with_the_value_and_shown_on_the_scheda(personas, client):
    builders.open_period(personas.ente, tipo=Periodo.Tipo.CONSUNTIVO)
    obiettivo = builders.make_obiettivo(personas.piano, personas.area_a)
    indicatore = builders.make_indicatore(obiettivo, target=Decimal(4))
    client.force_login(personas.resp_a)
    url = reverse("obiettivi:scheda", args=["lodrino", obiettivo.pk]) + "?anno=2018"
    prefix = f"i{indicatore.pk}-consuntivo"
    response = client.post(url, {f"{prefix}-versione": "0", f"{prefix}-valore": "4", f"{prefix}-testo": "n. 4",
                                 f"{prefix}-nota": "", f"{prefix}-causa_scostamento": "", f"{prefix}-motivazione": "",
                                 "stato-consuntivo-versione": "0", "stato-consuntivo-stato": ""}, follow=True)
    assert response.status_code == 200
    assert indicatore.misurazioni.get().testo == "n. 4"
    assert "4 (n. 4)" in response.content.decode()


def test_the_comparison_rule_is_an_ente_setting(personas, client):
    client.force_login(personas.segretario)
    url = reverse("enti:impostazioni", args=["lodrino"])
    page = client.get(url).content.decode()
    assert "Proporzionale" in page
    data = {"nome": personas.ente.nome, "provincia": "Brescia", "regola_confronto": "proporzionale",
            "pubblicazione_richiede_validazione": "on"}
    client.post(url, data, follow=True)
    assert Ente.objects.get(pk=personas.ente.pk).regola_confronto == "proporzionale"
    client.post(url, {**data, "regola_confronto": "a caso"}, follow=True)
    assert Ente.objects.get(pk=personas.ente.pk).regola_confronto == "proporzionale"
