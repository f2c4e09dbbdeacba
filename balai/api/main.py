"""The one Ninja API object; each app contributes its own router from `api.py`."""

from django.utils.translation import gettext_lazy as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError

from balai.accounts.api import router as auth_router
from balai.cases.api import requests_router, track_router
from balai.catalog.api import router as catalog_router
from balai.complaints.api import router as complaints_router
from balai.offices.api import router as offices_router
from balai.queues.api import router as queues_router
from balai.regions.api import router as regions_router

from .errors import ConflictError

api = NinjaAPI(
    title="Balai API",
    version="1",
    description="REST API Balai: wilayah, kantor, layanan, permohonan dan pengaduan.",
    urls_namespace="api",
    docs_url="/docs",
)
api.add_router("/auth", auth_router)
api.add_router("/regions", regions_router)
api.add_router("/offices", offices_router)
api.add_router("/services", catalog_router)
api.add_router("/requests", requests_router)
api.add_router("/track", track_router)
api.add_router("/complaints", complaints_router)
api.add_router("", queues_router)


@api.exception_handler(ConflictError)
def conflict(request, exc: ConflictError):
    return api.create_response(request, {"detail": str(exc)}, status=409)


@api.exception_handler(AuthenticationError)
def unauthenticated(request, exc):
    return api.create_response(request, {"detail": str(_("Perlu masuk dengan token."))}, status=401)


@api.exception_handler(ValidationError)
def invalid(request, exc: ValidationError):
    return api.create_response(
        request, {"detail": str(_("Data tidak sah.")), "errors": exc.errors}, status=422
    )
