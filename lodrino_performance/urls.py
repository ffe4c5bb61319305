from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from obiettivi import views as obiettivi_views

admin.site.site_header = "Ciclo della performance – amministrazione"
admin.site.site_title = "Amministrazione"
admin.site.index_title = "Ente, piano, obiettivi e indicatori"

urlpatterns = [
    path("", obiettivi_views.home, name="home"),
    path("accesso/", auth_views.LoginView.as_view(), name="login"),
    path("esci/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("area-riservata/<slug:ente_slug>/piano/", include("piani.urls")),
    path("area-riservata/", include("obiettivi.urls")),
    # Public addresses of an ente last, so that they never shadow the fixed ones above.
    path("", include("relazioni.urls")),
]
