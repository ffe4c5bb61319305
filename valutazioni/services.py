"""Writes of the evaluation: one function per transition, atomic, logged, refused with an Italian
message (obiettivi.services.DomainError)."""

import hashlib
from datetime import timedelta
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from obiettivi.models import Ruolo
from obiettivi.services import DomainError

from . import pubblico, rules
from .componenti import componenti_from_snapshot
from .models import (
    Categoria,
    Comportamento,
    Conciliazione,
    Premio,
    PunteggioComportamento,
    RisorsePremi,
    Scheda,
    Smvp,
    VoceValutazione,
)

# A scheda counts for the premi once the person has seen it (or the conciliazione has ended);
# a closed one still within its term counts too, a pending review never.
STATI_VALIDI = (Scheda.Stato.CHIUSA, Scheda.Stato.ACCETTATA, Scheda.Stato.CONCILIATA)

DEFAULT_FASCE = [{"da": "90", "percentuale": "100", "nome": "Eccellente"},
                 {"da": "75", "percentuale": "80", "nome": "Buona"},
                 {"da": "60", "percentuale": "50", "nome": "Adeguata"}]
DEFAULT_COMPORTAMENTI = [
    ("Orientamento al risultato", "Porta a termine i compiti nei tempi, con attenzione alla qualità.", False),
    ("Collaborazione e lavoro di gruppo", "Condivide informazioni, aiuta i colleghi, partecipa.", False),
    ("Relazione con l'utenza", "Ascolta, informa con chiarezza, risolve i problemi dei cittadini.", False),
    ("Capacità di valutare i collaboratori", "Differenzia i giudizi e motiva le valutazioni.", True),
]
# Staff categories: A-D until March 2023, the four aree of the CCNL 16/11/2022 from April 2023 (the
# evaluation of 2023 onwards is made under the new classification).
CATEGORIE_FINO_2022 = ["Categoria A", "Categoria B", "Categoria C", "Categoria D"]
AREE_CCNL_2022 = ["Area degli Operatori", "Area degli Operatori esperti", "Area degli Istruttori",
                  "Area dei Funzionari e dell'Elevata Qualificazione"]


def _log(ente, user, azione, *, scheda=None, dettaglio=""):
    VoceValutazione.objects.create(ente=ente, scheda=scheda, azione=azione, dettaglio=dettaglio, utente=user)


def staff_categories(anno):
    return CATEGORIE_FINO_2022 if anno <= 2022 else AREE_CCNL_2022


# --- SMVP --------------------------------------------------------------------------------------

def smvp_in_uso(smvp):
    """A year is in use once a scheda of it is closed: from then on its rules are the ones applied."""
    return smvp.schede.exclude(stato=Scheda.Stato.BOZZA).exists()


def _ensure_changeable(smvp):
    if smvp_in_uso(smvp):
        raise DomainError(f"Il SMVP {smvp.anno} è già in uso (una scheda di valutazione è chiusa): "
                          "non si può modificare.")


def _lock_smvp(smvp):
    smvp = Smvp.objects.select_for_update().select_related("ente").get(pk=smvp.pk)
    _ensure_changeable(smvp)
    return smvp


def _apply_rows(model, smvp, righe, esistenti, campi):
    """Delete, update and create the rows of a catalogue, in the order given."""
    model.objects.filter(pk__in=[r["id"] for r in righe if r["id"] and r["elimina"]]).delete()
    ordine = 0
    for r in righe:
        if r["elimina"]:
            continue
        obj = esistenti[r["id"]] if r["id"] else model(smvp=smvp)
        for campo in campi:
            setattr(obj, campo, r[campo])
        obj.ordine = ordine
        try:
            obj.full_clean()
        except ValidationError as e:
            # e.g. two names swapped in one save: refused whole (the transaction is rolled back).
            raise DomainError(f"«{obj}»: " + " ".join(e.messages))
        obj.save()
        ordine += 1


def _check_rows(righe, esistenti, bloccate, *, cosa, plurale, bloccata, ignota):
    """The checks a formset of SMVP rows shares: known ids, a name each, no two alike, no deletion of a
    row already used. Returns (errors by field, the lower-case names kept); trims the names in place."""
    errori, nomi = {}, set()
    for i, r in enumerate(righe):
        if r["id"] and r["id"] not in esistenti:
            raise DomainError(f"{ignota}: ricaricare la pagina.")
        nome = r["nome"] = (r.get("nome") or "").strip()
        if r["elimina"]:
            if r["id"] in bloccate:
                errori[f"c{i}"] = f"«{esistenti[r['id']].nome}» {bloccata}: non si elimina."
            continue
        if not nome:
            errori[f"c{i}"] = f"{cosa} {i + 1}: indicare il nome."
        elif nome.lower() in nomi:
            errori[f"c{i}"] = f"«{nome}»: due {plurale} con lo stesso nome."
        if nome:
            nomi.add(nome.lower())
    return errori, nomi


