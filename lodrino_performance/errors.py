"""Our error pages: in the site's frame, in Italian, under the same strict CSP as every page.

Wired in urls.py (handler400/403/404/500) and settings.CSRF_FAILURE_VIEW. Each page links back to
the home page and to the area riservata, and never shows Django's English text or the reason of
the failure (a CSRF reason or an exception message can name internals).
"""

import logging

from django.http import HttpResponse
from django.template import loader

logger = logging.getLogger(__name__)


PLAIN_500 = (
    '<!doctype html><html lang="it"><head><meta charset="utf-8"><title>Errore del servizio</title></head>'
    "<body><h1>Errore del servizio</h1><p>Si è verificato un errore imprevisto. L'errore è stato registrato: "
    'riprovi tra qualche minuto.</p><p><a href="/">Torna alla pagina iniziale</a></p></body></html>'
)


def _render(request, template_name, status):
    """The page with the header of the person's ente where that can be computed; if the context
    processors fail (the database is down, say), the same page without them, never a second error."""
    try:
        content = loader.render_to_string(template_name, {"request_path": request.path}, request)
    except Exception:  # an error page must not fail: whatever broke, show the plain page
        logger.exception("Pagina di errore %s resa senza il contesto della richiesta", status)
        content = loader.render_to_string(template_name, {"request_path": request.path})
    return HttpResponse(content, status=status)


def bad_request(request, exception=None):
    return _render(request, "400.html", 400)


def permission_denied(request, exception=None):
    return _render(request, "403.html", 403)


def page_not_found(request, exception=None):
    return _render(request, "404.html", 404)


def server_error(request):
    # As Django's own handler: no RequestContext, so no context processor and no query can fail
    # again while the page of the first failure is being rendered.
    try:
        content = loader.render_to_string("500.html")
    except Exception:  # even the frame failed (a static file missing from the manifest, say)
        logger.exception("Pagina di errore 500 resa senza la cornice del sito")
        content = PLAIN_500
    return HttpResponse(content, status=500)


def csrf_failure(request, reason=""):
    return _render(request, "403_csrf.html", 403)


class MethodNotAllowedPageMiddleware:
    """Django's 405 (a GET typed or bookmarked on an address that only takes a form's POST) has an
    empty body: a blank page in the browser. It gets our Italian page, keeping its Allow header."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 405 and not getattr(response, "streaming", False) and not response.content:
            page = _render(request, "405.html", 405)
            page["Allow"] = response.get("Allow", "")
            return page
        return response
