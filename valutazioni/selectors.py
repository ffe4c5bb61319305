"""Reads of the evaluation: who may read which scheda, the Segretario's lists, and the public
aggregates of Amministrazione Trasparente > Performance (never a name, never one person's figure)."""

from collections import defaultdict
from decimal import Decimal

from django.db.models import Prefetch
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from obiettivi.models import Ruolo
from obiettivi.permissions import roles_in

from . import rules
from .models import Categoria, RisorsePremi, Scheda, Smvp, VoceValutazione

# Below this many people a group's amounts and distribution are not published: with one or two
# people a total is an individual figure.
MINIMO_AGGREGATO = 3

GRUPPI = {
    Categoria.Tipo.SEGRETARIO: "Segretario e titolari di Elevata Qualificazione",
    Categoria.Tipo.EQ: "Segretario e titolari di Elevata Qualificazione",
    Categoria.Tipo.PERSONALE: "Personale",
}


def reads_all_schede(user, ente_id):
    """The Segretario and the Nucleo read every scheda of the ente (not the amministratore)."""
    return bool(roles_in(user, ente_id) & {Ruolo.Tipo.SEGRETARIO, Ruolo.Tipo.NUCLEO})


def is_segretario_vero(user, ente_id):
    return Ruolo.Tipo.SEGRETARIO in roles_in(user, ente_id)


def can_read_scheda(user, scheda):
    return user.is_authenticated and (
        scheda.utente_id == user.pk or scheda.valutatore_id == user.pk
        or reads_all_schede(user, scheda.smvp.ente_id))


# The approved version's frozen snapshot is megabytes at hundreds of objectives: a scheda shows only
# the version's number, and reading the snapshot for each row of the list cost seconds.
HEAVY_VERSION_FIELDS = ("versione__dati",)


def get_scheda_for_user(user, pk, *, ente, log=False):
    """The scheda of `ente` if the user may read it, else 404 (ids reveal nothing). With `log`,
    a reading of someone else's scheda is recorded."""
    scheda = (Scheda.objects.select_related("smvp__ente", "categoria", "utente", "dipendente", "valutatore",
                                            "area", "versione", "conciliazione")
              .defer(*HEAVY_VERSION_FIELDS).filter(pk=pk, smvp__ente=ente).first())
    if scheda is None or not can_read_scheda(user, scheda):
        raise Http404
    if log and scheda.utente_id != user.pk:
        VoceValutazione.objects.create(ente=ente, scheda=scheda, azione="Lettura della scheda", utente=user)
    return scheda


# What the list of schede shows, and only that: a closed scheda carries its whole frozen copy (`dati`) and
# its components as JSON, which the list decoded for every row without showing them.
LIST_FIELDS = ("stato", "punteggio", "categoria__nome", "utente__first_name", "utente__last_name", "utente__username",
               "dipendente__nome", "dipendente__cognome", "valutatore__first_name", "valutatore__last_name",
               "valutatore__username", "versione__riaperta_il")


# A scheda's frozen copy, components and texts: what its own page shows, not the lists that count it.
SCHEDA_TEXTS = ("dati", "componenti", "rettifiche", "spiegazione", "giudizio", "commento")


def schede_for_user(user, *, ente, anno):
    qs = (Scheda.objects.filter(smvp__ente=ente, smvp__anno=anno)
          .select_related("categoria", "utente", "dipendente", "valutatore", "versione")
          .only(*LIST_FIELDS))
    if not reads_all_schede(user, ente.pk):
        qs = qs.filter(utente=user) | qs.filter(valutatore=user)
    return list(qs.order_by("categoria__ordine", "id"))


def smvp_of(ente, anno):
    return (Smvp.objects.filter(ente=ente, anno=anno)
            .prefetch_related("categorie", "comportamenti").first())