@transaction.atomic
def smvp_set_categorie(*, user, smvp, righe):
    """The categories of a year's SMVP: `righe` [{"id" (None for a new one), "nome", "tipo", "valutatore",
    "peso_ente", "peso_area", "peso_obiettivi", "peso_comportamenti", "elimina"}]. All or nothing."""
    smvp = _lock_smvp(smvp)
    esistenti = {c.pk: c for c in smvp.categorie.all()}
    con_schede = set(smvp.schede.values_list("categoria_id", flat=True))
    errori, nomi = _check_rows(righe, esistenti, con_schede, cosa="Categoria", plurale="categorie",
                               bloccata="ha schede di valutazione", ignota="Categoria sconosciuta")
    for i, r in enumerate(righe):
        if r["elimina"]:
            continue
        nome = r["nome"]
        if r["tipo"] not in Categoria.Tipo.values or r["valutatore"] not in Categoria.Valutatore.values:
            errori[f"t{i}"] = f"«{nome}»: tipo o valutatore sconosciuto."
        try:
            rules.check_pesi({rules.ENTE: r["peso_ente"], rules.AREA: r["peso_area"],
                              rules.OBIETTIVI: r["peso_obiettivi"], rules.COMPORTAMENTI: r["peso_comportamenti"]})
        except rules.RuleError as e:
            errori[f"p{i}"] = f"«{nome}»: {e}"
    if not nomi:
        raise DomainError("Il SMVP valuta almeno una categoria.")
    if errori:
        raise DomainError("Il SMVP non è stato modificato: correggere quanto segue.", field_errors=errori)
    _apply_rows(Categoria, smvp, righe, esistenti, ["nome", "tipo", "valutatore", "peso_ente", "peso_area",
                                                    "peso_obiettivi", "peso_comportamenti"])
    _log(smvp.ente, user, "Categorie del SMVP modificate", dettaglio=f"Anno {smvp.anno}: " + ", ".join(
        r["nome"] for r in righe if not r["elimina"]))
    return smvp


@transaction.atomic
def smvp_set_comportamenti(*, user, smvp, righe):
    """The catalogue of behaviours: `righe` [{"id", "nome", "descrizione", "motivazione_obbligatoria",
    "elimina"}]. All or nothing."""
    smvp = _lock_smvp(smvp)
    esistenti = {c.pk: c for c in smvp.comportamenti.all()}
    valutati = set(PunteggioComportamento.objects.filter(scheda__smvp=smvp).values_list("comportamento_id", flat=True))
    for r in righe:
        r["descrizione"] = (r.get("descrizione") or "").strip()
    errori, nomi = _check_rows(righe, esistenti, valutati, cosa="Comportamento", plurale="comportamenti",
                               bloccata="ha già punteggi in una scheda", ignota="Comportamento sconosciuto")
    if not nomi and smvp.categorie.filter(peso_comportamenti__gt=0).exists():
        raise DomainError("Una categoria pesa i comportamenti: il catalogo non può restare vuoto.")
    if errori:
        raise DomainError("Il catalogo non è stato modificato: correggere quanto segue.", field_errors=errori)
    _apply_rows(Comportamento, smvp, righe, esistenti, ["nome", "descrizione", "motivazione_obbligatoria"])
    _log(smvp.ente, user, "Catalogo dei comportamenti modificato", dettaglio=f"Anno {smvp.anno}: " + ", ".join(
        r["nome"] for r in righe if not r["elimina"]))
    return smvp


