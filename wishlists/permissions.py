"""Who may open the wish-list pages (rows are limited by each QuerySet's visible_to)."""

from core.permissions import role_required
from wishlists.models import approved_korean_company

# Rounds: KDIA, DAPA and Korean companies (contractors follow shared packages instead).
round_viewers_required = role_required(
    lambda user: user.is_kdia or user.is_dapa or user.is_superuser or user.is_korean_company
)
company_member_required = role_required(lambda user: approved_korean_company(user) is not None)
kdia_staff_required = role_required(lambda user: user.is_kdia or user.is_superuser)
dapa_required = role_required(lambda user: user.is_dapa or user.is_superuser)
