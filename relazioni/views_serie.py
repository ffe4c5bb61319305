"""The public pages of one objective and one indicator across every published year (issue 12,
item 4): from the published versions' snapshots only, cached like the published Relazione."""

import hashlib

from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.cache import get_conditional_response
from django.views.decorators.http import require_safe

from obiettivi.models import Ente, Indicatore

from . import serie
from .charts import serie_chart
from .views import PUBLIC_CACHE_SECONDS, _cacheable


def _page(request, ente_slug, kind, pk, build):
    """The page of `kind` for row `pk`, made by `build(ente, pubblicate)` (None: a 404). For anonymous
    readers it is cached and answered with ETag / Last-Modified, keyed by the versions public now, so
    that a new publication is never hidden by a cached page."""
    ente = get_object_or_404(Ente, slug=ente_slug)
    versioni = serie.published_versions(ente)
    if not versioni:
        raise Http404
    stamp = ",".join(str(pk_v) for _anno, pk_v, _p in versioni)
    etag = '"' + hashlib.sha256(f"{kind}:{pk}:{stamp}".encode()).hexdigest()[:32] + '"'
    last_modified = max(p for _a, _v, p in versioni).timestamp()
    key = f"serie-pubblica:{ente.pk}:{kind}:{pk}:{etag}"
    anonymous = not request.user.is_authenticated
    if anonymous:
        response = get_conditional_response(request, etag=etag, last_modified=last_modified)
        if response is not None:
            return response
        cached = cache.get(key)
        if cached is not None:
            if cached == 404:
                raise Http404
            return _cacheable(HttpResponse(cached), etag, last_modified)
    context = build(ente, serie.published_snapshots(versioni))
    if context is None:
        if anonymous:
            cache.set(key, 404, PUBLIC_CACHE_SECONDS)
        raise Http404
    response = render(request, f"relazioni/pubblico_{kind}.html", {**context, "ente": ente, "header_ente": ente})
    if anonymous:
        cache.set(key, response.content, PUBLIC_CACHE_SECONDS)
        _cacheable(response, etag, last_modified)
    return response


FORMULE = dict(Indicatore.TipoFormula.choices)


@require_safe
def public_indicatore(request, ente_slug, pk):
    """An indicator: definition, targets and values of every published year (of every Piano it runs
    through), a chart of them, grado and explanation, variations and overrides."""

    def build(ente, pubblicate):
        linea = serie.indicator_series(pubblicate, pk)
        if linea is None:
            return None
        ultimo = linea.ultimo
        ind = ultimo.ri.indicatore
        punti = [(p.anno, p.target, p.valore) for p in linea.precedenti if p.valore is not None or p.target is not None]
        punti += [(a.anno, a.ri.target.valore if a.ri.target else None, _valore(a.ri)) for a in linea.anni]
        return {
            "linea": linea, "ultimo": ultimo, "ind": ind, "pk": pk,
            "variato": any(a.ri.target_variato or a.ri.rettifica for a in linea.anni),
            "formula_label": FORMULE.get(ind.formula, ind.formula),
            "grafico": serie_chart(punti, unita=ind.unita,
                                   titolo=f"{ind.nome}: valori e target per anno (i dati sono nella tabella)"),
        }

    return _page(request, ente_slug, "indicatore", pk, build)


def _valore(ri):
    """The year-end number of an indicator entry, as its series counts it (a ratio divided)."""
    m = ri.consuntivo
    if m is None or m.valore is None:
        return None
    if ri.indicatore.formula == Indicatore.TipoFormula.RAPPORTO:
        if not m.denominatore:
            return None
        ratio = m.valore / m.denominatore
        return ratio * 100 if ri.indicatore.unita.strip() == "%" else ratio
    if ri.indicatore.formula == Indicatore.TipoFormula.SCADENZA:
        return None
    return m.valore


@require_safe
def public_obiettivo(request, ente_slug, pk):
    """An objective: what it is, its grado of every published year with the explanation, its
    indicators (each linked to its own page), variations and overrides with their acts."""

    def build(ente, pubblicate):
        linea = serie.objective_series(pubblicate, pk)
        if linea is None:
            return None
        punti = [(a.anno, None, a.o.grado.percent) for a in linea.anni]
        return {
            "linea": linea, "ultimo": linea.ultimo, "pk": pk,
            "variato": any(a.o.peso_variato or a.o.ritirato or a.o.rettifica
                           or any(ri.target_variato or ri.rettifica for ri in a.o.indicatori) for a in linea.anni),
            "grafico": serie_chart(punti, unita="%", titolo="Grado di raggiungimento per anno (i dati sono nella tabella)"),
        }

    return _page(request, ente_slug, "obiettivo", pk, build)