@transaction.atomic
def smvp_create(*, user, ente, anno):
    """The year's SMVP: a copy of the last earlier year's, or the product's default; a year that
    passes from categories A-D to the CCNL 2022 aree gets the new staff categories with the same weights."""
    if Smvp.objects.filter(ente=ente, anno=anno).exists():
        raise DomainError(f"Il SMVP {anno} esiste già.")
    precedente = Smvp.objects.filter(ente=ente, anno__lt=anno).order_by("-anno").first()
    if precedente is None:
        smvp = Smvp.objects.create(ente=ente, anno=anno, fasce=DEFAULT_FASCE,
                                   descrittori_scala="1 – Inadeguato\n2 – Da migliorare\n3 – Adeguato\n4 – Eccellente")
        Categoria.objects.bulk_create([
            Categoria(smvp=smvp, nome="Segretario Comunale", tipo=Categoria.Tipo.SEGRETARIO,
                      valutatore=Categoria.Valutatore.SINDACO, peso_ente=40, peso_obiettivi=30,
                      peso_comportamenti=30, ordine=0),
            Categoria(smvp=smvp, nome="Titolari di Elevata Qualificazione", tipo=Categoria.Tipo.EQ,
                      valutatore=Categoria.Valutatore.SINDACO, peso_ente=10, peso_area=30, peso_obiettivi=30,
                      peso_comportamenti=30, ordine=1),
        ] + [Categoria(smvp=smvp, nome=nome, tipo=Categoria.Tipo.PERSONALE,
                       valutatore=Categoria.Valutatore.RESPONSABILE, peso_ente=10, peso_area=30,
                       peso_comportamenti=60, ordine=2 + i) for i, nome in enumerate(staff_categories(anno))])
        Comportamento.objects.bulk_create([Comportamento(smvp=smvp, nome=n, descrizione=d, motivazione_obbligatoria=m,
                                                         ordine=i)
                                           for i, (n, d, m) in enumerate(DEFAULT_COMPORTAMENTI)])
        _log(ente, user, "SMVP creato", dettaglio=f"Anno {anno}, dal modello predefinito")
        return smvp
    campi = ["tipo_premio", "punteggio_minimo", "fasce", "quota_differenziazione", "maggiorazione",
             "giorni_conciliazione", "scala_max", "descrittori_scala"]
    smvp = Smvp.objects.create(ente=ente, anno=anno, copiato_da=precedente,
                               **{c: getattr(precedente, c) for c in campi})
    categorie = list(precedente.categorie.all())
    personale = [c for c in categorie if c.tipo == Categoria.Tipo.PERSONALE]
    nuove = staff_categories(anno)
    if personale and {c.nome for c in personale} == set(CATEGORIE_FINO_2022) and nuove == AREE_CCNL_2022:
        modello = personale[-1]
        categorie = [c for c in categorie if c.tipo != Categoria.Tipo.PERSONALE] + [
            Categoria(nome=n, tipo=Categoria.Tipo.PERSONALE, valutatore=modello.valutatore,
                      peso_ente=modello.peso_ente, peso_area=modello.peso_area,
                      peso_obiettivi=modello.peso_obiettivi, peso_comportamenti=modello.peso_comportamenti,
                      ordine=modello.ordine + i) for i, n in enumerate(nuove)]
    for c in categorie:
        c.pk, c.smvp = None, smvp
    Categoria.objects.bulk_create(categorie)
    comportamenti = list(precedente.comportamenti.all())
    for c in comportamenti:
        c.pk, c.smvp = None, smvp
    Comportamento.objects.bulk_create(comportamenti)
    _log(ente, user, "SMVP creato", dettaglio=f"Anno {anno}, copiato dal {precedente.anno}")
    return smvp


def parse_fasce(testo):
    """Bands typed one a line, «90 100 Eccellente» (from score, percent of the premio, name)."""
    fasce = []
    for numero, riga in enumerate((r for r in testo.splitlines() if r.strip()), start=1):
        parti = riga.split(None, 2)
        try:
            da, perc = (Decimal(p.replace(",", ".")) for p in parti[:2])
        except (InvalidOperation, ValueError):
            raise DomainError(f"Fascia alla riga {numero}: scrivere «soglia percentuale nome», es. «90 100 Eccellente».")
        if not (da.is_finite() and perc.is_finite()):
            raise DomainError(f"Fascia alla riga {numero}: numeri non validi.")
        fasce.append({"da": str(da), "percentuale": str(perc), "nome": parti[2].strip() if len(parti) > 2 else ""})
    try:
        rules.check_fasce([rules.Fascia(Decimal(f["da"]), Decimal(f["percentuale"])) for f in fasce])
    except rules.RuleError as e:
        raise DomainError(str(e))
    return fasce


@transaction.atomic
def smvp_update(*, user, smvp, values, pesi, fasce_testo):
    """General rules, the weights of every category (`pesi` {categoria_id: {component: Decimal}}) and bands."""
    smvp = Smvp.objects.select_for_update().get(pk=smvp.pk)
    _ensure_changeable(smvp)
    fasce = parse_fasce(fasce_testo)
    if values.get("tipo_premio") == Smvp.TipoPremio.FASCE and not fasce:
        raise DomainError("Con la regola per fasce serve almeno una fascia.")
    categorie = {c.pk: c for c in smvp.categorie.all()}
    for pk, p in pesi.items():
        try:
            rules.check_pesi(p)
        except rules.RuleError as e:
            raise DomainError(f"{categorie[pk].nome}: {e}")
    nuova_scala = values.get("scala_max")
    if nuova_scala is not None and nuova_scala < smvp.scala_max:
        # Scores already given in open schede must stay inside the scale, or their percentage would pass 100.
        dato = (PunteggioComportamento.objects.filter(scheda__smvp=smvp)
                .aggregate(m=Max("punteggio"))["m"])
        if dato is not None and dato > nuova_scala:
            raise DomainError(f"Il massimo della scala non può scendere a {nuova_scala}: una scheda aperta ha già "
                              f"un punteggio di {dato}. Corregga prima quel punteggio.")
    for field, value in values.items():
        setattr(smvp, field, value)
    smvp.fasce = fasce
    smvp.full_clean()
    smvp.save()
    for pk, p in pesi.items():
        c = categorie[pk]
        c.peso_ente, c.peso_area = p[rules.ENTE], p[rules.AREA]
        c.peso_obiettivi, c.peso_comportamenti = p[rules.OBIETTIVI], p[rules.COMPORTAMENTI]
        c.save()
    _log(smvp.ente, user, "SMVP modificato", dettaglio=f"Anno {smvp.anno}")
    return smvp


