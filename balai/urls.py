from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from balai.api.main import api
from balai.core import views as core_views

urlpatterns = [
    path("health/", core_views.health, name="health"),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("kerja/wilayah/", include("balai.regions.urls")),
    path("kerja/kantor/", include("balai.offices.urls")),
    path("kerja/permohonan/", include("balai.cases.urls")),
    path("kerja/antrean/", include("balai.queues.urls")),
    path("kerja/pengaduan/", include("balai.complaints.urls")),
    path("kerja/kinerja/", include("balai.performance.urls")),
    path("kerja/kinerja/", include("balai.stats.dashboard_urls")),
    path("kerja/survei/", include("balai.surveys.urls")),
    path("kerja/laporan-harian/", include("balai.stats.urls")),
    path("kerja/", include("balai.workspace.urls")),
    path("antrean/", include("balai.queues.public_urls")),
    path("pengaduan/", include("balai.complaints.public_urls")),
    path("survei/", include("balai.surveys.public_urls")),
    path("kinerja-layanan/", include("balai.stats.transparency_urls")),
    path("open311/v2/", include("balai.complaints.open311_urls")),
    path("", include("balai.cases.public_urls")),
    path("", include("balai.portal.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
