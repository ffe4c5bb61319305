"""The pages the benchmark opens, as the users who open them."""

from decimal import Decimal

from django.urls import reverse

from obiettivi.models import Obiettivo

STORED_PDF_BYTES = 2 * 1024 * 1024  # about a 100-objective Relazione


def publish_for_citizens(ente, piano, segretario):
    """A published Relazione 2018, so that the public page and the CSV answer. It is stored directly:
    approving through the service would render the PDF, which the benchmark times on its own."""
    from django.utils import timezone

    from relazioni import services
    from relazioni.models import Relazione, VersioneRelazione

    now = timezone.now()
    relazione = Relazione.objects.create(
        ente=ente, piano=piano, anno=2018, stato=Relazione.Stato.PUBBLICATA, approvata_da=segretario,
        approvata_il=now, firmatario="Rossi dott. Mario", pubblicata_da=segretario, pubblicata_il=now,
    )
    # The public page shows the published version, made from its frozen snapshot (taken here).
    versione = VersioneRelazione.objects.create(relazione=relazione, numero=1, approvata_da=segretario,
                                                stato_rendering=VersioneRelazione.StatoRendering.COMPLETATO,
                                                pubblicata_il=now)
    services.versione_dati(versione)  # the snapshot and its CSV file, in storage
    # The PDF in storage, as an approval leaves it; its bytes are a stand-in of a real one's size
    # (the benchmark renders the real PDF on its own): what is measured is serving a stored file.
    import hashlib

    from django.core.files.base import ContentFile

    content = b"%PDF-1.7\n" + b"0" * STORED_PDF_BYTES
    versione.sha256 = hashlib.sha256(content).hexdigest()
    versione.pdf.save(f"{ente.slug}-relazione-2018-v1.pdf", ContentFile(content), save=False)
    versione.save(update_fields=["sha256", "pdf"])
    return relazione


def open_data_files(relazione):
    """The published version's open-data files (CSV, XLSX, ODS, JSON and their schemas) in storage,
    as the first request after publication leaves them: what is measured is serving them."""
    from opendata import services

    services.ensure_distribuzioni(relazione.versioni.get())


def publish_piano(piano, segretario):
    """The Piano published in Amministrazione Trasparente: its frozen data (as the service freezes
    them) and a stand-in PDF of a real one's size; the public page reads only the data."""
    import hashlib

    from django.core.files.base import ContentFile
    from django.utils import timezone

    from pubblicazioni.models import DocumentoPiano
    from pubblicazioni.piano import piano_data

    content = b"%PDF-1.7\n" + b"0" * STORED_PDF_BYTES
    documento = DocumentoPiano(piano=piano, numero=1, dati=piano_data(piano), dimensione=len(content),
                               pubblicato_il=timezone.now(), pubblicato_da=segretario,
                               sha256=hashlib.sha256(content).hexdigest())
    documento.pdf.save(f"{piano.ente.slug}-piano-{piano.anno_inizio}-v1.pdf", ContentFile(content), save=False)
    documento.save()


STAFF_PER_AREA = 4  # the schede of a sample of people: each area's head (EQ) and a few of its staff


