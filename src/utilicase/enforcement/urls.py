from django.urls import path

from utilicase.enforcement import views

app_name = "enforcement"
urlpatterns = [
    path("", views.worklist, name="worklist"),
    path("new/", views.case_new, name="new"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/site/", views.site, name="site"),
    path("<int:pk>/<slug:name>/", views.act, name="act"),
]
