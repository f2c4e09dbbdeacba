from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

app_name = "workspace"

urlpatterns = [
    path("", views.home, name="home"),
    path("masuk/", views.SignInView.as_view(), name="login"),
    path("masuk/kode/", views.login_code, name="login_code"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("akun/", views.account, name="account"),
    path("akun/dua-langkah/aktifkan/", views.totp_setup, name="totp_setup"),
    path("akun/dua-langkah/matikan/", views.totp_disable, name="totp_disable"),
    path("akun/token/", views.tokens, name="tokens"),
    path("akun/token/<int:pk>/cabut/", views.token_revoke, name="token_revoke"),
]
