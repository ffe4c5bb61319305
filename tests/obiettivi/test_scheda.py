"""The objective page: who sees it, who edits it, and what a save does."""

import html
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from obiettivi import services
from obiettivi.models import Indicatore, Misurazione, Monitoraggio, Periodo, VoceStorico
from tests import builders

pytestmark = pytest.mark.django_db

LUGLIO, CONSUNTIVO = "luglio", "consuntivo"


@pytest.fixture
def obiettivo_a(personas):
    obiettivo = builders.make_obiettivo(personas.piano, personas.area_a, codice="A.1", titolo="Protocollo digitale")
    builders.make_indicatore(obiettivo, nome="Pratiche evase", target=Decimal(10))
    builders.open_period(personas.ente, tipo=Periodo.Tipo.LUGLIO)
    builders.open_period(personas.ente, tipo=Periodo.Tipo.CONSUNTIVO)
    return obiettivo


def url(obiettivo, anno=2018):
    return f"{reverse('obiettivi:scheda', args=["lodrino", obiettivo.pk])}?anno={anno}"


def form_data(obiettivo, **values):
    """The POST of the page as a browser sends it: every field, versions as read."""
    data = {}
    for indicatore in obiettivo.indicatori.all():
        for periodo in (LUGLIO, CONSUNTIVO):
            prefix = f"i{indicatore.pk}-{periodo}"
            stored = Misurazione.objects.filter(indicatore=indicatore, anno=2018, periodo=periodo).first()
            data[f"{prefix}-versione"] = stored.versione if stored else 0
            data[f"{prefix}-valore"] = ""
            data[f"{prefix}-nota"] = ""
            if periodo == CONSUNTIVO:
                data[f"{prefix}-causa_scostamento"] = ""
                data[f"{prefix}-motivazione"] = ""
    for periodo in (LUGLIO, CONSUNTIVO):
        stato = Monitoraggio.objects.filter(obiettivo=obiettivo, anno=2018, periodo=periodo).first()
        data.update({f"stato-{periodo}-versione": stato.versione if stato else 0, f"stato-{periodo}-stato": "",
                     f"stato-{periodo}-commento": "", f"stato-{periodo}-azioni_correttive": ""})
    data.update(values)
    return data


def hidden_initials(page, data):
    """Add the "initial-" inputs the page rendered (the values the user saw) to a POST."""
    for name, value in re.findall(r'<input type="hidden" name="(initial-[^"]+)" value="([^"]*)"', page):
        data[name] = html.unescape(value)
    for name in re.findall(r'<input type="hidden" name="(initial-[^"]+)" id=', page):
        data.setdefault(name, "")
    return data


def field(obiettivo, periodo, name, indicatore=None):
    indicatore = indicatore or obiettivo.indicatori.get()
    return f"i{indicatore.pk}-{periodo}-{name}"


def test_the_responsabile_saves_an_italian_value_and_sees_its_grado_and_how_it_was_obtained(personas, obiettivo_a, login):
    client = login(personas.resp_a)
    response = client.post(url(obiettivo_a), form_data(obiettivo_a, **{
        field(obiettivo_a, CONSUNTIVO, "valore"): "12,5", field(obiettivo_a, CONSUNTIVO, "nota"): "Determina n. 45",
    }))
    assert response.status_code == 302
    misurazione = Misurazione.objects.get(periodo=CONSUNTIVO)
    assert misurazione.valore == Decimal("12.5")
    assert misurazione.aggiornato_da == personas.resp_a
    page = client.get(url(obiettivo_a)).text
    assert "12,5" in page
    assert "12,5 su un target di 10, crescente: target raggiunto, 100 %" in page
    assert "Valori salvati." in page


def test_the_july_status_and_comment_are_saved_with_the_values(personas, obiettivo_a, login):
    client = login(personas.resp_a)
    client.post(url(obiettivo_a), form_data(obiettivo_a, **{
        "stato-luglio-stato": "in_ritardo", "stato-luglio-commento": "Gara deserta",
        "stato-luglio-azioni_correttive": "Nuova gara a settembre",
    }))
    stato = Monitoraggio.objects.get(obiettivo=obiettivo_a, periodo=LUGLIO)
    assert (stato.stato, stato.commento, stato.azioni_correttive) == ("in_ritardo", "Gara deserta", "Nuova gara a settembre")


