"""Loads the Lodrino demo. Idempotent: running it again leaves the same data."""

from datetime import date, datetime, time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from obiettivi import catalogo, demo
from obiettivi.models import (
    Area,
    Ente,
    Fase,
    Indicatore,
    Misurazione,
    Monitoraggio,
    Obiettivo,
    ObiettivoStrategico,
    Periodo,
    Piano,
    Programma,
    Ruolo,
    Target,
)

MANAGERS_GROUP = "Gestione del ciclo della performance"


class Command(BaseCommand):
    help = "Carica la demo del Comune di Lodrino (Piano della Performance 2018-2020 e valori 2018)."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Esegue anche con DEBUG disattivato.")

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "La demo crea utenti con una password nota: con DEBUG disattivato serve --force."
            )
        refuse_if_frozen()
        with transaction.atomic():
            ente = load_demo()
        # After the commit: approving renders the PDF once the data are stored.
        load_demo_relazioni(ente)
        from valutazioni.demo import load_demo_valutazioni

        load_demo_valutazioni(ente)
        self.stdout.write(self.style.SUCCESS(f"Demo caricata: {ente.nome}, {ente.piani.first()}."))
        self.stdout.write(f"Utenti (password «{demo.DEMO_PASSWORD}»): " + ", ".join(demo_usernames()))


def refuse_if_frozen():
    """The demo rewrites its ente's plan and values: a year whose Relazione is approved is a public
    act and is never rewritten. The demo's own 2018, approved once at its own date and never
    reopened, is left as the demo froze it (nothing can have changed it since), so a second run is
    allowed; any other approval stops the command before it writes anything."""
    from relazioni.models import Relazione

    approvate = (
        Relazione.objects.filter(ente__slug=demo.ENTE["slug"]).exclude(stato=Relazione.Stato.BOZZA)
        .select_related("ente").order_by("anno")
    )
    for relazione in approvate:
        if relazione.anno == 2018 and relazione.approvata_il == demo.RELAZIONE_2018["approvata_il"] \
                and relazione.versioni.count() == 1:
            continue
        raise CommandError(
            f"La Relazione sulla Performance {relazione.anno} del {relazione.ente.nome} è approvata: la demo non "
            "riscrive un anno chiuso e non ha cambiato nulla. Per caricare la demo usi un database vuoto."
        )


def demo_usernames():
    return [demo.SEGRETARIO[0], demo.NUCLEO[0], demo.ADMIN[0], *(resp[0] for _, _, resp in demo.AREE)]


def _user(username, first_name, last_name):
    # No staff flag, superuser or group: what a person may do follows from their roles (obiettivi/auth.py).
    user, _ = get_user_model().objects.update_or_create(
        username=username,
        defaults={
            "first_name": first_name, "last_name": last_name, "email": f"{username}@comune.lodrino.bs.it",
            "is_staff": False, "is_superuser": False, "is_active": True,
        },
    )
    user.groups.clear()
    user.set_password(demo.DEMO_PASSWORD)
    user.save(update_fields=["password"])
    return user


