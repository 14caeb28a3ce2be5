from django.contrib.auth import views as auth_views
from django.templatetags.static import static
from django.urls import path
from django.views.generic import RedirectView

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
    path("search/", views.search, name="search"),
    path("password/", views.PasswordChange.as_view(), name="password_change"),
    # Browsers ask for /favicon.ico whatever the page links to.
    path("favicon.ico", RedirectView.as_view(url=static("utilicase/favicon.svg"), permanent=True)),
]