def test_a_missed_year_end_target_without_motivazione_is_refused_and_nothing_is_saved(personas, obiettivo_a, login):
    client = login(personas.resp_a)
    response = client.post(url(obiettivo_a), form_data(obiettivo_a, **{
        field(obiettivo_a, LUGLIO, "valore"): "4", field(obiettivo_a, CONSUNTIVO, "valore"): "7,5",
    }))
    assert response.status_code == 400
    assert "la motivazione dello scostamento è obbligatoria" in response.text
    assert 'value="7,5"' in response.text  # what was typed is still there
    assert not Misurazione.objects.exists()  # not even the valid July value: all or nothing
    ok = client.post(url(obiettivo_a), form_data(obiettivo_a, **{
        field(obiettivo_a, CONSUNTIVO, "valore"): "7,5", field(obiettivo_a, CONSUNTIVO, "causa_scostamento"): "esterna",
        field(obiettivo_a, CONSUNTIVO, "motivazione"): "Alluvione di ottobre",
    }))
    assert ok.status_code == 302
    assert Misurazione.objects.get().motivazione == "Alluvione di ottobre"


def test_a_wrong_number_gets_a_message_next_to_the_field_and_nothing_is_lost(personas, obiettivo_a, login):
    client = login(personas.resp_a)
    response = client.post(url(obiettivo_a), form_data(obiettivo_a, **{
        field(obiettivo_a, LUGLIO, "valore"): "dodici", field(obiettivo_a, LUGLIO, "nota"): "nota da non perdere",
    }))
    assert response.status_code == 400
    assert "Inserisca un numero, ad esempio 12,5" in response.text
    assert "nota da non perdere" in response.text
    assert 'value="dodici"' in response.text
    assert not Misurazione.objects.exists()


def test_every_change_is_kept_in_the_storico_with_old_and_new_value(personas, obiettivo_a, login):
    client = login(personas.resp_a)
    client.post(url(obiettivo_a), form_data(obiettivo_a, **{field(obiettivo_a, LUGLIO, "valore"): "4"}))
    client.post(url(obiettivo_a), form_data(obiettivo_a, **{field(obiettivo_a, LUGLIO, "valore"): "5,5"}))
    voce = VoceStorico.objects.filter(indicatore__obiettivo=obiettivo_a).order_by("-id").first()
    assert (voce.valore_precedente, voce.valore_nuovo, voce.utente) == ("4", "5,5", personas.resp_a)
    page = client.get(url(obiettivo_a)).text
    assert "Storico" in page and "5,5" in page


def test_a_second_user_saving_a_value_changed_meanwhile_is_told_and_sees_both(personas, obiettivo_a, login):
    opened_by_b = form_data(obiettivo_a)  # the Segretario opens the page: nothing stored yet
    client = login(personas.resp_a)
    client.post(url(obiettivo_a), form_data(obiettivo_a, **{field(obiettivo_a, LUGLIO, "valore"): "4"}))
    client = login(personas.segretario)
    opened_by_b[field(obiettivo_a, LUGLIO, "valore")] = "6"
    response = client.post(url(obiettivo_a), opened_by_b)
    assert response.status_code == 400
    assert "Nel frattempo" in response.text
    assert "<strong>4</strong>" in response.text and 'value="6"' in response.text
    assert Misurazione.objects.get().valore == Decimal(4)  # nothing silently overwritten
    # Saving again, now knowingly, replaces it.
    resubmit = dict(opened_by_b, **{field(obiettivo_a, LUGLIO, "versione"): 1})
    assert client.post(url(obiettivo_a), resubmit).status_code == 302
    assert Misurazione.objects.get().valore == Decimal(6)