def load_demo():
    ente, _ = Ente.objects.update_or_create(slug=demo.ENTE["slug"], defaults=demo.ENTE)
    Group.objects.filter(name=MANAGERS_GROUP).delete()  # what earlier versions of the demo created

    username, first, last, firma = demo.SEGRETARIO
    segretario = _user(username, first, last)
    Ruolo.objects.update_or_create(utente=segretario, ente=ente, tipo=Ruolo.Tipo.SEGRETARIO, defaults={"denominazione": firma})
    username, first, last, firma = demo.NUCLEO
    nucleo = _user(username, first, last)
    Ruolo.objects.update_or_create(utente=nucleo, ente=ente, tipo=Ruolo.Tipo.NUCLEO, defaults={"denominazione": firma})
    username, first, last, _firma = demo.ADMIN
    # The ente's amministratore is a role in Lodrino, not the installation's superuser (who would see
    # every ente); like the Segretario's, its access to the admin comes from the role.
    admin = _user(username, first, last)
    Ruolo.objects.update_or_create(utente=admin, ente=ente, tipo=Ruolo.Tipo.AMMINISTRATORE)

    aree = {}
    for ordine, (codice, nome, (username, first, last, firma)) in enumerate(demo.AREE, start=1):
        responsabile = _user(username, first, last)
        Ruolo.objects.update_or_create(
            utente=responsabile, ente=ente, tipo=Ruolo.Tipo.RESPONSABILE, defaults={"denominazione": firma}
        )
        aree[codice], _ = Area.objects.update_or_create(
            ente=ente, nome=nome, defaults={"codice": codice, "responsabile": responsabile, "ordine": ordine}
        )

    # Missioni e Programmi are the catalogue every ente shares (migration 0004): the demo uses it and
    # restores rows that are missing, but never changes one, so it cannot rename what an ente points at.
    catalogo.restore_missing(Programma)
    programmi = {p.codice: p for p in Programma.objects.filter(codice__in={o["programma"] for o in demo.OBIETTIVI})}
    mancanti = {o["programma"] for o in demo.OBIETTIVI} - programmi.keys()
    if mancanti:
        raise CommandError(
            f"Mancano nel catalogo di Missioni e Programmi: {', '.join(sorted(mancanti))}. Eseguire migrate."
        )
    strategici = {}
    for codice, titolo, linea in demo.STRATEGICI:
        strategici[codice], _ = ObiettivoStrategico.objects.update_or_create(
            ente=ente, codice=codice, defaults={"titolo": titolo, "linea_mandato": linea}
        )

    piano, _ = Piano.objects.update_or_create(
        ente=ente, anno_inizio=demo.PIANO["anno_inizio"],
        defaults={**demo.PIANO, "stato": Piano.Stato.APPROVATO, "organo_approvazione": Piano.Organo.GIUNTA},
    )
    for ordine, data in enumerate(demo.OBIETTIVI, start=1):
        _load_obiettivo(piano, data, ordine, aree, programmi, strategici)

    # 2018 is over: both periods closed. 2019: the July monitoring is open.
    for anno, tipo, apertura, chiusura, aperto in [
        (2018, Periodo.Tipo.LUGLIO, date(2018, 7, 1), date(2018, 7, 31), False),
        (2018, Periodo.Tipo.CONSUNTIVO, date(2019, 1, 7), date(2019, 2, 28), False),
        (2019, Periodo.Tipo.LUGLIO, date(2019, 7, 1), date(2019, 7, 31), True),
        (2019, Periodo.Tipo.CONSUNTIVO, date(2020, 1, 7), date(2020, 2, 28), False),
    ]:
        Periodo.objects.update_or_create(
            ente=ente, anno=anno, tipo=tipo,
            defaults={
                "data_apertura": apertura, "data_chiusura": chiusura, "aperto": aperto,
                # 2018's periods were closed on their planned day: reopening them needs a reason.
                "chiuso_il": _end_of_day(chiusura) if anno == 2018 else None,
            },
        )
    return ente


def _end_of_day(day):
    return timezone.make_aware(datetime.combine(day, time(18, 0)))


