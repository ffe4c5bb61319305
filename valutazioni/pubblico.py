"""The premi's public content (D.Lgs. 33/2013 art. 20): frozen when premi are confirmed, then served
as stored. A published document is an artefact, not a query over live rows: a later change of a score
or of the resources changes nothing public until the next recorded confirmation.
Aggregates only: no name, no individual figure."""

import csv
import io
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from opendata.writers import neutralise
from relazioni import files

from . import rules, selectors


def csv_bytes(rows):
    """UTF-8 with the BOM (Italian spreadsheets read UTF-8 only with it), `;`, text cells guarded."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    for row in rows:
        writer.writerow([neutralise(v) for v in row])
    return buffer.getvalue().encode("utf-8")


def _plain(value):
    """JSON-ready: Decimals as exact strings, tuples as lists."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def frozen_ammontare(ente):
    return _plain(selectors.ammontare_premi(ente))


def frozen_dati(ente):
    anni = []
    for a in selectors.dati_premi(ente):
        gruppi = []
        for g in a["gruppi"]:
            g = dict(g)
            if g.get("grado"):
                # The average premio is not published: only the ratio and the share above the average.
                g["grado"] = {k: g["grado"][k] for k in ("rapporto_max_min", "quota_sopra_media")}
            gruppi.append(g)
        anni.append({"anno": a["anno"], "criteri": a["criteri"], "gruppi": gruppi})
    return _plain(anni)


def _amount(value):
    return rules.show(Decimal(value)) if value is not None else ""


def ammontare_rows(righe):
    """«Ammontare complessivo dei premi»: stanziati and distribuiti per year and group."""
    return [["Anno", "Destinatari", "Premi stanziati (€)", "Premi distribuiti (€)", "Note"]] + [
        [r["anno"], r["gruppo"], _amount(r["stanziato"]), _amount(r["distribuito"]), r["nota"]] for r in righe]


def dati_rows(anni):
    """«Dati relativi ai premi»: the SMVP's criteria, the distribution and the differentiation achieved."""
    rows = [["Anno", "Destinatari", "Voce", "Valore"]]
    for a in anni:
        for testo in a["criteri"]:
            rows.append([a["anno"], "Tutti", "Criterio del SMVP", testo])
        for g in a["gruppi"]:
            if not g["pubblicabile"]:
                rows.append([a["anno"], g["gruppo"], "Nota", "Dati non pubblicati: meno di 3 persone."])
                continue
            rows.append([a["anno"], g["gruppo"], "Persone valutate con premio", g["persone"]])
            for label, n in g["distribuzione"]:
                rows.append([a["anno"], g["gruppo"], f"Distribuzione: {label}", n])
            rows.append([a["anno"], g["gruppo"], "Persone con la maggiorazione", g["con_maggiorazione"]])
            if g["grado"]:
                rows.append([a["anno"], g["gruppo"], "Rapporto tra premio più alto e più basso",
                             rules.show(Decimal(g["grado"]["rapporto_max_min"]))])
                rows.append([a["anno"], g["gruppo"], "Quota di premi sopra la media (%)",
                             rules.show(Decimal(g["grado"]["quota_sopra_media"]))])
    return rows


def publish(ente, *, quando=None):
    """Freeze the ente's public premi content from the confirmed premi (called inside the confirmation's
    transaction): the rows as JSON and the two CSVs with their SHA-256."""
    from .models import PremiPubblicati

    quando = quando or timezone.now()
    pubblicati = PremiPubblicati.objects.select_for_update().filter(ente=ente).first() or PremiPubblicati(
        ente=ente, pubblicato_il=quando)
    pubblicati.ammontare, pubblicati.dati = frozen_ammontare(ente), frozen_dati(ente)
    for campo, rows in (("ammontare", ammontare_rows(pubblicati.ammontare)), ("dati", dati_rows(pubblicati.dati))):
        vecchio = getattr(pubblicati, f"{campo}_csv")
        if vecchio:
            # The old file goes only once the new content is committed: a confirmation that rolls back
            # leaves the published CSV the row still names.
            storage, nome = vecchio.storage, vecchio.name
            transaction.on_commit(lambda storage=storage, nome=nome: storage.delete(nome))
        setattr(pubblicati, f"{campo}_sha256",
                files.store(getattr(pubblicati, f"{campo}_csv"), f"{campo}-premi-{ente.slug}.csv", csv_bytes(rows)))
    pubblicati.aggiornato_il = quando
    pubblicati.save()
    return pubblicati

