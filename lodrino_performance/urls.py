from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from obiettivi import views as obiettivi_views


urlpatterns = [
    path("", obiettivi_views.home, name="home"),
    path("accesso/", auth_views.LoginView.as_view(), name="login"),
    path("esci/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    # Set-password pages: the invitation of a new person and "password dimenticata" (Django's own views).
    path("accesso/password-dimenticata/", auth_views.PasswordResetView.as_view(), name="password_reset"),
    path("accesso/password-dimenticata/inviata/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "accesso/imposta-password/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(), name="password_reset_confirm",
    ),
    path("accesso/password-impostata/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("area-riservata/<slug:ente_slug>/", include("enti.urls")),
    path("area-riservata/<slug:ente_slug>/piano/", include("piani.urls")),
    # Every reserved page names its ente: /area-riservata/<ente_slug>/...; only the index spans enti.
    path("area-riservata/", obiettivi_views.area_riservata, name="area_riservata"),
    path("area-riservata/<slug:ente_slug>/", include("obiettivi.urls")),
    path("area-riservata/<slug:ente_slug>/", include("ciclo.urls")),
    # Public addresses of an ente last, so that they never shadow the fixed ones above.
    path("", include("pubblicazioni.urls")),
    path("", include("relazioni.public_urls")),
    path("", include("opendata.urls")),
    path("", include("valutazioni.urls")),
    path("", include("relazioni.urls")),
]

# Our error pages (lodrino_performance/errors.py): the site's frame, Italian, under the strict CSP.
handler400 = "lodrino_performance.errors.bad_request"
handler403 = "lodrino_performance.errors.permission_denied"
handler404 = "lodrino_performance.errors.page_not_found"
handler500 = "lodrino_performance.errors.server_error"
