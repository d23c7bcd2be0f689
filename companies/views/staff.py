"""KDIA's directory work: the verification queue, publishing, and imports."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from companies import jobs, services
from companies.choices import CompanyStatus
from companies.forms import ImportForm
from companies.lookups import visible_company
from companies.models import Company, ImportJob
from companies.models.company import STALE_AFTER
from core.permissions import kdia_required

QUEUES = {
    "submitted": lambda qs: qs.filter(status=CompanyStatus.SUBMITTED),
    "needs_update": lambda qs: qs.filter(status=CompanyStatus.NEEDS_UPDATE),
    "draft": lambda qs: qs.filter(status=CompanyStatus.DRAFT),
    "stale": lambda qs: qs.published().filter(updated_at__lt=timezone.now() - STALE_AFTER),
    "unverified": lambda qs: qs.published().filter(last_verified_at__isnull=True),
}


@kdia_required
def queue(request):
    """Profiles waiting for KDIA, by reason."""
    companies = Company.objects.visible_to(request.user)
    current = request.GET.get("queue") if request.GET.get("queue") in QUEUES else "submitted"
    counts = {name: select(companies).count() for name, select in QUEUES.items()}
    page = Paginator(QUEUES[current](companies).order_by("-updated_at"), 25).get_page(request.GET.get("page"))
    return render(request, "companies/staff/queue.html", {"page": page, "current": current, "counts": counts})


@kdia_required
@require_POST
def verify(request, brn):
    company = visible_company(request, brn)
    services.verify_and_publish(company, reviewer=request.user)
    messages.success(request, _("%(name)s is verified and published.") % {"name": company.name})
    return redirect("companies:company_detail", brn=company.brn)


@kdia_required
@require_POST
def request_update(request, brn):
    company = visible_company(request, brn)
    try:
        services.request_update(company, by=request.user)
        messages.success(request, _("%(name)s is marked as needing an update.") % {"name": company.name})
    except services.WorkflowError:
        messages.error(request, _("Only a published profile can be asked for an update."))
    return redirect("companies:company_detail", brn=company.brn)


@kdia_required
@require_http_methods(["GET", "POST"])
def import_upload(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        job = ImportJob(
            kind=form.cleaned_data["kind"], original_name=upload.name[:255], created_by=request.user
        )
        job.file.save(upload.name, upload, save=False)
        job.save()
        jobs.start_import_job(job)
        return redirect("staff_companies:import_status", pk=job.pk)
    recent_jobs = ImportJob.objects.visible_to(request.user)
    jobs.mark_interrupted_imports(recent_jobs)
    recent = recent_jobs.select_related("created_by")[:10]
    return render(request, "companies/staff/import_upload.html", {"form": form, "recent": recent})


@kdia_required
def import_status(request, pk):
    """The job's progress; htmx polls the fragment until the job has finished."""
    job = get_object_or_404(ImportJob.objects.visible_to(request.user), pk=pk)
    # Without a worker (TASK_QUEUE=immediate) nothing else would notice that its process died.
    if not job.is_finished and jobs.mark_interrupted_imports(ImportJob.objects.filter(pk=job.pk)):
        job.refresh_from_db()
    template = (
        "companies/staff/_import_progress.html" if request.htmx else "companies/staff/import_status.html"
    )
    context = {"job": job, "worker_missing": jobs.waits_for_a_missing_worker(job)}
    return render(request, template, context)


@kdia_required
@require_POST
def import_run_again(request, pk):
    """Run a failed import again over the file uploaded for it."""
    job = get_object_or_404(ImportJob.objects.visible_to(request.user), pk=pk)
    if not jobs.run_again(job):
        messages.error(request, _("Only an import that failed can be run again."))
    return redirect("staff_companies:import_status", pk=job.pk)
