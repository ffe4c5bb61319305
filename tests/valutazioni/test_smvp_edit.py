"""The Segretario edits a year's SMVP on the site: categories and weights, the catalogue of behaviours.
Every write through the services, all or nothing; a year in use cannot change."""

from decimal import Decimal

import pytest
from django.urls import reverse

from obiettivi.services import DomainError
from tests import builders
from valutazioni import services
from valutazioni.models import Categoria, Comportamento

from .conftest import fill_and_close


def _righe_categorie(smvp, **change):
    righe = [{"id": c.pk, "nome": c.nome, "tipo": c.tipo, "valutatore": c.valutatore, "peso_ente": c.peso_ente,
              "peso_area": c.peso_area, "peso_obiettivi": c.peso_obiettivi,
              "peso_comportamenti": c.peso_comportamenti, "elimina": False} for c in smvp.categorie.all()]
    righe[0].update(change)
    return righe


def _snapshot(smvp):
    return (list(smvp.categorie.values_list("nome", "tipo", "valutatore", "peso_ente", "peso_area",
                                            "peso_obiettivi", "peso_comportamenti", "ordine")),
            list(smvp.comportamenti.values_list("nome", "descrizione", "motivazione_obbligatoria", "ordine")))


def test_categories_are_renamed_reweighted_added_and_removed(anno_2018):
    p = anno_2018
    righe = _righe_categorie(p.smvp, nome="Segretario generale", peso_ente=Decimal(50), peso_comportamenti=Decimal(20))
    righe[-1]["elimina"] = True
    righe.append({"id": None, "nome": "Personale a tempo determinato", "tipo": "personale",
                  "valutatore": "responsabile", "peso_ente": Decimal(0), "peso_area": Decimal(40),
                  "peso_obiettivi": Decimal(0), "peso_comportamenti": Decimal(60), "elimina": False})
    services.smvp_set_categorie(user=p.segretario, smvp=p.smvp, righe=righe)
    nomi = list(p.smvp.categorie.values_list("nome", flat=True))
    assert nomi[0] == "Segretario generale" and nomi[-1] == "Personale a tempo determinato"
    assert "Categoria D" not in nomi
    assert p.smvp.categorie.get(nome="Segretario generale").peso_ente == Decimal(50)


@pytest.mark.parametrize("change,message", [
    ({"peso_ente": Decimal(90)}, "sommare a 100"),
    ({"nome": ""}, "indicare il nome"),
    ({"nome": "Categoria C"}, "stesso nome"),
    ({"tipo": "sindaco"}, "sconosciuto"),
])
def test_a_bad_category_is_refused_and_nothing_changes(anno_2018, change, message):
    p = anno_2018
    before = _snapshot(p.smvp)
    righe = _righe_categorie(p.smvp, **change)
    righe.append({"id": None, "nome": "Nuova", "tipo": "personale", "valutatore": "responsabile",
                  "peso_ente": Decimal(0), "peso_area": Decimal(0), "peso_obiettivi": Decimal(0),
                  "peso_comportamenti": Decimal(100), "elimina": False})
    with pytest.raises(DomainError) as error:
        services.smvp_set_categorie(user=p.segretario, smvp=p.smvp, righe=righe)
    assert message in " ".join([error.value.message, *error.value.field_errors.values()])
    assert _snapshot(p.smvp) == before


def test_a_category_or_behaviour_already_used_is_not_deleted(anno_2018):
    p = anno_2018
    s = services.scheda_create(user=p.segretario, smvp=p.smvp, categoria=p.cat_c, valutatore=p.resp_a,
                               dipendente=p.dipendenti[0])
    comportamento = p.smvp.comportamenti.first()
    services.scheda_save_scores(user=p.resp_a, scheda=s, punteggi={comportamento.pk: (3, "Motivo")})
    righe = [r | {"elimina": r["id"] == p.cat_c.pk} for r in _righe_categorie(p.smvp)]
    with pytest.raises(DomainError) as error:
        services.smvp_set_categorie(user=p.segretario, smvp=p.smvp, righe=righe)
    assert "ha schede" in " ".join(error.value.field_errors.values())
    righe = [{"id": c.pk, "nome": c.nome, "descrizione": c.descrizione, "motivazione_obbligatoria": False,
              "elimina": c.pk == comportamento.pk} for c in p.smvp.comportamenti.all()]
    with pytest.raises(DomainError):
        services.smvp_set_comportamenti(user=p.segretario, smvp=p.smvp, righe=righe)
    assert Categoria.objects.filter(pk=p.cat_c.pk).exists() and Comportamento.objects.filter(pk=comportamento.pk).exists()


def test_a_year_in_use_refuses_every_catalogue_write(anno_2018):
    p = anno_2018
    s = services.scheda_create(user=p.segretario, smvp=p.smvp, categoria=p.cat_c, valutatore=p.resp_a,
                               dipendente=p.dipendenti[0])
    fill_and_close(s, p.resp_a)
    before = _snapshot(p.smvp)
    with pytest.raises(DomainError, match="in uso"):
        services.smvp_set_categorie(user=p.segretario, smvp=p.smvp, righe=_righe_categorie(p.smvp))
    with pytest.raises(DomainError, match="in uso"):
        services.smvp_set_comportamenti(user=p.segretario, smvp=p.smvp, righe=[])
    assert _snapshot(p.smvp) == before


