from django.urls import path

from . import views

app_name = "valutazioni"

R = "area-riservata/<slug:ente_slug>/valutazioni/"
urlpatterns = [
    # Reserved: the Segretario's SMVP and premi, the schede of evaluators and evaluated.
    path(R + "<int:anno>/", views.schede, name="schede"),
    path(R + "<int:anno>/smvp/", views.smvp, name="smvp"),
    path(R + "<int:anno>/smvp/documento/", views.smvp_documento, name="smvp_documento"),
    path(R + "<int:anno>/smvp/categorie/", views.smvp_categorie, name="smvp_categorie"),
    path(R + "<int:anno>/smvp/comportamenti/", views.smvp_comportamenti, name="smvp_comportamenti"),
    path(R + "<int:anno>/schede/nuova/", views.scheda_nuova, name="scheda_nuova"),
    path(R + "<int:anno>/premi/", views.premi, name="premi"),
    path(R + "<int:anno>/premi/<int:categoria>/conferma/", views.premi_conferma, name="premi_conferma"),
    path(R + "schede/<int:pk>/", views.scheda, name="scheda"),
    path(R + "schede/<int:pk>/scheda.pdf", views.scheda_pdf, name="scheda_pdf"),
    path(R + "schede/<int:pk>/<slug:azione>/", views.scheda_azione, name="scheda_azione"),
    # Public: Amministrazione Trasparente > Performance, aggregates only.
    path("<slug:ente_slug>/performance/ammontare-premi/", views.pubblico_ammontare, name="pubblico_ammontare_premi"),
    path("<slug:ente_slug>/performance/ammontare-premi.csv", views.pubblico_ammontare_csv,
         name="pubblico_ammontare_premi_csv"),
    path("<slug:ente_slug>/performance/dati-premi/", views.pubblico_dati, name="pubblico_dati_premi"),
    path("<slug:ente_slug>/performance/dati-premi.csv", views.pubblico_dati_csv, name="pubblico_dati_premi_csv"),
    path("<slug:ente_slug>/performance/smvp/<int:anno>.pdf", views.pubblico_smvp_documento,
         name="pubblico_smvp_documento"),
]
