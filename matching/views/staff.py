"""KDIA moderates requirements before publication (under /staff/, behind the second factor)."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from matching import services
from matching.choices import RequirementStatus
from matching.forms import ModerationForm
from matching.models import Requirement
from matching.permissions import kdia_required


@kdia_required
def queue(request):
    pending = Requirement.objects.filter(status=RequirementStatus.PENDING).select_related(
        "owner", "programme"
    )
    return render(request, "matching/staff_queue.html", {"pending": pending, "form": ModerationForm()})


@kdia_required
@require_POST
def moderate(request, pk):
    requirement = get_object_or_404(Requirement, pk=pk)
    form = ModerationForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("staff_matching:queue")
    try:
        services.moderate(
            requirement.pk,
            publish=form.cleaned_data["decision"] == "publish",
            note=form.cleaned_data["note"],
            by=request.user,
        )
    except services.StaleState:
        messages.error(request, _("This requirement is no longer waiting for KDIA."))
    else:
        messages.success(request, _("Done; the contractor is notified."))
    return redirect("staff_matching:queue")