def premi_page(smvp):
    """Per category: its schede, resources, computed distribution, problems (the Segretario's page)."""
    from . import services

    validata = services.relazione_validata(smvp.ente, smvp.anno)
    righe = []
    categorie = smvp.categorie.prefetch_related(
        Prefetch("schede", queryset=Scheda.objects.select_related("utente", "dipendente").order_by("id")
                 .defer(*SCHEDA_TEXTS)))
    risorse = {r.categoria_id: r for r in RisorsePremi.objects.filter(categoria__smvp=smvp)}
    for c in categorie:
        schede = list(c.schede.all())
        r = risorse.get(c.pk)
        ripartizione, regola = services.premi_of(c, schede, r)
        importi = {p.chiave: p for p in ripartizione.premi}
        righe.append({
            "categoria": c, "schede": [(s, importi.get(s.pk)) for s in schede], "risorse": r,
            "ripartizione": ripartizione,
            "distribuzione": rules.distribution([s.punteggio for s in schede if s.stato in services.STATI_VALIDI],
                                                regola),
            "problemi": services.premi_problems(c, schede, r, ripartizione, regola, validata=validata),
        })
    return {"validata": validata, "righe": righe}


# --- Public aggregates -------------------------------------------------------------------------

def _confirmed(ente):
    # Only confirmed premi are public: a budget being discussed is not yet an act.
    return (RisorsePremi.objects.filter(categoria__smvp__ente=ente).exclude(confermate_il=None)
            .select_related("categoria__smvp").order_by("-categoria__smvp__anno", "categoria__ordine"))


def ammontare_premi(ente):
    """Per year and group: resources stanziate and, once confirmed, distribuite (aggregates only)."""
    per_anno = defaultdict(lambda: defaultdict(lambda: {"stanziato": Decimal(0), "distribuito": Decimal(0),
                                                        "persone": 0, "confermato": True}))
    conteggi = _persone_premiate(ente)
    for r in _confirmed(ente):
        g = per_anno[r.categoria.smvp.anno][GRUPPI[r.categoria.tipo]]
        g["stanziato"] += r.importo
        g["distribuito"] += r.distribuito or Decimal(0)
        g["confermato"] &= r.confermate
        g["persone"] += conteggi.get(r.categoria_id, 0)
    righe = []
    for anno in sorted(per_anno, reverse=True):
        for gruppo, g in sorted(per_anno[anno].items()):
            pubblicabile = g["confermato"] and g["persone"] >= MINIMO_AGGREGATO
            # Below MINIMO_AGGREGATO people the budget too would tell one person's premio.
            righe.append({"anno": anno, "gruppo": gruppo,
                          "stanziato": g["stanziato"] if g["persone"] >= MINIMO_AGGREGATO else None,
                          "distribuito": g["distribuito"] if pubblicabile else None,
                          "nota": "" if pubblicabile else (
                              "Premi non ancora confermati." if not g["confermato"]
                              else "Importi non pubblicati: meno di 3 persone, sarebbero dati individuali.")})
    return righe


def _persone_premiate(ente):
    from django.db.models import Count

    return dict(Scheda.objects.filter(smvp__ente=ente, premio__isnull=False).values_list("categoria_id")
                .annotate(n=Count("id")).values_list("categoria_id", "n"))


def dati_premi(ente):
    """Per year and group: the SMVP's criteria, the distribution by band and the degree of
    differentiation of the confirmed premi. Groups under MINIMO_AGGREGATO people show criteria only."""
    smvps = (Smvp.objects.filter(ente=ente, categorie__risorse__confermate_il__isnull=False).distinct()
             .prefetch_related(Prefetch("categorie", queryset=Categoria.objects.select_related("risorse")),
                               Prefetch("schede", queryset=Scheda.objects.select_related("premio"))).order_by("-anno"))
    anni = []
    for smvp in smvps:
        per_gruppo = defaultdict(list)
        confermate = {c.pk for c in smvp.categorie.all() if getattr(c, "risorse", None) and c.risorse.confermate}
        tipo_of = {c.pk: c.tipo for c in smvp.categorie.all()}
        for s in smvp.schede.all():
            if s.categoria_id in confermate and hasattr(s, "premio"):
                per_gruppo[GRUPPI[tipo_of[s.categoria_id]]].append(s)
        gruppi = []
        for gruppo, schede in sorted(per_gruppo.items()):
            differenziazione = gruppo == GRUPPI[Categoria.Tipo.PERSONALE]
            regola = smvp.regola(differenziazione=differenziazione)
            riga = {"gruppo": gruppo, "persone": len(schede), "pubblicabile": len(schede) >= MINIMO_AGGREGATO}
            if riga["pubblicabile"]:
                # The score frozen with the premio, not the scheda's (a later conciliazione may change it).
                riga["distribuzione"] = rules.distribution(
                    [s.premio.punteggio if s.premio.punteggio is not None else s.punteggio for s in schede], regola)
                riga["grado"] = rules.differentiation_degree([s.premio.importo for s in schede])
                riga["con_maggiorazione"] = sum(1 for s in schede if s.premio.maggiorazione > 0)
            gruppi.append(riga)
        anni.append({"smvp": smvp, "anno": smvp.anno, "criteri": criteri(smvp), "gruppi": gruppi})
    return anni