def load_demo_relazioni(ente):
    """The 2018 Relazione approved by the Segretario, validated and published, as it was in reality;
    the 2019 one a draft. Nothing is approved twice when the demo is loaded again."""
    from relazioni import services as relazioni_services
    from relazioni.models import Relazione

    piano = ente.piani.get(anno_inizio=demo.PIANO["anno_inizio"])
    segretario = get_user_model().objects.get(username=demo.SEGRETARIO[0])
    nucleo = get_user_model().objects.get(username=demo.NUCLEO[0])
    # The Piano in Amministrazione Trasparente, published once, a week after its deliberation.
    from pubblicazioni import services as pubblicazioni_services

    if not piano.documenti.exists():
        pubblicazioni_services.piano_publish(user=segretario, piano=piano, quando=demo.PIANO_PUBBLICATO_IL)
    Relazione.objects.get_or_create(ente=ente, anno=2019, defaults={"piano": piano})
    relazione, _ = Relazione.objects.get_or_create(
        ente=ente, anno=2018, defaults={"piano": piano, "data_monitoraggio": date(2018, 7, 26)}
    )
    if relazione.stato != Relazione.Stato.BOZZA:
        return relazione
    when = demo.RELAZIONE_2018
    relazione = relazioni_services.relazione_approve(user=segretario, relazione=relazione, quando=when["approvata_il"])
    # The approval's task runs after the commit; the demo needs the PDF now, to publish. The task is
    # idempotent, so the queued run then finds it stored and does nothing.
    from relazioni.tasks import render_versione_pdf

    render_versione_pdf.call(relazione.versioni.get().pk)
    relazioni_services.relazione_record_validation(
        user=nucleo, relazione=relazione, data=when["validata_il"], note=when["note_validazione"]
    )
    return relazioni_services.relazione_publish(user=segretario, relazione=relazione, quando=when["pubblicata_il"])


def _load_obiettivo(piano, data, ordine, aree, programmi, strategici):
    area = aree[data["area"]]
    obiettivo, _ = Obiettivo.objects.update_or_create(
        piano=piano, codice=data["codice"],
        defaults={
            "titolo": data["titolo"], "descrizione": data["descrizione"], "tipo": data["tipo"],
            "area": area, "responsabile": area.responsabile, "peso": data["peso"],
            "data_inizio": data["inizio"], "scadenza": data["scadenza"],
            "risultato_atteso": data["risultato_atteso"], "programma": programmi[data["programma"]],
            "obiettivo_strategico": strategici[data["strategico"]], "ordine": ordine,
        },
    )
    obiettivo.fasi.all().delete()
    Fase.objects.bulk_create(
        Fase(obiettivo=obiettivo, descrizione=d, data_inizio=a, data_fine=b, ordine=i)
        for i, (d, a, b) in enumerate(data["fasi"], start=1)
    )
    for i, (nome, tipo, formula, unita, direzione, peso, baseline, targets, luglio, consuntivo, scostamento) in enumerate(
        data["indicatori"], start=1
    ):
        indicatore, _ = Indicatore.objects.update_or_create(
            obiettivo=obiettivo, nome=nome,
            defaults={
                "tipo": tipo, "formula": formula, "unita": unita, "direzione": direzione, "peso": peso,
                "baseline": baseline, "ordine": i, "fonte_dati": _fonte(formula),
            },
        )
        for anno, valore in targets.items():
            is_date = isinstance(valore, date)
            Target.objects.update_or_create(
                indicatore=indicatore, anno=anno, variazione=None,
                defaults={"valore": None if is_date else valore, "data_scadenza": valore if is_date else None},
            )
        for periodo, misura, causa in [
            (Misurazione.Periodo.LUGLIO, luglio, None),
            (Misurazione.Periodo.CONSUNTIVO, consuntivo, scostamento),
        ]:
            if misura is None:
                continue
            fields = {"data_realizzazione": misura} if isinstance(misura, date) else {"valore": misura[0], "denominatore": misura[1]}
            if causa:
                fields.update(causa_scostamento=causa[0], motivazione=causa[1])
            Misurazione.objects.update_or_create(
                indicatore=indicatore, anno=2018, periodo=periodo,
                defaults={**fields, "aggiornato_da": area.responsabile},
            )
    stato, commento, azioni = demo.MONITORAGGIO_LUGLIO.get(data["codice"], demo.MONITORAGGIO_DEFAULT)
    Monitoraggio.objects.update_or_create(
        obiettivo=obiettivo, anno=2018, periodo=Misurazione.Periodo.LUGLIO,
        defaults={"stato": stato, "commento": commento, "azioni_correttive": azioni, "aggiornato_da": area.responsabile},
    )


def _fonte(formula):
    return {
        "scadenza": "Atti dell'ente (delibere e determinazioni)",
        "testuale": "Questionario di gradimento",
    }.get(formula, "Gestionale dell'ufficio")
