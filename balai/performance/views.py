"""Staff pages of the PEKPPP self-assessment.

Every assessment is found through `Assessment.objects.visible_to(user)` (404 otherwise);
every change goes through `services`, which decides who may fill in and who may submit
(a refusal there becomes a 403).
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from balai.offices.jurisdiction import jurisdiction_of
from balai.offices.models import Office
from balai.workspace.decorators import staff_required

from . import services
from .constants import EDITOR_ROLES
from .forms import SCORE_CHOICES, EvidenceForm, StartForm
from .models import Aspect, Assessment, Evidence, Indicator, IndicatorScore

PAGE_SIZE = 25


def visible_assessment(user, pk) -> Assessment:
    return get_object_or_404(Assessment.objects.visible_to(user).select_related("office"), pk=pk)


def editable_offices(user):
    """The offices where the user may start an assessment."""
    jurisdiction = jurisdiction_of(user)
    if jurisdiction.is_kabupaten_admin:
        return Office.objects.active()
    ids = [office for office, role in jurisdiction.office_roles if role in EDITOR_ROLES]
    return Office.objects.active().filter(pk__in=ids)


def refusal_message(request, error: ValidationError) -> None:
    messages.error(request, " ".join(error.messages))


@staff_required
def assessment_list(request):
    assessments = Assessment.objects.visible_to(request.user).select_related("office")
    page = Paginator(assessments, PAGE_SIZE).get_page(request.GET.get("page"))
    offices = editable_offices(request.user)
    start_form = StartForm(offices=offices) if offices.exists() else None
    return render(request, "performance/list.html", {"page": page, "start_form": start_form})


@require_POST
@staff_required
def start(request):
    form = StartForm(request.POST, offices=Office.objects.visible_to(request.user))
    if not form.is_valid():
        messages.error(request, _("Pilih kantor dan tahun penilaian."))
        return redirect("performance:pekppp_list")
    try:
        assessment = services.start_assessment(
            request.user, form.cleaned_data["office"], form.cleaned_data["year"]
        )
    except ValidationError as error:
        refusal_message(request, error)
        return redirect("performance:pekppp_list")
    return redirect("performance:pekppp_detail", pk=assessment.pk)


def framework_rows(assessment):
    """The aspects with their indicators and this assessment's scores, in four queries."""
    scores = {s.indicator_id: s for s in assessment.scores.prefetch_related("evidence")}
    aspects = Aspect.objects.prefetch_related(
        Prefetch("indicators", queryset=Indicator.objects.filter(active=True))
    )
    rows = []
    for aspect in aspects:
        items = [(indicator, scores.get(indicator.pk)) for indicator in aspect.indicators.all()]
        if items:
            rows.append((aspect, items))
    return rows


@staff_required
def detail(request, pk):
    assessment = visible_assessment(request.user, pk)
    if request.method == "POST":
        return save_scores(request, assessment)
    result = services.compute(assessment)
    context = {
        "assessment": assessment,
        "rows": framework_rows(assessment),
        "result": result,
        "aspect_scores": result.aspect_scores,
        "score_choices": SCORE_CHOICES,
        "can_edit": services.can_edit(request.user, assessment),
        "can_submit": services.can_submit(request.user, assessment),
        "evidence_form": EvidenceForm(),
    }
    return render(request, "performance/detail.html", context)


def save_scores(request, assessment):
    if request.POST.get("action") == "prefill":
        try:
            filled = services.prefill(assessment, actor=request.user)
        except ValidationError as error:
            refusal_message(request, error)
        else:
            messages.success(
                request, _("%(count)s indikator diisi otomatis.") % {"count": len(filled)}
            )
        return redirect("performance:pekppp_detail", pk=assessment.pk)
    existing = {s.indicator_id: s for s in assessment.scores.all()}
    changed = 0
    try:
        for indicator in Indicator.objects.filter(active=True):
            raw = request.POST.get(f"score-{indicator.pk}", "").strip()
            note = request.POST.get(f"note-{indicator.pk}", "").strip()
            if not raw:
                continue
            before = existing.get(indicator.pk)
            if before and str(before.score.normalize()) == raw and before.note == note:
                continue
            services.score_indicator(request.user, assessment, indicator, raw, note)
            changed += 1
    except ValidationError as error:
        refusal_message(request, error)
    else:
        messages.success(request, _("%(count)s nilai disimpan.") % {"count": changed})
    return redirect("performance:pekppp_detail", pk=assessment.pk)


@require_POST
@staff_required
def add_evidence(request, pk):
    assessment = visible_assessment(request.user, pk)
    form = EvidenceForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Tulis keterangan dan unggah berkas atau isi tautan."))
        return redirect("performance:pekppp_detail", pk=assessment.pk)
    scored = IndicatorScore.objects.filter(
        assessment=assessment, indicator_id=form.cleaned_data["indicator"]
    ).first()
    if scored is None:
        messages.error(request, _("Beri nilai indikator ini dulu, lalu lampirkan buktinya."))
        return redirect("performance:pekppp_detail", pk=assessment.pk)
    try:
        services.add_evidence(
            request.user,
            scored,
            description=form.cleaned_data["description"],
            upload=form.cleaned_data["file"],
            url=form.cleaned_data["url"],
        )
    except ValidationError as error:
        refusal_message(request, error)
    else:
        messages.success(request, _("Bukti dukung ditambahkan."))
    return redirect("performance:pekppp_detail", pk=assessment.pk)


@staff_required
def evidence_file(request, pk):
    evidence = get_object_or_404(
        Evidence.objects.filter(
            score__assessment__in=Assessment.objects.visible_to(request.user)
        ).exclude(file=""),
        pk=pk,
    )
    response = FileResponse(evidence.file.open("rb"), content_type=evidence.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@staff_required
def submit(request, pk):
    assessment = visible_assessment(request.user, pk)
    try:
        assessment = services.submit_assessment(request.user, assessment)
    except ValidationError as error:
        refusal_message(request, error)
    else:
        messages.success(
            request,
            _("Penilaian dikirim: indeks %(index)s, kategori %(code)s %(label)s.")
            % {
                "index": number_format(assessment.index, 2),
                "code": assessment.category_code,
                "label": assessment.category_label,
            },
        )
    return redirect("performance:pekppp_detail", pk=assessment.pk)
