from matching.models.eoi import EoiAttachment, EoiEvent, ExpressionOfInterest
from matching.models.requirement import (
    Requirement,
    is_requirement_staff,
    sees_all_requirements,
)
from matching.models.stored import StoredTextResult

__all__ = [
    "EoiAttachment",
    "EoiEvent",
    "ExpressionOfInterest",
    "Requirement",
    "StoredTextResult",
    "is_requirement_staff",
    "sees_all_requirements",
]
