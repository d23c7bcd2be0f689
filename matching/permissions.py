"""Who may open the requirement pages (rows are limited by each QuerySet's visible_to)."""

from core.permissions import role_required
from matching.models.eoi import _korean_company

member_required = role_required(lambda user: user.organization is not None or user.is_superuser)
poster_required = role_required(lambda user: user.is_foreign_contractor or user.is_kdia or user.is_superuser)
company_required = role_required(lambda user: _korean_company(user) is not None)
kdia_required = role_required(lambda user: user.is_kdia or user.is_superuser)
