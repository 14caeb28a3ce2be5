from django.urls import path

from utilicase.portal import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("sign-in/", views.sign_in, name="sign_in"),
    path("sign-in/code/", views.code, name="code"),
    path("sign-out/", views.sign_out, name="sign_out"),
    path("complaints/new/", views.complaint_new, name="complaint_new"),
    path("complaints/<str:number>/", views.complaint_detail, name="complaint"),
    path("notices/", views.notices, name="notices"),
    path("notices/<int:pk>/pdf/", views.notice_pdf, name="notice_pdf"),
    path("field/", views.field_orders, name="field_orders"),
    path("field/<str:number>/", views.field_order, name="field_order"),
]
