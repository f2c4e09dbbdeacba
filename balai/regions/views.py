"""Staff pages: the villages in one's jurisdiction and their dusun, RW and RT."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from .codes import InvalidCode, normalize_any_code
from .constants import Kind, Level
from .forms import LocalUnitForm
from .models import Region
from .services import can_manage_village, create_local_unit

PAGE_SIZE = 50


@login_required
def village_list(request):
    villages = Region.objects.visible_to(request.user).filter(level=Level.VILLAGE)
    query = " ".join(request.GET.get("q", "").split())[:100]
    if query:
        villages = villages.filter(name__icontains=query)
    page = Paginator(villages.order_by("code"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "regions/village_list.html", {"page": page, "query": query})


@login_required
def village_detail(request, code):
    village = _visible_village_or_404(request.user, code)
    units = list(Region.objects.within(village.code).filter(level__gt=Level.VILLAGE))
    form = None
    if can_manage_village(request.user, village.code):
        parents = [village, *(unit for unit in units if unit.kind != Kind.RT)]
        form = LocalUnitForm(request.POST or None, parents=parents)
        if request.method == "POST" and form.is_valid():
            unit = _create_from_form(request, form)
            if unit is not None:
                messages.success(request, _("%(unit)s ditambahkan.") % {"unit": unit})
                return redirect("regions:village", code=village.code)
    elif request.method == "POST":
        raise Http404  # the form is only there for those who may use it
    context = {
        "village": village,
        "ancestors": village.ancestors(),
        "tree": _tree(village, units),
        "unit_count": len(units),
        "form": form,
    }
    status = 400 if form is not None and form.errors else 200
    return render(request, "regions/village.html", context, status=status)


def _visible_village_or_404(user, raw_code) -> Region:
    try:
        code = normalize_any_code(raw_code)
    except InvalidCode:
        raise Http404 from None
    return get_object_or_404(Region.objects.visible_to(user), code=code, level=Level.VILLAGE)


def _create_from_form(request, form):
    try:
        return create_local_unit(
            request.user,
            form.cleaned_data["parent"],
            form.cleaned_data["kind"],
            form.cleaned_data["number_or_name"],
        )
    except ValidationError as error:
        form.add_error(None, error)
        return None


def _tree(village: Region, units: list[Region]) -> list[dict]:
    """Nest the units under their parents; every parent's code sorts before its children."""
    nodes = {village.code: {"region": village, "children": []}}
    for unit in sorted(units, key=lambda u: u.code):
        node = {"region": unit, "children": []}
        nodes[unit.code] = node
        nodes[unit.parent_id]["children"].append(node)
    return nodes[village.code]["children"]
