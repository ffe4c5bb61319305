"""Small builders with good defaults: a test names only what it is about."""

import itertools
from datetime import date
from decimal import Decimal

from django.contrib.auth import get_user_model

from obiettivi.models import (
    Area,
    Ente,
    Indicatore,
    Misurazione,
    Monitoraggio,
    Obiettivo,
    Periodo,
    Piano,
    Ruolo,
    Target,
)

PASSWORD = "password-di-prova-123"
_seq = itertools.count(1)


def make_user(username=None, *, first_name="", last_name="", email=None):
    username = username or f"utente{next(_seq)}"
    return get_user_model().objects.create_user(
        username=username, password=PASSWORD, first_name=first_name, last_name=last_name,
        email=email if email is not None else f"{username}@example.org",
    )


# The footer links every PA site needs, without which nothing is published (relazioni.services).
SITE_LINKS = {"url_accessibilita": "https://form.agid.gov.it/view/prova", "url_privacy": "https://example.org/privacy/",
              "url_note_legali": "https://example.org/note-legali/"}


def make_ente(*, nome="Comune di Prova", slug=None, anno_corrente=2018, **fields):
    fields = {**SITE_LINKS, **fields}
    return Ente.objects.create(
        nome=nome, slug=slug or f"comune-{next(_seq)}", provincia="Brescia", anno_corrente=anno_corrente, **fields
    )


def give_role(user, ente, tipo, denominazione=""):
    return Ruolo.objects.create(utente=user, ente=ente, tipo=tipo, denominazione=denominazione)


def make_area(ente, *, nome=None, responsabile=None, ordine=0):
    area = Area.objects.create(ente=ente, nome=nome or f"Area {next(_seq)}", responsabile=responsabile, ordine=ordine)
    if responsabile is not None:
        Ruolo.objects.get_or_create(utente=responsabile, ente=ente, tipo=Ruolo.Tipo.RESPONSABILE)
    return area


def make_piano(ente, *, anno_inizio=2018, anno_fine=2020, numero_atto="07", data_atto=date(2018, 1, 30), **fields):
    return Piano.objects.create(
        ente=ente, anno_inizio=anno_inizio, anno_fine=anno_fine, numero_atto=numero_atto, data_atto=data_atto,
        stato=Piano.Stato.APPROVATO, **fields,
    )


def make_obiettivo(piano, area, *, codice=None, responsabile=None, peso=Decimal(10), **fields):
    fields.setdefault("titolo", "Obiettivo di prova")
    return Obiettivo.objects.create(
        piano=piano, area=area, codice=codice or f"OB{next(_seq)}",
        responsabile=responsabile or area.responsabile, peso=peso, **fields,
    )


def make_indicatore(obiettivo, *, nome="Pratiche evase", target=Decimal(10), anno=2018, peso=Decimal(100), **fields):
    indicatore = Indicatore.objects.create(obiettivo=obiettivo, nome=nome, peso=peso, **fields)
    if target is not None or fields.get("formula") == Indicatore.TipoFormula.SCADENZA:
        Target.objects.create(
            indicatore=indicatore, anno=anno, valore=target if not isinstance(target, date) else None,
            data_scadenza=target if isinstance(target, date) else None,
        )
    return indicatore


def make_misurazione(indicatore, *, anno=2018, periodo=Misurazione.Periodo.CONSUNTIVO, valore=None, **fields):
    return Misurazione.objects.create(indicatore=indicatore, anno=anno, periodo=periodo, valore=valore, **fields)


def make_monitoraggio(obiettivo, *, anno=2018, periodo=Misurazione.Periodo.LUGLIO, stato=Monitoraggio.Stato.IN_LINEA, **fields):
    return Monitoraggio.objects.create(obiettivo=obiettivo, anno=anno, periodo=periodo, stato=stato, **fields)


def open_period(ente, *, anno=2018, tipo=Periodo.Tipo.CONSUNTIVO, aperto=True, **fields):
    periodo, _ = Periodo.objects.update_or_create(
        ente=ente, anno=anno, tipo=tipo, defaults={"aperto": aperto, **fields}
    )
    return periodo


def make_objectives(piano, areas, n, *, n_indicators=3, anno=2018):
    """n objectives spread over the areas, each with n_indicators indicators, their target, both
    periods' values (the year-end one missed, with its motivazione) and a July monitoring: a plan of
    a given size for the tests that compare pages at 3 and at 60 objectives."""
    obiettivi = []
    for i in range(n):
        area = areas[i % len(areas)]
        obiettivo = make_obiettivo(piano, area, titolo=f"Obiettivo {i}")
        for k in range(n_indicators):
            indicatore = make_indicatore(obiettivo, nome=f"Indicatore {k}", target=Decimal(10), anno=anno)
            make_misurazione(indicatore, anno=anno, periodo=Misurazione.Periodo.LUGLIO, valore=Decimal(4))
            make_misurazione(indicatore, anno=anno, valore=Decimal(8), causa_scostamento="esterna",
                             motivazione="Scostamento dovuto a cause esterne")
        make_monitoraggio(obiettivo, anno=anno)
        obiettivi.append(obiettivo)
    return obiettivi
