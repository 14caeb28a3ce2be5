from django.urls import path

from utilicase.complaints import views

app_name = "complaints"
urlpatterns = [
    path("", views.worklist, name="worklist"),
    path("new/", views.new, name="new"),
    path("new/customers/", views.customer_lookup, name="customer_lookup"),
    path("new/customer/", views.customer_pick, name="customer_pick"),
    path("kpis/", views.kpis, name="kpis"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/<slug:name>/", views.act, name="act"),
]
