"""The site's URLs plus views that fail on purpose, to see the error pages a real failure gets."""

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.urls import path

from lodrino_performance.urls import handler400, handler403, handler404, handler500  # noqa: F401
from lodrino_performance.urls import urlpatterns as site_urlpatterns
from obiettivi.models import Ente


def bad(request):
    raise SuspiciousOperation("richiesta sospetta")


def forbidden(request):
    raise PermissionDenied


def boom(request):
    raise RuntimeError("un errore del programma")


def query(request):
    return Ente.objects.count()  # fails when the database is down


urlpatterns = [
    path("prova-errori/400/", bad),
    path("prova-errori/403/", forbidden),
    path("prova-errori/500/", boom),
    path("prova-errori/database/", query),
    *site_urlpatterns,
]
