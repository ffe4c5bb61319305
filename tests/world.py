"""Two comuni on one installation, with a row of every kind in each: the world the permission
matrix (and the fuzzing of URLs and forms) requests every URL against.

Ente A is Lodrino with the usual personas; ente B is a second comune with its own Segretario and
responsabile. The installation's superuser holds no role anywhere."""

import hashlib
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.contrib.auth.models import Group
from django.core.files.base import ContentFile

from enti.models import Dipendente
from obiettivi.models import (
    Fase,
    Misurazione,
    Monitoraggio,
    ObiettivoStrategico,
    ObiettivoValorePubblico,
    Periodo,
    PromemoriaInviato,
    Programma,
    Rettifica,
    Ruolo,
    Variazione,
    VoceStorico,
)
from relazioni.models import Relazione

from . import builders

ENTE_A_NOME = "Comune di Lodrino"
ENTE_B_NOME = "Comune di Seconda Prova"

# Who requests: the personas of ente A, the installation's superuser, and two people of ente B.
PERSONAS = ["anon", "resp_a", "resp_b", "nucleo", "segretario", "amministratore", "sindaco", "superuser",
            "segretario_b", "resp_b2"]
ENTE_OF_PERSONA = {"resp_a": "a", "resp_b": "a", "nucleo": "a", "segretario": "a", "amministratore": "a",
                   "sindaco": "a", "segretario_b": "b", "resp_b2": "b"}


@dataclass
class EnteRows:
    """One row of every kind in an ente."""

    ente: object
    piano: object
    area: object
    obiettivo: object
    indicatore: object
    misurazione: object
    monitoraggio: object
    periodo: object
    rettifica: object
    variazione: object
    strategico: object
    relazione: object
    voce: object
    promemoria: object
    ruolo: object
    dipendente: object


@dataclass
class World:
    a: EnteRows
    b: EnteRows
    users: dict
    programma: object
    group: object
    extra: dict = field(default_factory=dict)

    def user(self, persona):
        return self.users.get(persona)


def _rows(ente, piano, area, responsabile, segretario, *, codice):
    obiettivo = builders.make_obiettivo(piano, area, codice=codice, titolo=f"Obiettivo {codice}")
    Fase.objects.create(obiettivo=obiettivo, descrizione="Prima fase", data_inizio=date(2018, 1, 1),
                        data_fine=date(2018, 6, 30))
    indicatore = builders.make_indicatore(obiettivo, target=Decimal(10))
    misurazione = builders.make_misurazione(indicatore, periodo=Misurazione.Periodo.LUGLIO, valore=Decimal(4))
    monitoraggio = builders.make_monitoraggio(obiettivo)
    periodo = builders.open_period(ente, tipo=Periodo.Tipo.LUGLIO)
    rettifica = Rettifica.objects.create(indicatore=indicatore, anno=2018, percentuale=Decimal(50),
                                         motivazione="Prova", autore=segretario)
    variazione = Variazione.objects.create(piano=piano, numero_atto="58", data_atto=date(2018, 9, 20),
                                           motivazione="Prova")
    strategico = ObiettivoStrategico.objects.create(ente=ente, codice="S1", titolo="Strategia")
    relazione = Relazione.objects.create(ente=ente, piano=piano, anno=2018)
    documento = b"%PDF-1.4\n%%EOF\n"
    relazione.validazione_documento.save("validazione.pdf", ContentFile(documento), save=False)
    relazione.validazione_documento_sha256 = hashlib.sha256(documento).hexdigest()
    relazione.save()
    voce = VoceStorico.objects.create(ente=ente, obiettivo=obiettivo, azione="Prova", utente=segretario)
    promemoria = PromemoriaInviato.objects.create(ente=ente, destinatario=responsabile, giorno=date(2018, 7, 1),
                                                  oggetto="Promemoria", testo="Testo")
    ruolo = Ruolo.objects.get(utente=segretario, ente=ente, tipo=Ruolo.Tipo.SEGRETARIO)
    dipendente = Dipendente.objects.create(ente=ente, nome="Mario", cognome=f"Bassi {codice}", area=area,
                                           inquadramento="Area degli Istruttori")
    return EnteRows(ente, piano, area, obiettivo, indicatore, misurazione, monitoraggio, periodo, rettifica,
                    variazione, strategico, relazione, voce, promemoria, ruolo, dipendente)