def test_a_july_status_changed_meanwhile_is_not_overwritten_and_both_are_shown(personas, obiettivo_a, login):
    opened_by_a = form_data(obiettivo_a)
    login(personas.segretario).post(url(obiettivo_a), form_data(obiettivo_a, **{
        "stato-luglio-stato": "critico", "stato-luglio-commento": "Fondi bloccati"}))
    opened_by_a.update({"stato-luglio-stato": "in_linea", "stato-luglio-commento": "Tutto bene"})
    response = login(personas.resp_a).post(url(obiettivo_a), opened_by_a)
    assert response.status_code == 400
    assert "Stato attuale:" in response.text and "Fondi bloccati" in response.text
    assert "Tutto bene" in response.text  # what this user typed is still in the form
    assert response.text.count("Nel frattempo") == 1  # one clear notice, not two
    assert Monitoraggio.objects.get(periodo=LUGLIO).stato == "critico"


def test_a_responsabile_cannot_see_nor_change_another_areas_objective(personas, obiettivo_a, login):
    client = login(personas.resp_b)
    assert client.get(url(obiettivo_a)).status_code == 404
    response = client.post(url(obiettivo_a), form_data(obiettivo_a, **{field(obiettivo_a, LUGLIO, "valore"): "99"}))
    assert response.status_code == 404
    assert not Misurazione.objects.exists()


def test_an_indicator_of_another_objective_forged_into_ones_own_form_is_refused(personas, obiettivo_a, login):
    altrui = builders.make_obiettivo(personas.piano, personas.area_b, codice="B.1")
    indicatore_b = builders.make_indicatore(altrui, nome="Altrui")
    client = login(personas.resp_a)
    data = form_data(obiettivo_a, **{
        field(obiettivo_a, LUGLIO, "valore"): "5",
        f"i{indicatore_b.pk}-luglio-valore": "99", f"i{indicatore_b.pk}-luglio-versione": 0,
    })
    assert client.post(url(obiettivo_a), data).status_code == 404
    assert not Misurazione.objects.exists()  # neither the forged row nor the own one


def test_a_row_the_user_did_not_touch_is_left_alone_when_another_user_saved_it_meanwhile(personas, obiettivo_a, login):
    """Both open the page; the Segretario saves indicator 1; the responsabile then saves indicator 2
    without touching indicator 1: no conflict, and the Segretario's value stays."""
    secondo = builders.make_indicatore(obiettivo_a, nome="Secondo indicatore")
    primo = obiettivo_a.indicatori.exclude(pk=secondo.pk).get()
    page = login(personas.resp_a).get(url(obiettivo_a)).text
    opened_by_a = hidden_initials(page, form_data(obiettivo_a))
    login(personas.segretario).post(url(obiettivo_a), form_data(obiettivo_a, **{field(obiettivo_a, LUGLIO, "valore", primo): "8"}))
    opened_by_a[field(obiettivo_a, LUGLIO, "valore", secondo)] = "3"
    response = login(personas.resp_a).post(url(obiettivo_a), opened_by_a)
    assert response.status_code == 302
    assert Misurazione.objects.get(indicatore=primo).valore == Decimal(8)
    assert Misurazione.objects.get(indicatore=secondo).valore == Decimal(3)


def test_a_stored_yes_is_shown_selected_and_survives_a_save_of_the_note(personas, login):
    obiettivo = builders.make_obiettivo(personas.piano, personas.area_a)
    indicatore = builders.make_indicatore(obiettivo, formula=Indicatore.TipoFormula.SI_NO, target=Decimal(1))
    builders.open_period(personas.ente, tipo=Periodo.Tipo.CONSUNTIVO)
    builders.make_misurazione(indicatore, valore=Decimal(1), versione=1)
    client = login(personas.resp_a)
    page = client.get(url(obiettivo)).text
    assert '<option value="1" selected>Sì</option>' in page
    prefix = f"i{indicatore.pk}-consuntivo"
    data = {f"{prefix}-versione": 1, f"{prefix}-valore": "1", f"initial-{prefix}-valore": "1",
            f"{prefix}-nota": "Delibera G.C. n. 12", f"{prefix}-causa_scostamento": "", f"{prefix}-motivazione": "", "stato-consuntivo-versione": 0}
    assert client.post(url(obiettivo), data).status_code == 302
    misurazione = Misurazione.objects.get()
    assert (misurazione.valore, misurazione.nota) == (Decimal(1), "Delibera G.C. n. 12")


