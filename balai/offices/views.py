"""Staff pages for offices: the offices a user may see, their members, their profile."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from balai.workspace.decorators import staff_required

from .constants import Weekday
from .forms import OfficeProfileForm, OpeningHoursFormSet, hours_from, hours_initial
from .models import Office
from .services import can_edit_profile, update_office_profile

PAGE_SIZE = 25


def visible_office(user, pk) -> Office:
    """The office, or 404 when it lies outside the user's jurisdiction."""
    return get_object_or_404(Office.objects.visible_to(user).select_related("region"), pk=pk)


@staff_required
def office_list(request):
    q = request.GET.get("q", "").strip()
    offices = Office.objects.visible_to(request.user).select_related("region")
    if q:
        offices = offices.filter(name__icontains=q)
    page = Paginator(offices.order_by("region_id", "kind", "name", "id"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "offices/office_list.html",
        {"page": page, "q": q, "query_string": query.urlencode()},
    )


@staff_required
def office_detail(request, pk):
    office = visible_office(request.user, pk)
    members = (
        office.memberships.active()
        .select_related("user")
        .order_by("role", "user__full_name", "user__username")
    )
    return render(
        request,
        "offices/office_detail.html",
        {
            "office": office,
            "members": members,
            "week": week_of(office),
            "can_edit": can_edit_profile(request.user, office),
        },
    )


@staff_required
def office_edit(request, pk):
    office = visible_office(request.user, pk)
    if not can_edit_profile(request.user, office):
        raise PermissionDenied(_("Anda tidak berwenang mengubah profil kantor ini."))
    if request.method == "POST":
        form = OfficeProfileForm(request.POST, instance=office)
        formset = OpeningHoursFormSet(request.POST, prefix="jam")
        if form.is_valid() and formset.is_valid():
            try:
                update_office_profile(
                    request.user, office, **form.cleaned_data, hours=hours_from(formset)
                )
            except ValidationError as error:
                form.add_error(None, error.messages)
            else:
                messages.success(request, _("Profil kantor disimpan."))
                return redirect("offices:detail", pk=office.pk)
    else:
        form = OfficeProfileForm(instance=office)
        formset = OpeningHoursFormSet(initial=hours_initial(office), prefix="jam")
    return render(
        request, "offices/office_form.html", {"office": office, "form": form, "formset": formset}
    )


def week_of(office):
    """Every weekday with its opening periods; a day without any is closed."""
    periods = {day: [] for day in Weekday.values}
    for hours in office.hours.order_by("weekday", "opens"):
        periods[hours.weekday].append(hours)
    return [(Weekday(day).label, periods[day]) for day in Weekday.values]