def evaluate_sample(ente, segretario, relazione):
    """The 2018 evaluation through the services, as the demo runs it: an SMVP, a closed and accepted
    scheda for each area's head (by the Nucleo) and for STAFF_PER_AREA of its staff (by the head), the
    Nucleo's validation and the premi confirmed in every category. Returns one scheda."""
    from datetime import date

    from django.contrib.auth import get_user_model

    from enti.models import Dipendente
    from obiettivi.models import Ruolo
    from valutazioni import services
    from valutazioni.models import Categoria

    nucleo = get_user_model().objects.create_user(f"{ente.slug}-nucleo", password="bench-password-1",
                                                  email=f"{ente.slug}-nucleo@example.org")
    Ruolo.objects.create(utente=nucleo, ente=ente, tipo=Ruolo.Tipo.NUCLEO)
    smvp = services.smvp_create(user=segretario, ente=ente, anno=2018)
    # One person with the maggiorazione per category, and one clear first (all 4s): no tie at the limit.
    smvp.quota_differenziazione = Decimal(5)
    smvp.save()
    eq = smvp.categorie.get(tipo=Categoria.Tipo.EQ)
    staff = smvp.categorie.filter(tipo=Categoria.Tipo.PERSONALE).order_by("ordine").first()
    comportamenti = list(smvp.comportamenti.all())

    def close_and_accept(scheda, valutatore, persona, punti):
        services.scheda_save_scores(user=valutatore, scheda=scheda,
                                    punteggi={c.pk: (punti, "Valutazione sintetica.") for c in comportamenti})
        scheda = services.scheda_close(user=valutatore, scheda=scheda)
        if persona is not None:
            services.scheda_accept(user=persona, scheda=scheda)
        return scheda

    prima = None
    for n, area in enumerate(ente.aree.order_by("ordine")):
        scheda = services.scheda_create(user=segretario, smvp=smvp, categoria=eq, valutatore=nucleo,
                                        utente=area.responsabile, area=area, atto_sindaco="Decreto del Sindaco n. 1")
        scheda = close_and_accept(scheda, nucleo, area.responsabile, 4 if n == 0 else 1)
        prima = prima or scheda
        for k in range(STAFF_PER_AREA):
            dipendente = Dipendente.objects.create(ente=ente, nome=f"Nome{k}", cognome=f"Cognome{area.ordine}-{k}",
                                                   area=area, inquadramento=staff.nome)
            scheda = services.scheda_create(user=segretario, smvp=smvp, categoria=staff, valutatore=area.responsabile,
                                            dipendente=dipendente)
            close_and_accept(scheda, area.responsabile, None, 4 if n == k == 0 else 1 + k % 2)
    relazione.validazione_data = date(2019, 4, 30)
    relazione.validazione_registrata_il = relazione.pubblicata_il
    relazione.save()
    for categoria in (eq, staff):
        services.risorse_set(user=segretario, categoria=categoria, importo=Decimal("5000.00"))
        services.premi_confirm(user=segretario, categoria=categoria, atto="Determinazione n. 1")
    return prima


def draft_for_preview(ente, piano, segretario):
    """A draft Relazione 2019 (same plan, its targets set, no values yet): what the Segretario previews,
    with the year-end period of 2019 open, so that values can come in while it is previewed."""
    from datetime import date

    from obiettivi import services
    from obiettivi.models import Periodo, Target
    from relazioni.models import Relazione

    Target.objects.bulk_create(Target(indicatore=t.indicatore, anno=2019, valore=t.valore)
                               for t in Target.objects.filter(indicatore__obiettivo__piano=piano, anno=2018)
                               .select_related("indicatore"))
    # The bulk insert sends no signal; opening the period bumps the data version.
    services.periodo_open(user=segretario, ente=ente, anno=2019, tipo=Periodo.Tipo.CONSUNTIVO,
                          data_apertura=date(2020, 1, 15))
    return Relazione.objects.create(ente=ente, piano=piano, anno=2019)


def change_shown_value(ente):
    """A real change of what the draft Relazione 2019 shows: the first area's responsabile saves a new
    year-end value of the first indicator of their first objective through the service the staff use
    (obiettivi.services.misurazione_save). Each call writes a different value, so the indicator's row,
    its grado, the objective's, the area's and the plan's change; a missed target gets its motivazione."""
    from decimal import Decimal

    from obiettivi import services
    from obiettivi.models import Indicatore, Misurazione

    indicatore = (Indicatore.objects.filter(obiettivo__piano__ente=ente, obiettivo__area__ordine=0)
                  .select_related("obiettivo__piano", "obiettivo__responsabile")
                  .order_by("obiettivo__ordine", "ordine").first())
    current = Misurazione.objects.filter(indicatore=indicatore, anno=2019, periodo=Misurazione.Periodo.CONSUNTIVO).first()
    valore = (current.valore + 1) if current else Decimal(50)
    services.misurazione_save(
        user=indicatore.obiettivo.responsabile, indicatore=indicatore, anno=2019, periodo=Misurazione.Periodo.CONSUNTIVO,
        values={"valore": valore, "causa_scostamento": "esterna", "motivazione": "Motivazione dello scostamento."},
        versione_letta=current.versione if current else 0)