@transaction.atomic
def smvp_record_document(*, user, smvp, numero, data, documento):
    """The adopted document with its act. Recorded again only to correct it (the old one is logged)."""
    contenuto = documento.read()
    documento.seek(0)
    if not contenuto.startswith(b"%PDF"):
        raise DomainError("Il documento deve essere un PDF.")
    smvp.atto_numero, smvp.atto_data = numero, data
    smvp.documento.save(f"smvp-{smvp.ente.slug}-{smvp.anno}.pdf", documento, save=False)
    smvp.documento_sha256 = hashlib.sha256(contenuto).hexdigest()
    smvp.documento_caricato_il = timezone.now()
    smvp.save()
    _log(smvp.ente, user, "Documento del SMVP registrato", dettaglio=f"Atto n. {numero} del {data:%d/%m/%Y}")
    return smvp


# --- Schede ------------------------------------------------------------------------------------

def approved_version(ente, anno):
    """The approved, not reopened, version of the year's Relazione (None if there is none)."""
    from relazioni.models import VersioneRelazione

    return (VersioneRelazione.objects.filter(relazione__ente=ente, relazione__anno=anno, riaperta_il=None)
            .order_by("-numero").first())


def relazione_validata(ente, anno):
    from relazioni.models import Relazione

    return Relazione.objects.filter(ente=ente, anno=anno).exclude(validazione_registrata_il=None).exists()


def _fill_components(scheda, versione):
    from relazioni.services import versione_dati

    scheda.versione = versione
    if versione is None:
        scheda.componenti = {}
        return
    valori, spiegazioni = componenti_from_snapshot(versione_dati(versione), area_id=scheda.area_id,
                                                   utente_id=scheda.utente_id)
    scheda.componenti = {k: (None if v is None else str(v)) for k, v in valori.items()} | {"spiegazioni": spiegazioni}


@transaction.atomic
def scheda_create(*, user, smvp, categoria, valutatore, utente=None, dipendente=None, area=None, atto_sindaco=""):
    """A scheda for a person of the ente, filled with the organisational components of the approved
    version of the year's Relazione (none yet: they are filled when it is approved, on the next save)."""
    if (utente is None) == (dipendente is None):
        raise DomainError("Indicare una persona con accesso o un dipendente senza accesso, non entrambi.")
    if categoria.smvp_id != smvp.pk:
        raise DomainError("La categoria non è di questo SMVP.")
    if utente is not None and utente.pk == valutatore.pk:
        raise DomainError("Nessuno valuta sé stesso.")
    dup = Scheda.objects.filter(smvp=smvp, **({"utente": utente} if utente else {"dipendente": dipendente}))
    if dup.exists():
        raise DomainError("Questa persona ha già una scheda per l'anno.")
    _ensure_sindaco_rule(categoria, smvp.ente, valutatore, atto_sindaco)
    if dipendente is not None and area is None:
        area = dipendente.area
    if utente is not None and area is None:
        area = smvp.ente.aree.filter(responsabile=utente).order_by("ordine").first()
    scheda = Scheda(smvp=smvp, categoria=categoria, utente=utente, dipendente=dipendente, area=area,
                    valutatore=valutatore, atto_sindaco=atto_sindaco.strip())
    _fill_components(scheda, approved_version(smvp.ente, smvp.anno))
    scheda.full_clean()
    scheda.save()
    _log(smvp.ente, user, "Scheda creata", scheda=scheda, dettaglio=f"Valutatore: {valutatore}")
    return scheda


def _ensure_sindaco_rule(categoria, ente, valutatore, atto_sindaco):
    if categoria.valutatore != Categoria.Valutatore.SINDACO:
        return
    sindaci = set(Ruolo.objects.filter(ente=ente, tipo=Ruolo.Tipo.SINDACO).values_list("utente_id", flat=True))
    if sindaci and valutatore.pk not in sindaci:
        raise DomainError("La categoria è valutata dal Sindaco, che usa il prodotto: il valutatore è il Sindaco.")
    if not sindaci and not atto_sindaco.strip():
        # The Sindaco does not use the product: whoever records his evaluation names his act.
        raise DomainError("La categoria è valutata dal Sindaco: indicare l'atto (numero e data) con cui il "
                          "Sindaco valuta.")


