"""Synthetic plans of any size for the benchmark: 3 indicators an objective, all values for both
periods, built with bulk inserts so that a 1,000-objective plan takes seconds, not minutes."""

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

AREAS = 5
ANNO = 2018
FORMULAS = [
    ("numero", "crescente", "pratiche", Decimal(100)),
    ("numero", "decrescente", "giorni", Decimal(30)),
    ("rapporto", "crescente", "%", Decimal(90)),
]


def build_plan(n_objectives, *, slug="bench"):
    """An ente with AREAS areas, one responsabile each, and n_objectives spread over the areas.

    Returns (ente, piano, segretario, responsabile of the first area).
    """
    User = get_user_model()
    ente = Ente.objects.create(
        nome=f"Comune di Prova {n_objectives}", slug=slug, provincia="Brescia", anno_corrente=ANNO,
        mandato_inizio=2014, mandato_fine=2019,
    )
    segretario = User.objects.create_user(f"{slug}-segretario", password="bench-password-1",
                                          email=f"{slug}-segretario@example.org")
    Ruolo.objects.create(utente=segretario, ente=ente, tipo=Ruolo.Tipo.SEGRETARIO, denominazione="Rossi dott. Mario")
    areas = []
    for i in range(AREAS):
        user = User.objects.create_user(f"{slug}-resp{i}", password="bench-password-1", first_name=f"Resp{i}",
                                        email=f"{slug}-resp{i}@example.org")  # the workbook names people by e-mail
        Ruolo.objects.create(utente=user, ente=ente, tipo=Ruolo.Tipo.RESPONSABILE)
        areas.append(Area.objects.create(ente=ente, nome=f"Area {i + 1}", responsabile=user, ordine=i))
    piano = Piano.objects.create(
        ente=ente, anno_inizio=ANNO, anno_fine=ANNO + 2, numero_atto="07", data_atto=date(ANNO, 1, 30),
        stato=Piano.Stato.APPROVATO,
    )
    for tipo in Periodo.Tipo.values:
        Periodo.objects.create(ente=ente, anno=ANNO, tipo=tipo, aperto=True)

    peso = (Decimal(100) / n_objectives).quantize(Decimal("0.01"))
    obiettivi = Obiettivo.objects.bulk_create(
        Obiettivo(
            piano=piano, codice=f"OB{i:04d}", titolo=f"Obiettivo sintetico numero {i}",
            descrizione="Descrizione dell'obiettivo, con la finalità e il collegamento al DUP.",
            tipo="strategico" if i % 3 == 0 else "mantenimento", area=areas[i % AREAS],
            responsabile=areas[i % AREAS].responsabile, peso=peso, data_inizio=date(ANNO, 1, 1),
            scadenza=date(ANNO, 12, 31), risultato_atteso="Il risultato atteso dell'obiettivo.", ordine=i,
        )
        for i in range(n_objectives)
    )
    indicatori = Indicatore.objects.bulk_create(
        Indicatore(
            obiettivo=o, nome=f"Indicatore {k + 1} di {o.codice}", formula=formula, direzione=direzione,
            unita=unita, peso=Decimal(40) if k == 0 else Decimal(30), ordine=k,
        )
        for o in obiettivi
        for k, (formula, direzione, unita, _target) in enumerate(FORMULAS)
    )
    Target.objects.bulk_create(
        Target(indicatore=ind, anno=ANNO, valore=FORMULAS[ind.ordine][3]) for ind in indicatori
    )
    misurazioni = []
    for n, ind in enumerate(indicatori):
        target = FORMULAS[ind.ordine][3]
        for periodo, share in (("luglio", Decimal("0.5")), ("consuntivo", Decimal("0.8") + Decimal(n % 5) / 10)):
            valore, denominatore = target * share, None
            if ind.formula == "rapporto":
                valore, denominatore = Decimal(90) * share, Decimal(100)
            misurazioni.append(Misurazione(
                indicatore=ind, anno=ANNO, periodo=periodo, valore=valore, denominatore=denominatore,
                nota="Nota del responsabile.",
                causa_scostamento="esterna" if periodo == "consuntivo" else "",
                motivazione="Motivazione dello scostamento." if periodo == "consuntivo" else "",
            ))
    Misurazione.objects.bulk_create(misurazioni, batch_size=2000)
    Monitoraggio.objects.bulk_create(
        Monitoraggio(obiettivo=o, anno=ANNO, periodo="luglio", stato="in_linea" if i % 7 else "in_ritardo",
                     commento="Attività in linea con il cronoprogramma.")
        for i, o in enumerate(obiettivi)
    )
    return ente, piano, segretario, areas[0].responsabile
