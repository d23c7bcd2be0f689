"""Programme summaries (public) and, for those allowed, their MOAs and documents."""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from core.files import serve_protected
from offsets import engine, services
from offsets.filters import ProgrammeFilter
from offsets.forms import StateChangeForm
from offsets.messages import rule_error_message
from offsets.models import Agreement, Programme, ProgrammeDocument, is_programme_staff
from offsets.rules import RuleError

PAGE_SIZE = 20


def programme_list(request):
    filterset = ProgrammeFilter(request.GET, queryset=Programme.objects.visible_to(request.user))
    programmes = (
        filterset.qs.prefetch_related("contractors") if filterset.is_valid() else Programme.objects.none()
    )
    page = Paginator(programmes, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "offsets/programme_list.html",
        {"filter": filterset, "page": page, "can_edit": is_programme_staff(request.user)},
    )


def assessment_for(programme):
    """The engine's answer for a programme, or the sentence saying why there is none."""
    try:
        return engine.assess_programme(programme), None
    except RuleError as error:
        return None, rule_error_message(error)


def programme_detail(request, pk):
    programme = get_object_or_404(
        Programme.objects.visible_to(request.user).prefetch_related("contractors"), pk=pk
    )
    assessment, assessment_error = assessment_for(programme)
    can_edit = is_programme_staff(request.user)
    state_form = None
    if can_edit:
        state_form = StateChangeForm(initial={"from_state": programme.state})
        state_form.fields["to_state"].choices = [
            (state, label)
            for state, label in state_form.fields["to_state"].choices
            if state in services.allowed_states(programme)
        ]
    return render(
        request,
        "offsets/programme_detail.html",
        {
            "programme": programme,
            "assessment": assessment,
            "assessment_error": assessment_error,
            "agreements": Agreement.objects.visible_to(request.user)
            .filter(programme=programme)
            .select_related("contractor"),
            "documents": ProgrammeDocument.objects.visible_to(request.user).filter(programme=programme),
            "state_changes": programme.state_changes.select_related("changed_by"),
            "can_edit": can_edit,
            "state_form": state_form,
        },
    )


def document(request, pk, doc_pk):
    item = get_object_or_404(ProgrammeDocument.objects.visible_to(request.user), pk=doc_pk, programme_id=pk)
    return serve_protected(request, item.file, download_name=item.original_name)