def check_reassign(*, user, scheda, valutatore, area, atto_sindaco):
    """Why the Segretario may not give an open scheda this evaluator, area and act (DomainError)."""
    ente = scheda.smvp.ente
    if not scheda.aperta:
        raise DomainError("La scheda è chiusa: non si modifica più.")
    if not _is_segretario(user, ente.pk):
        raise DomainError("Solo il Segretario assegna il valutatore di una scheda.")
    _ensure_not_own(user, scheda)
    if valutatore is None or not Ruolo.objects.filter(utente=valutatore, ente=ente).exists():
        raise DomainError("Il valutatore è una persona dell'ente.")
    if area is not None and area.ente_id != ente.pk:
        raise DomainError("L'area è dell'ente della scheda.")
    if scheda.utente_id == valutatore.pk:
        raise DomainError("Nessuno valuta sé stesso.")
    _ensure_sindaco_rule(scheda.categoria, ente, valutatore, atto_sindaco)


@transaction.atomic
def scheda_reassign(*, user, scheda, valutatore, area, atto_sindaco=""):
    """An open scheda gets another evaluator, area or Sindaco's act (from the admin), logged."""
    scheda = _lock(scheda)
    check_reassign(user=user, scheda=scheda, valutatore=valutatore, area=area, atto_sindaco=atto_sindaco)
    prima = scheda.valutatore
    scheda.valutatore, scheda.area, scheda.atto_sindaco = valutatore, area, atto_sindaco.strip()
    scheda.save(update_fields=["valutatore", "area", "atto_sindaco"])
    _log(scheda.smvp.ente, user, "Valutatore della scheda cambiato", scheda=scheda,
         dettaglio=f"Da {prima} a {valutatore}")
    return scheda


def _lock(scheda):
    return Scheda.objects.select_for_update(of=("self",)).select_related("smvp__ente", "categoria", "utente", "dipendente",
                                                             "valutatore", "versione").get(pk=scheda.pk)


def _ensure_evaluator(user, scheda):
    _ensure_not_own(user, scheda)
    if user.pk != scheda.valutatore_id:
        raise DomainError("Solo il valutatore compila e chiude la scheda.")


def _ensure_not_own(user, scheda):
    """Nobody, the Segretario included, acts on their own scheda (fills, closes, decides a review)."""
    if scheda.utente_id == user.pk:
        raise DomainError("Nessuno compila, chiude o conferma la propria scheda.")


def _is_segretario(user, ente_id):
    return Ruolo.objects.filter(utente=user, ente_id=ente_id, tipo=Ruolo.Tipo.SEGRETARIO).exists()


def compute(scheda, punteggi=None):
    """The scheda's score from its components, overrides and behaviour scores (unrounded)."""
    if punteggi is None:
        punteggi = [p.punteggio for p in scheda.punteggi.all()]
    componenti = {k: (None if scheda.componenti.get(k) is None else Decimal(scheda.componenti[k]))
                  for k in (rules.ENTE, rules.AREA, rules.OBIETTIVI)}
    componenti[rules.COMPORTAMENTI] = rules.comportamenti_percent(punteggi, scheda.smvp.scala_max)
    rettifiche = {k: Decimal(v["valore"]) for k, v in (scheda.rettifiche or {}).items()}
    return rules.score(componenti, scheda.categoria.pesi, rettifiche=rettifiche)


@transaction.atomic
def scheda_save_scores(*, user, scheda, punteggi, giudizio=""):
    """The evaluator's scores: `punteggi` {comportamento_id: (score, motivazione)}."""
    scheda = _lock(scheda)
    _ensure_evaluator(user, scheda)
    if not scheda.aperta:
        raise DomainError("La scheda è chiusa: non si modifica più.")
    comportamenti = {c.pk: c for c in scheda.smvp.comportamenti.all()}
    errori = {}
    for pk, (valore, motivazione) in punteggi.items():
        c = comportamenti.get(pk)
        if c is None:
            raise DomainError("Comportamento non previsto dal SMVP.")
        if valore is not None and not 1 <= valore <= scheda.smvp.scala_max:
            errori[f"c{pk}"] = f"«{c.nome}»: il punteggio va da 1 a {scheda.smvp.scala_max}."
        elif valore is not None and c.motivazione_obbligatoria and not motivazione.strip():
            errori[f"c{pk}"] = f"«{c.nome}»: il SMVP chiede una motivazione."
    if errori:
        raise DomainError("Correggere i punteggi indicati.", field_errors=errori)
    scheda.punteggi.filter(comportamento_id__in=[pk for pk, (v, _m) in punteggi.items() if v is None]).delete()
    for pk, (valore, motivazione) in punteggi.items():
        if valore is not None:
            PunteggioComportamento.objects.update_or_create(
                scheda=scheda, comportamento_id=pk, defaults={"punteggio": valore, "motivazione": motivazione.strip()})
    # The components are re-read on every save while the scheda is open: a version approved meanwhile counts.
    _fill_components(scheda, approved_version(scheda.smvp.ente, scheda.smvp.anno))
    scheda.giudizio = giudizio.strip()
    p = compute(scheda)
    scheda.punteggio, scheda.spiegazione = p.valore, p.spiegazione
    scheda.save()
    _log(scheda.smvp.ente, user, "Punteggi registrati", scheda=scheda)
    return scheda


