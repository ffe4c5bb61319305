"""The pages the benchmark opens, as the users who open them."""

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


def draft_for_preview(ente, piano):
    """A draft Relazione 2019 (same plan, no values yet): what the Segretario previews."""
    from relazioni.models import Relazione

    return Relazione.objects.create(ente=ente, piano=piano, anno=2019)


def pages_to_measure(*, ente, piano, segretario, responsabile):
    """(name, user or None, url) for every page a user opens."""
    publish_for_citizens(ente, piano, segretario)
    draft_for_preview(ente, piano)
    first = Obiettivo.objects.filter(piano=piano, area__responsabile=responsabile).order_by("ordine").first()
    slug = ente.slug
    return [
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
        ("editor_piano", segretario, reverse("piani:piano", args=[slug])),
        ("editor_obiettivi", segretario, reverse("piani:obiettivi", args=[slug, piano.anno_inizio])),
        ("editor_obiettivo", segretario, reverse("piani:obiettivo", args=[slug, piano.anno_inizio, first.pk])),
    ]
