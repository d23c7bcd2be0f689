"""Who may open the offset workflow's pages (rows are limited by each QuerySet's visible_to)."""

from core.permissions import role_required

# Obligations, claims and credit accounts: the contractors they belong to, DAPA and KDIA.
obligation_viewers_required = role_required(
    lambda user: user.is_foreign_contractor or user.is_government_staff or user.is_superuser
)
contractor_required = role_required(lambda user: user.is_foreign_contractor)
programme_staff_required = role_required(lambda user: user.is_government_staff or user.is_superuser)
# Claim decisions and ledger postings are DAPA's alone.
dapa_required = role_required(lambda user: user.is_dapa or user.is_superuser)