@transaction.atomic
def scheda_override(*, user, scheda, componente, valore, motivazione):
    """The Segretario or the Nucleo replaces an organisational component, with a reason."""
    scheda = _lock(scheda)
    ente_id = scheda.smvp.ente_id
    if not Ruolo.objects.filter(utente=user, ente_id=ente_id,
                                tipo__in=[Ruolo.Tipo.SEGRETARIO, Ruolo.Tipo.NUCLEO]).exists():
        raise DomainError("Solo il Segretario o il Nucleo rettificano una componente.")
    if scheda.utente_id == user.pk:
        raise DomainError("Nessuno rettifica la propria scheda.")
    if not scheda.aperta:
        raise DomainError("La scheda è chiusa: non si modifica più.")
    if componente not in (rules.ENTE, rules.AREA, rules.OBIETTIVI):
        raise DomainError("Componente sconosciuta.")
    if not motivazione.strip():
        raise DomainError("Indicare la motivazione della rettifica.")
    rettifiche = dict(scheda.rettifiche or {})
    if valore is None:
        rettifiche.pop(componente, None)
    else:
        if not 0 <= valore <= 100:
            raise DomainError("La rettifica va da 0 a 100.")
        rettifiche[componente] = {"valore": str(valore), "motivazione": motivazione.strip()}
    scheda.rettifiche = rettifiche
    p = compute(scheda)
    scheda.punteggio, scheda.spiegazione = p.valore, p.spiegazione
    scheda.save()
    _log(scheda.smvp.ente, user, "Componente rettificata", scheda=scheda,
         dettaglio=f"{rules.LABELS[componente]}: {valore}; {motivazione.strip()}")
    return scheda


def frozen_data(scheda):
    """Everything the closed scheda shows, as plain data: its page and PDF read this only."""
    punteggi = {p.comportamento_id: p for p in scheda.punteggi.all()}
    return {
        "anno": scheda.smvp.anno, "ente": scheda.smvp.ente.nome, "nome": scheda.nome_valutato,
        "categoria": scheda.categoria.nome, "area": scheda.area.nome if scheda.area_id else "",
        "valutatore": scheda.valutatore.get_full_name() or scheda.valutatore.get_username(),
        "atto_sindaco": scheda.atto_sindaco,
        "versione": scheda.versione.numero if scheda.versione_id else None,
        "componenti": [{"nome": rules.LABELS[k], "valore": scheda.componenti.get(k) if k != rules.COMPORTAMENTI else None,
                        "peso": str(scheda.categoria.pesi[k]),
                        "rettifica": (scheda.rettifiche or {}).get(k),
                        "spiegazione": (scheda.componenti.get("spiegazioni") or {}).get(k, "")}
                       for k in rules.COMPONENTI],
        "comportamenti": [{"nome": c.nome, "punteggio": punteggi[c.pk].punteggio if c.pk in punteggi else None,
                           "motivazione": punteggi[c.pk].motivazione if c.pk in punteggi else ""}
                          for c in scheda.smvp.comportamenti.all()],
        "scala_max": scheda.smvp.scala_max,
        "punteggio": None if scheda.punteggio is None else str(scheda.punteggio),
        "spiegazione": scheda.spiegazione, "giudizio": scheda.giudizio,
        "chiusa_il": timezone.localtime(scheda.chiusa_il).isoformat() if scheda.chiusa_il else None,
    }


