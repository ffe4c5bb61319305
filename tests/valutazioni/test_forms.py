"""The forms of the evaluation that list the ente's people and categories."""

import pytest

from valutazioni import selectors, services
from valutazioni.forms import SchedaNuovaForm

pytestmark = pytest.mark.django_db


def test_the_new_scheda_form_shows_the_people_and_categories_it_has_read_without_reading_them_again(
        personas, django_assert_num_queries):
    services.smvp_create(user=personas.segretario, ente=personas.ente, anno=2018)
    smvp = selectors.smvp_of(personas.ente, 2018)  # its categories prefetched, as the page reads it
    form = SchedaNuovaForm(ente=personas.ente, smvp=smvp)
    with django_assert_num_queries(0):
        html = str(form["valutatore"]) + str(form["categoria"])
    assert f">{personas.segretario.username}<" in html and f">{personas.resp_a.username}<" in html
    assert all(f'value="{c.pk}"' in html for c in smvp.categorie.all())


def test_the_new_scheda_form_still_checks_a_submitted_evaluator_against_the_ente(personas):
    services.smvp_create(user=personas.segretario, ente=personas.ente, anno=2018)
    smvp = selectors.smvp_of(personas.ente, 2018)
    categoria = smvp.categorie.first()
    data = {"persona": f"u{personas.resp_a.pk}", "categoria": categoria.pk, "valutatore": personas.outsider.pk}
    form = SchedaNuovaForm(data, ente=personas.ente, smvp=smvp)
    assert not form.is_valid() and "valutatore" in form.errors
    form = SchedaNuovaForm(data | {"valutatore": personas.nucleo.pk}, ente=personas.ente, smvp=smvp)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["valutatore"] == personas.nucleo and form.cleaned_data["categoria"] == categoria