def _formset_data(prefix, rows, extra):
    data = {f"{prefix}-TOTAL_FORMS": str(len(rows) + 1), f"{prefix}-INITIAL_FORMS": str(len(rows)),
            f"{prefix}-MIN_NUM_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "1000"}
    for i, row in enumerate([*rows, extra]):
        for k, v in row.items():
            if v is not None and v is not False:
                data[f"{prefix}-{i}-{k}"] = v
    return data


def _categorie_post(smvp, **first):
    rows = [{"id": c.pk, "nome": c.nome, "tipo": c.tipo, "valutatore": c.valutatore,
             "peso_ente": f"{c.peso_ente:f}".replace(".", ","), "peso_area": f"{c.peso_area:f}".replace(".", ","),
             "peso_obiettivi": f"{c.peso_obiettivi:f}".replace(".", ","),
             "peso_comportamenti": f"{c.peso_comportamenti:f}".replace(".", ",")} for c in smvp.categorie.all()]
    rows[0].update(first)
    return _formset_data("categorie", rows, {"tipo": "", "valutatore": ""})


def test_the_segretario_edits_the_weights_with_italian_decimals_on_the_page(anno_2018, login):
    p = anno_2018
    url = reverse("valutazioni:smvp_categorie", args=[p.ente.slug, 2018])
    client = login(p.segretario)
    assert client.get(url).status_code == 200
    response = client.post(url, _categorie_post(p.smvp, peso_ente="40,5", peso_comportamenti="29,5"))
    assert response.status_code == 302
    assert p.smvp.categorie.first().peso_ente == Decimal("40.5")
    # Weights that do not add to 100: an Italian message, nothing changed.
    response = client.post(url, _categorie_post(p.smvp, peso_ente="99"), follow=True)
    assert "sommare a 100" in response.text
    assert p.smvp.categorie.first().peso_ente == Decimal("40.5")
    # A weight that is not a number: the form says so (400), nothing changed.
    assert client.post(url, _categorie_post(p.smvp, peso_ente="tanto")).status_code == 400


def test_the_segretario_adds_a_behaviour_on_the_page(anno_2018, login):
    p = anno_2018
    url = reverse("valutazioni:smvp_comportamenti", args=[p.ente.slug, 2018])
    rows = [{"id": c.pk, "nome": c.nome, "descrizione": c.descrizione,
             "motivazione_obbligatoria": "on" if c.motivazione_obbligatoria else False}
            for c in p.smvp.comportamenti.all()]
    data = _formset_data("comportamenti", rows, {"nome": "Flessibilità", "descrizione": "Si adatta ai cambiamenti.",
                                                 "motivazione_obbligatoria": "on"})
    assert login(p.segretario).post(url, data).status_code == 302
    nuovo = p.smvp.comportamenti.last()
    assert nuovo.nome == "Flessibilità" and nuovo.motivazione_obbligatoria


@pytest.mark.parametrize("who", ["resp_a", "nucleo", "amministratore", "outsider"])
def test_others_are_refused_the_edit_pages(anno_2018, login, who):
    p = anno_2018
    client = login(getattr(p, who))
    for name in ("valutazioni:smvp_categorie", "valutazioni:smvp_comportamenti"):
        url = reverse(name, args=[p.ente.slug, 2018])
        assert client.get(url).status_code in (403, 404)
        assert client.post(url, _categorie_post(p.smvp, peso_ente="40,5", peso_comportamenti="29,5")).status_code in (
            403, 404)
    assert p.smvp.categorie.first().peso_ente == Decimal(40)


def test_another_ente_s_segretario_is_refused(anno_2018, client):
    p = anno_2018
    other = builders.make_ente(nome="Altro", slug="altro")
    segretario_b = builders.make_user("segretario_altro")
    from obiettivi.models import Ruolo
    builders.give_role(segretario_b, other, Ruolo.Tipo.SEGRETARIO)
    client.force_login(segretario_b)
    assert client.get(reverse("valutazioni:smvp_categorie", args=[p.ente.slug, 2018])).status_code == 404


def test_anonymous_is_sent_to_the_login(anno_2018, client):
    response = client.get(reverse("valutazioni:smvp_categorie", args=[anno_2018.ente.slug, 2018]))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_the_evaluation_pages_write_the_year_without_a_thousands_dot(anno_2018, login):
    # Titles and breadcrumbs sit outside the pages' {% localize off %}: 2018, never «2.018».
    p = anno_2018
    client = login(p.segretario)
    for name in ("schede", "smvp", "smvp_categorie", "smvp_comportamenti", "premi"):
        text = client.get(reverse(f"valutazioni:{name}", args=[p.ente.slug, 2018])).text
        assert "2.018" not in text and "2018" in text, name