@transaction.atomic
def scheda_close(*, user, scheda, quando=None):
    scheda = _lock(scheda)
    _ensure_evaluator(user, scheda)
    if not scheda.aperta:
        raise DomainError("La scheda è già chiusa.")
    if scheda.versione_id is None:
        raise DomainError("La Relazione dell'anno non è ancora approvata: le componenti organizzative mancano.")
    mancanti = set(scheda.smvp.comportamenti.values_list("pk", flat=True)) - set(
        scheda.punteggi.values_list("comportamento_id", flat=True))
    if mancanti and scheda.categoria.peso_comportamenti > 0:
        raise DomainError("Valutare tutti i comportamenti prima di chiudere la scheda.")
    p = compute(scheda)
    if p.valore is None:
        raise DomainError("Nessuna componente valutabile: la scheda non si chiude.")
    scheda.punteggio, scheda.spiegazione = p.valore, p.spiegazione
    scheda.stato = Scheda.Stato.CHIUSA
    scheda.chiusa_il = quando or timezone.now()
    scheda.dati = frozen_data(scheda)
    scheda.save()
    _log(scheda.smvp.ente, user, "Scheda chiusa", scheda=scheda)
    return scheda


def _ensure_person(user, scheda):
    """The person evaluated acts on their own scheda; for staff without a login, their evaluator
    records what the person said on the delivered PDF."""
    if scheda.utente_id:
        if user.pk != scheda.utente_id:
            raise DomainError("Solo la persona valutata può farlo.")
    elif user.pk != scheda.valutatore_id:
        raise DomainError("Per il personale senza accesso lo registra il valutatore.")


@transaction.atomic
def scheda_comment(*, user, scheda, commento):
    scheda = _lock(scheda)
    _ensure_person(user, scheda)
    if scheda.aperta:
        raise DomainError("La scheda non è ancora chiusa.")
    scheda.commento = commento.strip()
    scheda.save(update_fields=["commento"])
    _log(scheda.smvp.ente, user, "Commento della persona valutata", scheda=scheda)
    return scheda


@transaction.atomic
def scheda_accept(*, user, scheda):
    scheda = _lock(scheda)
    _ensure_person(user, scheda)
    if scheda.stato != Scheda.Stato.CHIUSA:
        raise DomainError("Si accetta solo una scheda chiusa e non in revisione.")
    scheda.stato, scheda.presa_visione_il = Scheda.Stato.ACCETTATA, timezone.now()
    scheda.save(update_fields=["stato", "presa_visione_il"])
    _log(scheda.smvp.ente, user, "Scheda accettata", scheda=scheda)
    return scheda


def termine_revisione(scheda):
    return None if scheda.chiusa_il is None else (
        timezone.localtime(scheda.chiusa_il).date() + timedelta(days=scheda.smvp.giorni_conciliazione))


@transaction.atomic
def scheda_request_review(*, user, scheda, motivo, oggi=None):
    """The procedura di conciliazione starts: within the SMVP's days from the closing."""
    scheda = _lock(scheda)
    _ensure_person(user, scheda)
    if scheda.stato != Scheda.Stato.CHIUSA:
        raise DomainError("La revisione si chiede su una scheda chiusa, non ancora accettata.")
    oggi = oggi or timezone.localdate()
    if oggi > termine_revisione(scheda):
        raise DomainError(f"Il termine per chiedere la revisione è scaduto il {termine_revisione(scheda):%d/%m/%Y}.")
    if not motivo.strip():
        raise DomainError("Indicare il motivo della richiesta di revisione.")
    Conciliazione.objects.create(scheda=scheda, motivo=motivo.strip())
    scheda.stato = Scheda.Stato.REVISIONE
    scheda.save(update_fields=["stato"])
    _log(scheda.smvp.ente, user, "Revisione richiesta", scheda=scheda, dettaglio=motivo.strip())
    return scheda


def _ensure_conciliator(user, scheda):
    if scheda.utente_id == user.pk:
        raise DomainError("Nessuno decide sulla revisione della propria scheda.")
    if user.pk != scheda.valutatore_id and not _is_segretario(user, scheda.smvp.ente_id):
        raise DomainError("La conciliazione è condotta dal valutatore o dal Segretario.")
    if scheda.stato != Scheda.Stato.REVISIONE:
        raise DomainError("Non c'è una revisione in corso.")


@transaction.atomic
def conciliazione_hearing(*, user, scheda, data):
    scheda = _lock(scheda)
    _ensure_conciliator(user, scheda)
    c = scheda.conciliazione
    c.data_audizione = data
    c.save(update_fields=["data_audizione"])
    _log(scheda.smvp.ente, user, "Audizione fissata", scheda=scheda, dettaglio=f"{data:%d/%m/%Y}")
    return scheda


