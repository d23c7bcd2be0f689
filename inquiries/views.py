"""The inbox, starting a thread, reading and answering one, and its attachments.

Each thread is found through ``Thread.objects.visible_to``: another organisation's thread (or
any thread, for KDIA and DAPA) is a 404, so ids reveal nothing. Pages show authors by name and
organisation only, never by e-mail address.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.choices import OrganizationKind
from companies.models import Company
from core.files import serve_protected
from core.identifiers import normalise_brn
from inquiries import services
from inquiries.forms import ReplyForm, StartThreadForm
from inquiries.models import MessageAttachment, Thread, participant_organization
from inquiries.permissions import participant_required
from matching.models import Requirement

PAGE_SIZE = 25


@participant_required
def inbox(request):
    """The threads of the user's organisation, newest activity first, with what is new to them."""
    organization = participant_organization(request.user)
    threads = (
        Thread.objects.visible_to(request.user)
        .with_unread(request.user)
        .select_related("contractor", "company", "requirement")
        .order_by("-last_message_at", "-pk")
    )
    page = Paginator(threads, PAGE_SIZE).get_page(request.GET.get("page"))
    shown = _visible_requirement_ids(request.user, page.object_list)
    for thread in page.object_list:
        thread.shown_requirement = thread.requirement if thread.requirement_id in shown else None
    return render(
        request,
        "inquiries/inbox.html",
        {
            "page": page,
            "is_contractor": organization.kind == OrganizationKind.FOREIGN_CONTRACTOR,
        },
    )


def _visible_requirement_ids(user, threads) -> set[int]:
    """A thread's requirement is named only to those who may still see that requirement."""
    ids = {thread.requirement_id for thread in threads if thread.requirement_id}
    if not ids:
        return set()
    return set(Requirement.objects.visible_to(user).filter(pk__in=ids).values_list("pk", flat=True))


def _integer(value: str | None) -> int | None:
    if value in (None, ""):
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise Http404("Not a number.") from None
    if number < 1:
        raise Http404("Not an id.")
    return number


def _parties(request):
    """(contractor, company, requirement) for a new thread from the query string, or 404.

    A contractor writes to a company whose profile it may see (``?company=<brn>``), optionally
    about one of its own requirements. A Korean company writes about a requirement it may see
    (``?requirement=<id>``) to the contractor that owns it, always as its own company.
    """
    user = request.user
    organization = participant_organization(user)
    brn = (request.GET.get("company") or "").strip()
    requirement_id = _integer(request.GET.get("requirement"))
    requirement = None
    if requirement_id is not None:
        requirement = get_object_or_404(
            Requirement.objects.visible_to(user).select_related("owner"), pk=requirement_id
        )
    if organization.kind == OrganizationKind.FOREIGN_CONTRACTOR:
        if not brn:
            raise Http404("No company.")
        company = get_object_or_404(
            Company.objects.visible_to(user).with_brn(brn).select_related("organization")
        )
        if requirement is not None and requirement.owner_id != organization.pk:
            raise Http404("Not this contractor's requirement.")
        return organization, company, requirement
    company = getattr(organization, "company", None)
    if company is None or requirement is None:
        raise Http404("A Korean company starts a conversation from a requirement.")
    if brn and normalise_brn(brn) != company.brn:
        raise Http404("Not this company.")
    contractor = requirement.owner
    if contractor.kind != OrganizationKind.FOREIGN_CONTRACTOR or not contractor.is_approved:
        raise Http404("The requirement's contractor cannot receive messages.")
    return contractor, company, requirement


@participant_required
@require_http_methods(["GET", "POST"])
def thread_start(request):
    contractor, company, requirement = _parties(request)
    can_send = services.company_can_receive(company)
    initial = {"subject": requirement.title} if requirement is not None else {}
    form = StartThreadForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and can_send and form.is_valid():
        try:
            thread = services.start_thread(
                contractor=contractor,
                company=company,
                subject=form.cleaned_data["subject"],
                body=form.cleaned_data["body"],
                by=request.user,
                requirement=requirement,
                attachments=form.attachments(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        except services.NotAParty as error:
            raise Http404("Not a party.") from error
        else:
            messages.success(request, _("Your message is sent. You will be notified of the answer."))
            return redirect("inquiries:thread", pk=thread.pk)
    return render(
        request,
        "inquiries/thread_start.html",
        {
            "form": form,
            "company": company,
            "contractor": contractor,
            "requirement": requirement,
            "can_send": can_send,
            "recipient": company if participant_organization(request.user) == contractor else contractor,
        },
    )


def _visible_thread(request, pk) -> Thread:
    return get_object_or_404(
        Thread.objects.visible_to(request.user).select_related(
            "contractor", "company__organization", "requirement"
        ),
        pk=pk,
    )


def _conversation(thread):
    return list(
        thread.messages.select_related("author", "author_organization").prefetch_related("attachments")
    )


@login_required
@require_http_methods(["GET", "POST"])
def thread_detail(request, pk):
    """The messages, oldest first, and the reply form. Opening the page marks them read.

    Works as a plain form post (redirect after success); with htmx the reply swaps in only the
    conversation panel.
    """
    thread = _visible_thread(request, pk)
    form = ReplyForm(request.POST or None, request.FILES or None)
    sent = False
    if request.method == "POST" and form.is_valid():
        try:
            services.post_message(
                thread, body=form.cleaned_data["body"], by=request.user, attachments=form.attachments()
            )
        except ValidationError as error:
            form.add_error(None, error)
        except services.NotAParty as error:
            raise Http404("Not a party.") from error
        else:
            if not request.htmx:  # a plain form post: back to the page (post/redirect/get)
                messages.success(request, _("Your message is sent."))
                return redirect(f"{services.thread_path(thread)}#latest")
            form, sent = ReplyForm(), True
    conversation = _conversation(thread)
    if conversation:
        services.mark_read(thread, request.user, up_to=max(m.created_at for m in conversation))
    organization = participant_organization(request.user)
    context = {
        "thread": thread,
        "conversation": conversation,
        "form": form,
        "own_organization": organization,
        "requirement": thread.requirement if _visible_requirement_ids(request.user, [thread]) else None,
        "company_visible": Company.objects.visible_to(request.user).filter(pk=thread.company_id).exists(),
        "sent": sent,
    }
    # A history restore asks for the whole page even though htmx sends it.
    partial = bool(request.htmx) and not request.htmx.history_restore_request
    template = "inquiries/_conversation.html" if partial else "inquiries/thread_detail.html"
    return render(request, template, context)


@login_required
def attachment(request, pk, attachment_pk):
    record = get_object_or_404(
        MessageAttachment.objects.filter(message__thread__in=Thread.objects.visible_to(request.user)),
        pk=attachment_pk,
        message__thread_id=pk,
    )
    # Images are shown in the browser; PDFs are downloaded (Chrome shows no PDF under the sandbox policy).
    return serve_protected(request, record.file, download_name=record.original_name, inline=record.is_image)