def criteri(smvp):
    """The SMVP's criteria in words (public)."""
    regola = smvp.regola()
    testo = [f"Punteggio minimo per un premio: {rules.show(smvp.punteggio_minimo)} su 100."]
    if smvp.tipo_premio == Smvp.TipoPremio.FASCE:
        testo.append("Premio per fasce: " + "; ".join(
            f"{f.nome or 'fascia'} da {rules.show(f.da)} punti, {rules.show(f.percentuale, 0)}% del premio pieno"
            for f in sorted(regola.fasce, key=lambda f: -f.da)) + ".")
    else:
        testo.append("Premio proporzionale al punteggio.")
    testo.append(f"Differenziazione del personale (CCNL Funzioni Locali 2019-21, art. 81): maggiorazione del "
                 f"{rules.show(smvp.maggiorazione, 0)}% del premio medio per non oltre il "
                 f"{rules.show(smvp.quota_differenziazione, 0)}% del personale con un premio.")
    for c in smvp.categorie.all():
        testo.append(f"{c.nome}: ente {rules.show(c.peso_ente, 0)}%, area {rules.show(c.peso_area, 0)}%, "
                     f"obiettivi individuali {rules.show(c.peso_obiettivi, 0)}%, comportamenti "
                     f"{rules.show(c.peso_comportamenti, 0)}%; valuta: {c.get_valutatore_display()}.")
    return testo


def premi_pubblicati(ente):
    """The frozen public content of the premi (None before the first confirmation)."""
    from .models import PremiPubblicati

    return PremiPubblicati.objects.filter(ente=ente).first()


def pubblicazioni_premi(ente, pubblicati=None):
    """The two sub-sections of Amministrazione Trasparente > Performance this app fills (for the
    publications tree): present once a category's premi have been confirmed, dated by that act."""
    pubblicati = pubblicati or premi_pubblicati(ente)
    if pubblicati is None:
        return []
    pubblicato = timezone.localtime(pubblicati.pubblicato_il).date()
    aggiornato = timezone.localtime(pubblicati.aggiornato_il).date()
    return [
        {"sottosezione": "Ammontare complessivo dei premi", "titolo": "Ammontare complessivo dei premi",
         "url": reverse("valutazioni:pubblico_ammontare_premi", args=[ente.slug]),
         "pubblicato_il": pubblicato, "aggiornato_il": aggiornato, "dimensione": _size(pubblicati.ammontare_csv)},
        {"sottosezione": "Dati relativi ai premi", "titolo": "Dati relativi ai premi",
         "url": reverse("valutazioni:pubblico_dati_premi", args=[ente.slug]),
         "pubblicato_il": pubblicato, "aggiornato_il": aggiornato, "dimensione": _size(pubblicati.dati_csv)},
    ]


def _size(fieldfile):
    try:
        return fieldfile.size if fieldfile else None
    except (OSError, ValueError):
        return None


def documenti_smvp(ente):
    """The adopted SMVP documents, newest year first (sub-section «Sistema di misurazione e valutazione»)."""
    return [
        {"sottosezione": "Sistema di misurazione e valutazione della Performance",
         "titolo": f"Sistema di misurazione e valutazione {s.anno}"
                   + (f" (atto n. {s.atto_numero} del {s.atto_data:%d/%m/%Y})" if s.atto_numero and s.atto_data else ""),
         "url": reverse("valutazioni:pubblico_smvp_documento", args=[ente.slug, s.anno]),
         "pubblicato_il": timezone.localtime(s.documento_caricato_il).date(),
         "aggiornato_il": timezone.localtime(s.documento_caricato_il).date(),
         "dimensione": _size(s.documento)}
        for s in Smvp.objects.filter(ente=ente).exclude(documento="").exclude(documento_caricato_il=None).order_by("-anno")
    ]