def test_saving_an_unchanged_page_writes_nothing_and_says_so(personas, obiettivo_a, login):
    builders.make_misurazione(obiettivo_a.indicatori.get(), periodo=LUGLIO, valore=Decimal(4), versione=1)
    client = login(personas.resp_a)
    data = hidden_initials(client.get(url(obiettivo_a)).text, form_data(obiettivo_a))
    data[field(obiettivo_a, LUGLIO, "valore")] = "4"
    response = client.post(url(obiettivo_a), data, follow=True)
    assert "non c&#x27;era nulla da salvare" in response.text
    assert Misurazione.objects.get().versione == 1
    assert not VoceStorico.objects.exists()


def test_the_nucleo_reads_every_objective_but_edits_none(personas, obiettivo_a, login):
    client = login(personas.nucleo)
    page = client.get(url(obiettivo_a))
    assert page.status_code == 200
    assert "Salva i valori" not in page.text
    response = client.post(url(obiettivo_a), form_data(obiettivo_a, **{field(obiettivo_a, LUGLIO, "valore"): "1"}))
    assert response.status_code == 403
    assert not Misurazione.objects.exists()


def test_the_storico_of_a_year_lists_that_years_ente_wide_events_only(personas, obiettivo_a, login):
    services.log_change(ente_id=personas.ente.pk, utente=personas.segretario, azione="Periodo riaperto", anno=2018)
    services.log_change(ente_id=personas.ente.pk, utente=personas.segretario, azione="Relazione approvata", anno=2019)
    page = login(personas.resp_a).get(url(obiettivo_a, anno=2018)).text
    assert "Periodo riaperto" in page and "Relazione approvata" not in page


def test_le_mie_schede_counts_the_values_entered_in_the_open_period(personas, login):
    builders.open_period(personas.ente, tipo=Periodo.Tipo.LUGLIO)
    obiettivo = builders.make_obiettivo(personas.piano, personas.area_a, titolo="Tre indicatori")
    indicatori = [builders.make_indicatore(obiettivo, nome=f"Ind {k}") for k in range(3)]
    builders.make_misurazione(indicatori[0], periodo=LUGLIO, valore=Decimal(4))
    builders.make_misurazione(indicatori[1], periodo=CONSUNTIVO, valore=Decimal(4))
    page = login(personas.resp_a).get(reverse("obiettivi:mie_schede", args=["lodrino"]) + "?anno=2018").text
    assert "Valori di luglio inseriti" in page and "Valori di fine anno inseriti" not in page
    assert "1 di 3" in page and "2 mancanti" in page
    assert "Area amministrativa" in page  # grouped under its area


def test_someone_without_a_role_in_the_ente_gets_a_404(personas, obiettivo_a, login):
    assert login(personas.outsider).get(url(obiettivo_a)).status_code == 404


def test_anonymous_visitors_are_sent_to_the_login(client, obiettivo_a):
    response = client.get(url(obiettivo_a))
    assert response.status_code == 302 and response.headers["Location"].startswith("/accesso/")
    response = client.post(url(obiettivo_a), {})
    assert response.status_code == 302 and not Misurazione.objects.exists()


def test_wrong_methods_are_refused(personas, obiettivo_a, login):
    client = login(personas.resp_a)
    assert client.put(url(obiettivo_a)).status_code == 405
    assert client.delete(url(obiettivo_a)).status_code == 405
    assert client.post(reverse("obiettivi:mie_schede", args=["lodrino"])).status_code == 405


def test_a_year_outside_the_plan_is_a_404(personas, obiettivo_a, login):
    assert login(personas.resp_a).get(url(obiettivo_a, anno=2031)).status_code == 404


