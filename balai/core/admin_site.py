from urllib.parse import urlencode

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from balai.accounts.access import owes_second_step


class BalaiAdminSite(admin.AdminSite):
    """The admin behind the staff sign-in, so two-step verification applies here too."""

    site_header = _("Konfigurasi Balai")
    site_title = _("Balai")
    index_title = _("Konfigurasi")

    def has_permission(self, request):
        return super().has_permission(request) and not owes_second_step(request.user)

    def login(self, request, extra_context=None):
        target = request.GET.get("next") or reverse("admin:index")
        return redirect(f"{reverse('workspace:login')}?{urlencode({'next': target})}")


class BalaiAdminConfig(AdminConfig):
    default_site = "balai.core.admin_site.BalaiAdminSite"
