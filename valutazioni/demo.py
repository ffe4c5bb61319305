"""The Lodrino demo's evaluation of 2018: an SMVP, the schede of the four EQ and of a few staff,
and the premi confirmed after the Nucleo's validation. Names and scores are illustrative, as the
demo's objectives are (obiettivi/demo.py)."""

from datetime import date, datetime
from decimal import Decimal as D
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.db import transaction

from enti.models import Dipendente

ROME = ZoneInfo("Europe/Rome")
ANNO = 2018
CHIUSE_IL = datetime(2019, 6, 20, 10, 0, tzinfo=ROME)
# The day of the (illustrative) act that confirms the premi, so the transparency pages date them as it.
CONFERMATE_IL = datetime(2019, 7, 15, 12, 0, tzinfo=ROME)
ATTO_SINDACO = "Decreto del Sindaco n. 4 del 19/06/2019, su proposta del Nucleo di Valutazione"
# area code, nome, cognome, categoria, behaviour scores (one per behaviour of the default catalogue)
STAFF = [
    ("AMM", "Giulia", "Pasotti", "Categoria C", (4, 4, 4, 3)),
    ("AMM", "Franco", "Tanghetti", "Categoria B", (3, 3, 4, 3)),
    ("FIN", "Elena", "Bettoni", "Categoria C", (3, 4, 3, 3)),
    ("FIN", "Davide", "Cominelli", "Categoria C", (2, 3, 3, 2)),
    ("TEC", "Luca", "Bertoli", "Categoria B", (3, 3, 3, 3)),
    ("TEC", "Sara", "Ghirardi", "Categoria C", (4, 3, 4, 3)),
    ("SOC", "Anna", "Zubani", "Categoria C", (3, 4, 4, 3)),
    ("SOC", "Paola", "Facchini", "Categoria B", (2, 2, 3, 2)),
]
EQ_PUNTEGGI = {"AMM": (4, 4, 3, 4), "FIN": (4, 3, 4, 4), "TEC": (3, 3, 3, 3), "SOC": (4, 4, 4, 3)}
# Resources per category (€): the quota of the fondo for performance and the EQ's retribuzione di risultato.
RISORSE = {"Titolari di Elevata Qualificazione": D("9600.00"), "Categoria B": D("2400.00"),
           "Categoria C": D("4500.00")}


def load_demo_valutazioni(ente):
    """Idempotent: an ente that already has its 2018 SMVP is left as it is (a closed year)."""
    from . import services
    from .models import Categoria, RisorsePremi, Smvp

    if Smvp.objects.filter(ente=ente, anno=ANNO).exists():
        return
    users = get_user_model().objects
    segretario, nucleo = users.get(username="segretario"), users.get(username="nucleo")
    with transaction.atomic():
        smvp = services.smvp_create(user=segretario, ente=ente, anno=ANNO)
        smvp.quota_differenziazione = D(20)
        smvp.atto_numero, smvp.atto_data = "9", date(2018, 1, 23)
        smvp.save()
        categorie = {c.nome: c for c in smvp.categorie.all()}
        comportamenti = list(smvp.comportamenti.all())
        aree = {a.codice: a for a in ente.aree.all()}

        def close(scheda, valutatore, punti):
            services.scheda_save_scores(user=valutatore, scheda=scheda, punteggi={
                c.pk: (v, "Valutazione illustrativa della demo.") for c, v in zip(comportamenti, punti)})
            return services.scheda_close(user=valutatore, scheda=scheda, quando=CHIUSE_IL)

        for codice, punti in EQ_PUNTEGGI.items():
            area = aree[codice]
            s = services.scheda_create(user=segretario, smvp=smvp, categoria=categorie["Titolari di Elevata Qualificazione"],
                                       valutatore=nucleo, utente=area.responsabile, area=area, atto_sindaco=ATTO_SINDACO)
            s = close(s, nucleo, punti)
            services.scheda_accept(user=area.responsabile, scheda=s)
        for i, (codice, nome, cognome, categoria, punti) in enumerate(STAFF):
            area = aree[codice]
            d, _ = Dipendente.objects.get_or_create(ente=ente, nome=nome, cognome=cognome,
                                                    defaults={"area": area, "inquadramento": categoria})
            s = services.scheda_create(user=segretario, smvp=smvp, categoria=categorie[categoria],
                                       valutatore=area.responsabile, dipendente=d)
            s = close(s, area.responsabile, punti)
            if i == 3:  # one review, heard and confirmed: the conciliazione as it happens
                services.scheda_request_review(user=area.responsabile, scheda=s, oggi=date(2019, 6, 25),
                                               motivo="Il dipendente chiede di riconsiderare l'orientamento al risultato.")
                services.conciliazione_hearing(user=segretario, scheda=s, data=date(2019, 7, 2))
                services.conciliazione_outcome(user=segretario, scheda=s, esito="confermata",
                                               motivazione="Sentito il dipendente, la valutazione è confermata.")
            else:
                services.scheda_accept(user=area.responsabile, scheda=s)
        for nome, importo in RISORSE.items():
            services.risorse_set(user=segretario, categoria=categorie[nome], importo=importo)
            services.premi_confirm(user=segretario, categoria=categorie[nome],
                                   atto="Determinazione n. 88 del 15/07/2019 (illustrativa)")
            RisorsePremi.objects.filter(categoria=categorie[nome]).update(confermate_il=CONFERMATE_IL)
