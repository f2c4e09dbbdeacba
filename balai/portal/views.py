"""Public pages: the service catalogue and the offices, readable without signing in."""

from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, render

from balai.catalog.constants import Category
from balai.catalog.models import Service
from balai.offices.constants import Weekday
from balai.offices.models import Office

PAGE_SIZE = 20


def home(request):
    return render(request, "portal/home.html")


def catalog(request):
    q = request.GET.get("q", "").strip()
    category = request.GET.get("category", "")
    services = Service.objects.published().for_listing()
    if q:
        services = services.filter(Q(name__icontains=q) | Q(code__icontains=q))
    if category in Category.values:
        services = services.filter(category=category)
    else:
        category = ""
    page = Paginator(services.order_by("category", "name", "id"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "portal/catalog.html",
        {
            "page": page,
            "q": q,
            "category": category,
            "categories": Category.choices,
            "query_string": _query_without_page(request),
        },
    )


def service(request, code):
    found = get_object_or_404(Service.objects.published().for_detail(), code=code)
    version = found.current_version
    return render(
        request,
        "portal/service.html",
        {
            "service": found,
            "version": version,
            "components": version.public_components(),
            "requirements": list(version.requirements.all()),
            "steps": list(version.steps.all()),
        },
    )


def offices(request):
    q = request.GET.get("q", "").strip()
    found = Office.objects.active().select_related("region")
    if q:
        found = found.filter(name__icontains=q)
    page = Paginator(found.order_by("name", "id"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "portal/offices.html",
        {"page": page, "q": q, "query_string": _query_without_page(request)},
    )


def office(request, pk):
    found = get_object_or_404(
        Office.objects.active().select_related("region").prefetch_related("hours"), pk=pk
    )
    return render(
        request,
        "portal/office.html",
        {"office": found, "week": _week_of(found)},
    )


def _week_of(office):
    """Every weekday with its opening periods; a day without any is shown as closed."""
    periods = {day: [] for day in Weekday.values}
    for hours in office.hours.all():
        periods[hours.weekday].append(hours)
    return [(Weekday(day).label, periods[day]) for day in Weekday.values]


def _query_without_page(request) -> str:
    """The current filters as a query string, for the pager's links."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()