def pages_to_measure(*, ente, piano, segretario, responsabile):
    """(name, user or None, url) for every page a user opens."""
    relazione = publish_for_citizens(ente, piano, segretario)
    open_data_files(relazione)
    publish_piano(piano, segretario)
    scheda = evaluate_sample(ente, segretario, relazione)
    draft_for_preview(ente, piano, segretario)
    first = Obiettivo.objects.filter(piano=piano, area__responsabile=responsabile).order_by("ordine").first()
    indicatore = first.indicatori.order_by("ordine").first()
    slug = ente.slug
    valutazioni = [
        ("valutazioni_schede", segretario, reverse("valutazioni:schede", args=[slug, 2018])),
        ("valutazioni_scheda", segretario, reverse("valutazioni:scheda", args=[slug, scheda.pk])),
        ("valutazioni_smvp", segretario, reverse("valutazioni:smvp", args=[slug, 2018])),
        ("valutazioni_premi", segretario, reverse("valutazioni:premi", args=[slug, 2018])),
        ("premi_ammontare_pubblico", None, reverse("valutazioni:pubblico_ammontare_premi", args=[slug])),
        ("premi_ammontare_csv", None, reverse("valutazioni:pubblico_ammontare_premi_csv", args=[slug])),
        ("premi_dati_pubblico", None, reverse("valutazioni:pubblico_dati_premi", args=[slug])),
        ("premi_dati_csv", None, reverse("valutazioni:pubblico_dati_premi_csv", args=[slug])),
    ]
    pubblici = [
        ("obiettivo_pubblico", None, reverse("public_obiettivo", args=[slug, first.pk])),
        ("indicatore_pubblico", None, reverse("public_indicatore", args=[slug, indicatore.pk])),
        # Someone of the ente is never served from the cache: what the first citizen waits.
        ("indicatore_pubblico_senza_cache", segretario, reverse("public_indicatore", args=[slug, indicatore.pk])),
        *[(f"opendata_{formato}", None, reverse("opendata:dati", args=[slug, 2018, formato]))
          for formato in ("xlsx", "ods", "json")],
        ("opendata_schema_csv", None, reverse("opendata:schema", args=[slug, 2018, "csv"])),
        ("opendata_catalogo", None, reverse("opendata:catalogo", args=[slug])),
        ("piano_pubblico", None, reverse("pubblicazioni:piano", args=[slug, piano.anno_inizio])),
    ]
    return valutazioni + pubblici + [
        ("le_mie_schede", responsabile, reverse("obiettivi:mie_schede", args=[ente.slug]) + "?anno=2018"),
        ("scheda_obiettivo", responsabile, reverse("obiettivi:scheda", args=[ente.slug, first.pk]) + "?anno=2018"),
        ("cruscotto", segretario, reverse("ciclo:cruscotto", args=[ente.slug]) + "?anno=2018"),
        ("relazione_pubblica", None, f"/{ente.slug}/relazione/2018/"),
        # The same page for someone of the ente (never from the cache): what the first citizen waits.
        ("relazione_senza_cache", segretario, f"/{ente.slug}/relazione/2018/"),
        ("dati_csv", None, f"/{ente.slug}/relazione/2018/dati.csv"),  # from storage
        ("relazione_pdf_archiviato", None, f"/{ente.slug}/relazione/2018/relazione.pdf"),  # from storage
        ("performance_trasparente", None, reverse("relazioni:performance", args=[slug])),
        # The Segretario's preview of a draft: first_ms is the first visit after a change.
        ("anteprima_bozza", segretario, f"/{ente.slug}/relazione/2019/"),
        ("persone_e_ruoli", segretario, reverse("enti:persone", args=[slug])),
        ("persona", segretario, reverse("enti:persona", args=[slug, responsabile.pk])),
        ("editor_piano", segretario, reverse("piani:piano", args=[slug])),
        ("editor_obiettivi", segretario, reverse("piani:obiettivi", args=[slug, piano.anno_inizio])),
        ("editor_obiettivo", segretario, reverse("piani:obiettivo", args=[slug, piano.anno_inizio, first.pk])),
        ("editor_fasi", segretario, reverse("piani:obiettivo_fasi", args=[slug, piano.anno_inizio, first.pk])),
        ("editor_indicatore", segretario, reverse("piani:indicatore", args=[slug, piano.anno_inizio, indicatore.pk])),
    ]
