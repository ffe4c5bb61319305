"""The open data of the published Relazioni: the files of each year, their Table Schemas and the
ente's DCAT-AP_IT catalogue. Files are served from storage, checked against their SHA-256."""

import json

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from obiettivi.models import Ente
from relazioni import views as relazioni_views
from relazioni.models import VersioneRelazione
from relazioni.snapshot import relazione_data

from . import catalogue, services, writers

def filename(ente, anno, formato):
    return f"dati-performance-{ente.slug}-{anno}.{formato}"


def serve_file(request, relazione, versione, formato):
    """The version's file of `formato` from storage (made now, once, if the version predates the format);
    a draft's (the ente's people only) is made from the live data and stored nowhere."""
    _writer, media_type, _file_type, label = writers.FORMATI[formato]
    content_type = media_type + ("; charset=utf-8" if formato in ("csv", "json") else "")
    name = filename(relazione.ente, relazione.anno, formato)
    if versione is None:
        response = HttpResponse(writers.make(formato, relazione_data(relazione)), content_type=content_type)
        response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    dist = services.ensure_distribuzioni(versione)[formato]
    return relazioni_views._serve(request, relazione, dist.file, dist.sha256, etichetta=_("dati (%s)") % label,
                                  content_type=content_type, filename=name, attachment=True)


@require_safe
def dati(request, ente_slug, anno, formato):
    relazione = relazioni_views._relazione_or_404(ente_slug, anno)
    return serve_file(request, relazione, relazioni_views._shown_version(request, relazione, senza_dati=True), formato)


@require_safe
def schema(request, ente_slug, anno, formato):
    """The Table Schema (Frictionless) of one file: its columns and their types."""
    relazione = relazioni_views._relazione_or_404(ente_slug, anno)
    versione = relazioni_views._shown_version(request, relazione, senza_dati=True)
    if versione is None:
        return HttpResponse(writers.schema_bytes(formato, relazione_data(relazione)),
                            content_type="application/json; charset=utf-8")
    dist = services.ensure_distribuzioni(versione)[formato]
    return relazioni_views._serve(request, relazione, dist.schema, dist.schema_sha256,
                                  etichetta=_("Table Schema (%s)") % formato.upper(),
                                  content_type="application/json; charset=utf-8",
                                  filename=f"dati-performance-{relazione.ente.slug}-{anno}.{formato}.schema.json")


def published_versions(ente):
    """The last published version of each year of the ente, newest year first, with their files."""
    versioni = (VersioneRelazione.objects.filter(relazione__ente=ente).exclude(pubblicata_il=None)
                .select_related("relazione__ente").prefetch_related("distribuzioni").defer("dati")
                .order_by("-relazione__anno", "-numero"))
    latest = {}
    for versione in versioni:
        latest.setdefault(versione.relazione_id, versione)
    return list(latest.values())


@require_safe
def catalogo(request, ente_slug):
    ente = get_object_or_404(Ente, slug=ente_slug)
    absolute = request.build_absolute_uri
    datasets = []
    for versione in published_versions(ente):
        anno = versione.relazione.anno
        existing = services.ensure_distribuzioni(versione, existing={d.formato: d for d in versione.distribuzioni.all()})
        datasets.append({
            "anno": anno,
            "url": absolute(reverse("relazioni:relazione", args=[ente.slug, anno])),
            "issued": versione.pubblicata_il.date(),
            "modified": versione.pubblicata_il.date(),
            "distribuzioni": [{
                "formato": formato, "url": absolute(download_url(ente, anno, formato)),
                "schema_url": absolute(reverse("opendata:schema", args=[ente.slug, anno, formato])),
                "dimensione": existing[formato].dimensione, "sha256": existing[formato].sha256,
            } for formato in services.FORMATI],
        })
    document = catalogue.catalogue(
        ente, datasets, catalogue_url=absolute(request.path),
        ente_url=absolute(reverse("relazioni:performance", args=[ente.slug])) + "#ente",
        homepage=absolute(reverse("relazioni:performance", args=[ente.slug])))
    response = HttpResponse(json.dumps(document, ensure_ascii=False, indent=1),
                            content_type="application/ld+json; charset=utf-8")
    response.headers["Cache-Control"] = "public, max-age=300"
    return response


def download_url(ente, anno, formato):
    if formato == "csv":
        return reverse("relazioni:dati_csv", args=[ente.slug, anno])
    return reverse("opendata:dati", args=[ente.slug, anno, formato])