def build_world(personas):
    """`personas` is the conftest fixture (ente A, Lodrino); ente B and the superuser are added."""
    p = personas
    a = _rows(p.ente, p.piano, p.area_a, p.resp_a, p.segretario, codice="A1")
    ente_b = builders.make_ente(nome=ENTE_B_NOME, slug="seconda-prova")
    segretario_b = builders.make_user("segretario_b", first_name="Bianca", last_name="Neri")
    builders.give_role(segretario_b, ente_b, Ruolo.Tipo.SEGRETARIO)
    resp_b2 = builders.make_user("resp_b2", first_name="Carlo", last_name="Verdi")
    area_b = builders.make_area(ente_b, nome="Area unica", responsabile=resp_b2)
    piano_b = builders.make_piano(ente_b)
    b = _rows(ente_b, piano_b, area_b, resp_b2, segretario_b, codice="B1")
    superuser = builders.make_user("root")
    superuser.is_staff = superuser.is_superuser = True
    superuser.save()
    programma, _ = Programma.objects.get_or_create(
        codice="0102", defaults={"codice_missione": "01", "nome_missione": "Servizi istituzionali, generali e di gestione",
                                 "nome": "Segreteria generale"})
    a.obiettivo.programma = programma
    a.obiettivo.save(update_fields=["programma"])
    group = Group.objects.create(name="gruppo di prova")
    extra = {"valutazioni_a": _valutazioni(p.ente, p.segretario, p.resp_a),
             "valutazioni_b": _valutazioni(ente_b, segretario_b, resp_b2)}
    # The Sindaco of ente A uses the product (given after the world's scheda, which the Segretario
    # recorded on the Sindaco's act); he evaluates no scheda of the world.
    sindaco = builders.make_user("sindaco", first_name="Sandro", last_name="Sindaci")
    builders.give_role(sindaco, p.ente, Ruolo.Tipo.SINDACO)
    users = {"anon": None, "resp_a": p.resp_a, "resp_b": p.resp_b, "nucleo": p.nucleo, "segretario": p.segretario,
             "amministratore": p.amministratore, "sindaco": sindaco, "superuser": superuser,
             "segretario_b": segretario_b, "resp_b2": resp_b2}
    world = World(a=a, b=b, users=users, programma=programma, group=group, extra=extra)
    world.extra["valore_pubblico"] = tuple(
        ObiettivoValorePubblico.objects.create(ente=rows.ente, codice="VP1", titolo="Un Comune vicino")
        for rows in (a, b))
    return world


def with_published_year(world):
    """The world with a published 2019 Relazione of ente A, made on first use only: a frozen year
    changes what the admin allows on the plan's rows, which the other entries test without it."""
    if "pubblicata_2019" not in world.extra:
        world.extra["pubblicata_2019"] = publish_frozen(world.a.ente, world.a.piano, 2019)
    return world


def publish_frozen(ente, piano, anno):
    """A published version of a year's Relazione, frozen from the rows now (its snapshot only: no PDF),
    so that the public pages made from published snapshots have one to read."""
    from django.utils import timezone

    from relazioni.models import VersioneRelazione
    from relazioni.snapshot import fingerprint, relazione_data

    relazione = Relazione.objects.create(ente=ente, piano=piano, anno=anno, stato=Relazione.Stato.PUBBLICATA,
                                         approvata_il=timezone.now(), pubblicata_il=timezone.now())
    dati = relazione_data(relazione)
    return VersioneRelazione.objects.create(relazione=relazione, numero=1, dati=dati, dati_sha256=fingerprint(dati),
                                            pubblicata_il=timezone.now(),
                                            stato_rendering=VersioneRelazione.StatoRendering.COMPLETATO)


def _valutazioni(ente, segretario, responsabile):
    """The SMVP 2018 with its adopted document and the closed scheda of the responsabile (an EQ),
    evaluated by the Segretario on the Sindaco's act."""
    from valutazioni import services as valutazioni_services
    from valutazioni.models import Categoria, Scheda

    smvp = valutazioni_services.smvp_create(user=segretario, ente=ente, anno=2018)
    documento = b"%PDF-1.4\n%%EOF\n"
    smvp.documento.save("smvp.pdf", ContentFile(documento), save=False)
    smvp.atto_numero, smvp.atto_data = "12", date(2018, 1, 20)
    smvp.documento_sha256 = hashlib.sha256(documento).hexdigest()
    from django.utils import timezone
    smvp.documento_caricato_il = timezone.now()
    smvp.save()
    categoria = smvp.categorie.get(tipo=Categoria.Tipo.EQ)
    scheda = valutazioni_services.scheda_create(user=segretario, smvp=smvp, categoria=categoria,
                                                valutatore=segretario, utente=responsabile, atto_sindaco="Decreto n. 1")
    # Closed as its evaluator would close it (the world's Relazione has no approved version to close from).
    scheda.stato, scheda.chiusa_il = Scheda.Stato.CHIUSA, timezone.now()
    scheda.dati = valutazioni_services.frozen_data(scheda)
    scheda.save()
    # One row of each kind the admin lists (not the product's flow: the admin only shows them).
    from valutazioni.models import Conciliazione, Premio, RisorsePremi, VoceValutazione

    risorse = RisorsePremi.objects.create(categoria=categoria, importo=Decimal("1000.00"), registrate_da=segretario)
    conciliazione = Conciliazione.objects.create(scheda=scheda, motivo="Prova")
    premio = Premio.objects.create(scheda=scheda, importo=Decimal("500.00"))
    voce = VoceValutazione.objects.filter(ente=ente).first()
    # A next year not yet in use: its catalogues are editable (the SMVP's edit pages show their forms).
    valutazioni_services.smvp_create(user=segretario, ente=ente, anno=2019)
    return {"smvp": smvp, "categoria": categoria, "scheda": scheda, "comportamento": smvp.comportamenti.first(),
            "risorse": risorse, "conciliazione": conciliazione, "premio": premio, "voce": voce}
