"""The directory's models, one module per area; import them from here."""

from companies.models.company import Certification, Company, Contact, TrackRecord
from companies.models.importjob import ImportJob, ImportKind, ImportStatus
from companies.models.product import Product, ProductPhoto, Specification
from companies.models.shortlist import Shortlist, ShortlistEntry
from companies.models.taxonomy import (
    Capability,
    CertificationType,
    DefenceField,
    OffsetField,
    ProductCategory,
)

__all__ = [
    "Capability",
    "Certification",
    "CertificationType",
    "Company",
    "Contact",
    "DefenceField",
    "ImportJob",
    "ImportKind",
    "ImportStatus",
    "OffsetField",
    "Product",
    "ProductCategory",
    "ProductPhoto",
    "Shortlist",
    "ShortlistEntry",
    "Specification",
    "TrackRecord",
]