def test_le_mie_schede_lists_only_the_responsabiles_own_objectives(personas, obiettivo_a, login):
    builders.make_obiettivo(personas.piano, personas.area_b, codice="B.7", titolo="Obiettivo di altri")
    page = login(personas.resp_a).get(reverse("obiettivi:mie_schede", args=["lodrino"]) + "?anno=2018").text
    assert "Protocollo digitale" in page
    assert "Obiettivo di altri" not in page
    segretario = login(personas.segretario).get(reverse("obiettivi:mie_schede", args=["lodrino"]) + "?anno=2018").text
    assert "Protocollo digitale" in segretario and "Obiettivo di altri" in segretario


def test_after_login_a_responsabile_lands_on_le_mie_schede(personas, client):
    response = client.post("/accesso/", {"username": "resp_a", "password": builders.PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("obiettivi:mie_schede", args=["lodrino"])


def test_formula_kinds_get_their_own_fields(personas, obiettivo_a, login):
    builders.make_indicatore(obiettivo_a, nome="Rapporto", formula=Indicatore.TipoFormula.RAPPORTO, unita="%", target=Decimal(90))
    builders.make_indicatore(obiettivo_a, nome="Fatto?", formula=Indicatore.TipoFormula.SI_NO, target=Decimal(1))
    page = login(personas.resp_a).get(url(obiettivo_a)).text
    assert "Numeratore" in page and "Denominatore" in page
    assert "Realizzato" in page and ">Sì<" in page


def test_a_post_when_no_period_is_open_is_refused_with_a_message(personas, login):
    obiettivo = builders.make_obiettivo(personas.piano, personas.area_a)
    indicatore = builders.make_indicatore(obiettivo)
    response = login(personas.resp_a).post(url(obiettivo), {f"i{indicatore.pk}-luglio-valore": "5", f"i{indicatore.pk}-luglio-versione": 0})
    assert response.status_code == 400
    assert "Nessun periodo è aperto" in response.text
    assert not Misurazione.objects.exists()


def test_the_year_end_status_is_saved_too_for_the_dashboard(personas, obiettivo_a, login):
    data = form_data(obiettivo_a, **{"stato-consuntivo-versione": 0, "stato-consuntivo-stato": "critico",
                                     "stato-consuntivo-commento": "Fondi non arrivati", "stato-consuntivo-azioni_correttive": ""})
    assert login(personas.resp_a).post(url(obiettivo_a), data).status_code == 302
    stato = Monitoraggio.objects.get(obiettivo=obiettivo_a, periodo=CONSUNTIVO)
    assert (stato.stato, stato.commento) == ("critico", "Fondi non arrivati")


def test_the_indicator_page_shows_every_year_and_its_storico_to_whoever_sees_the_objective(personas, obiettivo_a, login):
    indicatore = obiettivo_a.indicatori.get()
    client = login(personas.resp_a)
    client.post(url(obiettivo_a), form_data(obiettivo_a, **{field(obiettivo_a, LUGLIO, "valore"): "4"}))
    page = client.get(reverse("obiettivi:indicatore", args=["lodrino", indicatore.pk]))
    assert page.status_code == 200
    assert "Target e valori per anno" in page.text and "Storico" in page.text and ">2020<" in page.text
    assert login(personas.resp_b).get(reverse("obiettivi:indicatore", args=["lodrino", indicatore.pk])).status_code == 404
    assert login(personas.resp_a).post(reverse("obiettivi:indicatore", args=["lodrino", indicatore.pk])).status_code == 405


def test_the_july_grado_says_it_is_against_the_years_target(personas, obiettivo_a, login):
    """So that «a luglio 0 %, in linea» does not read as a contradiction."""
    text = login(personas.resp_a).get(url(obiettivo_a)).content.decode()
    assert "Il valore di luglio rispetto al target dell'intero anno." in text
    assert "Il grado a luglio confronta il valore rilevato a luglio con il target dell'intero anno" in text
