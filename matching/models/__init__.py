from matching.models.eoi import EoiAttachment, EoiEvent, ExpressionOfInterest
from matching.models.requirement import (
    Requirement,
    is_requirement_staff,
    sees_all_requirements,
)

__all__ = [
    "EoiAttachment",
    "EoiEvent",
    "ExpressionOfInterest",
    "Requirement",
    "is_requirement_staff",
    "sees_all_requirements",
]
