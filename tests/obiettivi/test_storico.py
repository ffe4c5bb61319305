"""The Storico of an objective and of an indicator: values, targets, states, periods and overrides,
with who, when, old, new and reason, newest first."""

from datetime import date
from decimal import Decimal

from obiettivi import selectors, services
from obiettivi.models import Periodo
from tests import builders


def test_the_storico_gathers_every_kind_of_change_newest_first(personas, login):
    s = personas.segretario
    obiettivo = builders.make_obiettivo(personas.piano, personas.area_a)
    indicatore = builders.make_indicatore(obiettivo)
    altro = builders.make_obiettivo(personas.piano, personas.area_b)
    periodo = services.periodo_open(user=s, ente=personas.ente, anno=2018, tipo=Periodo.Tipo.LUGLIO,
                                    data_apertura=date(2018, 7, 1), data_chiusura=date(2018, 7, 31))
    services.misurazione_save(user=personas.resp_a, indicatore=indicatore, anno=2018, periodo="luglio",
                              values={"valore": Decimal(3)}, versione_letta=0)
    services.monitoraggio_save(user=personas.resp_a, obiettivo=obiettivo, anno=2018, periodo="luglio",
                               values={"stato": "in_ritardo"}, versione_letta=0)
    services.periodo_close(user=s, periodo=periodo)
    services.variazione_record(user=s, piano=personas.piano, numero_atto="5", data_atto=date(2018, 9, 1), motivazione="m",
                               changes=[services.TargetVariato(indicatore, 2018, valore=Decimal(8))])
    services.rettifica_create(user=s, anno=2018, indicatore=indicatore, percentuale=Decimal(40), motivazione="perché")

    azioni = [v.azione for v in selectors.storico_for(obiettivo=obiettivo)]
    assert azioni == ["Rettifica del grado", "Target variato", "Variazione del Piano", "Chiusura del periodo",
                      "Stato di attuazione", "Valore luglio", "Apertura del periodo"]
    per_indicatore = [v.azione for v in selectors.storico_for(indicatore=indicatore)]
    assert "Stato di attuazione" not in per_indicatore and "Valore luglio" in per_indicatore
    assert not [v for v in selectors.storico_for(obiettivo=altro) if v.obiettivo_id == obiettivo.pk]
    html = login(personas.resp_a).get(obiettivo.get_absolute_url()).content.decode()
    assert "Storico" in html and "perché" in html and "Chiusura del periodo" in html


def test_a_target_set_up_in_the_admin_goes_into_the_storico(personas, client):
    from decimal import Decimal

    from obiettivi.models import Target, VoceStorico
    from tests import builders

    obiettivo = builders.make_obiettivo(personas.piano, personas.area_a)
    indicatore = builders.make_indicatore(obiettivo, target=Decimal(10))
    target = Target.objects.get(indicatore=indicatore)
    admin = builders.make_user("capo")
    admin.is_staff = admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    response = client.post(f"/admin/obiettivi/indicatore/{indicatore.pk}/change/", {
        "obiettivo": obiettivo.pk, "nome": indicatore.nome, "tipo": "efficacia", "formula": "numero", "unita": "",
        "direzione": "crescente", "fonte_dati": "", "baseline": "", "peso": "100", "ordine": "0",
        "target-TOTAL_FORMS": "1", "target-INITIAL_FORMS": "1", "target-MIN_NUM_FORMS": "0", "target-MAX_NUM_FORMS": "1000",
        "target-0-id": target.pk, "target-0-indicatore": indicatore.pk, "target-0-anno": "2018", "target-0-valore": "12,5",
        "target-0-data_scadenza": "", "target-0-variazione": "",
    })
    assert response.status_code == 302
    voce = VoceStorico.objects.get(indicatore=indicatore, azione="Target")
    assert (voce.valore_precedente, voce.valore_nuovo, voce.utente) == ("10", "12,5", admin)


def test_the_storico_shows_labels_not_internal_codes(personas, login):
    """«In ritardo» and «Causa interna», as the forms offer them, both for new rows and for rows
    recorded with the internal code before."""
    from obiettivi.models import VoceStorico

    obiettivo = builders.make_obiettivo(personas.piano, personas.area_a)
    indicatore = builders.make_indicatore(obiettivo, target=Decimal(10))
    builders.open_period(personas.ente, tipo=Periodo.Tipo.LUGLIO)
    builders.open_period(personas.ente, tipo=Periodo.Tipo.CONSUNTIVO)
    services.monitoraggio_save(user=personas.resp_a, obiettivo=obiettivo, anno=2018, periodo="luglio",
                               values={"stato": "in_ritardo"}, versione_letta=0)
    services.misurazione_save(user=personas.resp_a, indicatore=indicatore, anno=2018, periodo="consuntivo",
                              values={"valore": Decimal(3), "causa_scostamento": "interna", "motivazione": "m"},
                              versione_letta=0)
    assert VoceStorico.objects.filter(valore_nuovo="In ritardo").exists()
    assert VoceStorico.objects.filter(valore_nuovo="Causa interna").exists()
    services.log_change(ente_id=personas.ente.pk, utente=personas.resp_a, azione="Stato di attuazione",
                        obiettivo=obiettivo, anno=2018, campo="stato di attuazione", prima="in_linea", dopo="critico")

    html = login(personas.resp_a).get(obiettivo.get_absolute_url()).content.decode()
    storico = html[html.index('class="storico'):]
    assert "In ritardo" in storico and "Causa interna" in storico and "In linea" in storico and "Critico" in storico
    for code in ("in_ritardo", "in_linea", ">interna<", ">critico<"):
        assert code not in storico
