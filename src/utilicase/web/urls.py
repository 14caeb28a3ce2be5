from django.contrib.auth import views as auth_views
from django.urls import path

from utilicase.web import views
from utilicase.web.forms import ThrottledLoginForm

urlpatterns = [
    path("", views.home, name="home"),
    path(
        "login/",
        auth_views.LoginView.as_view(template_name="web/login.html", authentication_form=ThrottledLoginForm,
                                     redirect_authenticated_user=True),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
]
