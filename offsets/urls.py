from django.urls import path

from offsets.views import banking, calculator, claims, programmes, staff

app_name = "offsets"

urlpatterns = [
    path("offsets/calculator/", calculator.calculator, name="calculator"),
    path("programmes/", programmes.programme_list, name="programme_list"),
    path("programmes/<int:pk>/", programmes.programme_detail, name="programme_detail"),
    path("programmes/<int:pk>/documents/<int:doc_pk>", programmes.document, name="document"),
    path("obligations/", claims.agreement_list, name="agreement_list"),
    path("obligations/<int:pk>/", claims.agreement_detail, name="agreement_detail"),
    path("obligations/items/<int:item_pk>/claim/", claims.claim_create, name="claim_create"),
    path("claims/", claims.claim_list, name="claim_list"),
    path("claims/<int:pk>/", claims.claim_detail, name="claim_detail"),
    path("claims/<int:pk>/edit/", claims.claim_edit, name="claim_edit"),
    path("claims/<int:pk>/evidence/<int:evidence_pk>", claims.evidence, name="evidence"),
    path("credits/", banking.account_list, name="credit_accounts"),
    path("credits/<int:pk>/", banking.account_detail, name="credit_account"),
]

# Mounted under /staff/offsets/ (namespace "staff_offsets"): behind the second-factor gate.
staff_urlpatterns = (
    [
        path("programmes/new/", staff.programme_create, name="programme_create"),
        path("programmes/<int:pk>/edit/", staff.programme_edit, name="programme_edit"),
        path("programmes/<int:pk>/state/", staff.programme_state, name="programme_state"),
        path("programmes/<int:pk>/documents/", staff.document_upload, name="document_upload"),
        path("programmes/<int:pk>/agreements/new/", staff.agreement_create, name="agreement_create"),
        path("agreements/<int:pk>/edit/", staff.agreement_edit, name="agreement_edit"),
        path("agreements/<int:pk>/items/new/", staff.item_create, name="item_create"),
        path("items/<int:pk>/edit/", staff.item_edit, name="item_edit"),
        path("claims/<int:pk>/decide/", staff.claim_decide, name="claim_decide"),
        path("credits/post/", staff.ledger_post, name="ledger_post"),
    ],
    "staff_offsets",
)