@transaction.atomic
def conciliazione_outcome(*, user, scheda, esito, motivazione, punteggio=None):
    scheda = _lock(scheda)
    _ensure_conciliator(user, scheda)
    c = scheda.conciliazione
    if c.data_audizione is None:
        raise DomainError("Fissare prima la data dell'audizione.")
    if not motivazione.strip():
        raise DomainError("Indicare la motivazione dell'esito.")
    if esito == Conciliazione.Esito.MODIFICATA:
        if punteggio is None or not 0 <= punteggio <= 100:
            raise DomainError("Con la valutazione modificata indicare il nuovo punteggio (0-100).")
        c.punteggio_rivisto = punteggio
        scheda.spiegazione += f" Punteggio modificato dopo la conciliazione: {rules.show(punteggio)} ({motivazione.strip()})."
        scheda.punteggio = punteggio
    elif esito != Conciliazione.Esito.CONFERMATA:
        raise DomainError("Esito sconosciuto.")
    c.esito, c.motivazione_esito, c.concluso_il = esito, motivazione.strip(), timezone.now()
    c.save()
    scheda.stato = Scheda.Stato.CONCILIATA
    scheda.dati = frozen_data(scheda)
    scheda.save()
    _log(scheda.smvp.ente, user, "Conciliazione conclusa", scheda=scheda, dettaglio=f"{c.get_esito_display()}")
    return scheda


# --- Premi -------------------------------------------------------------------------------------

@transaction.atomic
def risorse_set(*, user, categoria, importo):
    if importo is None or importo < 0 or not importo.is_finite():
        raise DomainError("Le risorse sono un importo non negativo.")
    risorse = RisorsePremi.objects.select_for_update().filter(categoria=categoria).first()
    if risorse is not None and risorse.confermate:
        raise DomainError("I premi della categoria sono confermati: le risorse non cambiano più.")
    risorse, _ = RisorsePremi.objects.update_or_create(categoria=categoria,
                                                       defaults={"importo": importo, "registrate_da": user})
    _log(categoria.smvp.ente, user, "Risorse registrate", dettaglio=f"{categoria.nome}: {rules.show(importo)} €")
    return risorse


def premi_of(categoria, schede, risorse):
    """The computed distribution of a category from its schede (valid ones only) and resources."""
    validi = [(s.pk, s.punteggio) for s in schede if s.stato in STATI_VALIDI]
    regola = categoria.smvp.regola(differenziazione=categoria.differenziazione)
    return rules.compute_premi(validi, risorse.importo if risorse else Decimal(0), regola), regola


def premi_problems(categoria, schede, risorse, ripartizione, regola, *, validata):
    problemi = rules.legal_problems(relazione_validata=validata, regola=regola, ripartizione=ripartizione,
                                    differenziazione_richiesta=categoria.differenziazione)
    if risorse is None:
        problemi.insert(0, "Registrare le risorse della categoria.")
    aperte = [s for s in schede if s.stato not in STATI_VALIDI]
    if aperte:
        problemi.append(f"{len(aperte)} schede non sono chiuse o hanno una revisione in corso.")
    return problemi


@transaction.atomic
def premi_confirm(*, user, categoria, atto):
    """The recorded act that confirms the premi of a category: the legal conditions must hold; the
    Segretario never confirms a category in which he is evaluated."""
    categoria = Categoria.objects.select_for_update().select_related("smvp__ente").get(pk=categoria.pk)
    ente = categoria.smvp.ente
    if not _is_segretario(user, ente.pk):
        raise DomainError("I premi sono confermati dal Segretario.")
    schede = list(categoria.schede.all())
    if any(s.utente_id == user.pk for s in schede):
        raise DomainError("Nessuno conferma i premi di una categoria in cui è valutato.")
    if not atto.strip():
        raise DomainError("Indicare l'atto di conferma dei premi.")
    risorse = RisorsePremi.objects.select_for_update().filter(categoria=categoria).first()
    if risorse is not None and risorse.confermate:
        raise DomainError("I premi della categoria sono già confermati.")
    ripartizione, regola = premi_of(categoria, schede, risorse)
    problemi = premi_problems(categoria, schede, risorse, ripartizione, regola,
                              validata=relazione_validata(ente, categoria.smvp.anno))
    if problemi:
        raise DomainError(" ".join(problemi))
    punteggi = {s.pk: s.punteggio for s in schede}
    Premio.objects.bulk_create([Premio(scheda_id=p.chiave, importo=p.importo, maggiorazione=p.maggiorazione,
                                       punteggio=punteggi[p.chiave]) for p in ripartizione.premi])
    risorse.confermate_da, risorse.confermate_il = user, timezone.now()
    risorse.atto_conferma, risorse.distribuito = atto.strip(), ripartizione.distribuito
    risorse.save()
    # The public sub-sections change only here, by this act: they are frozen with it.
    pubblico.publish(ente, quando=risorse.confermate_il)
    _log(ente, user, "Premi confermati", dettaglio=f"{categoria.nome}: {rules.show(ripartizione.distribuito)} €; {atto}")
    return risorse
