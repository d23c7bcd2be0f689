"""Banked credit accounts: the append-only ledger with its running balance."""

from django.shortcuts import get_object_or_404, redirect, render

from offsets import credits, services
from offsets.models import CreditAccount, is_programme_staff
from offsets.permissions import obligation_viewers_required


@obligation_viewers_required
def account_list(request):
    accounts = CreditAccount.objects.visible_to(request.user).select_related("contractor")
    if not is_programme_staff(request.user):
        own = accounts.first()
        if own is not None:
            return redirect("offsets:credit_account", pk=own.pk)
    today = services.today_in_seoul()
    rows = [(account, credits.view_account(account, today).state.balance) for account in accounts]
    return render(
        request,
        "offsets/credit_accounts.html",
        {"rows": rows, "can_post": request.user.is_dapa or request.user.is_superuser},
    )


@obligation_viewers_required
def account_detail(request, pk):
    account = get_object_or_404(
        CreditAccount.objects.visible_to(request.user).select_related("contractor"), pk=pk
    )
    view = credits.view_account(account, services.today_in_seoul())
    return render(
        request,
        "offsets/credit_account.html",
        {
            "account": account,
            "view": view,
            "lines": reversed(view.lines),
            "can_post": request.user.is_dapa or request.user.is_superuser,
        },
    )
