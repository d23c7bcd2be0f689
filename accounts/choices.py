from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganizationKind(models.TextChoices):
    KOREAN_COMPANY = "korean_company", _("Korean company")
    FOREIGN_CONTRACTOR = "foreign_contractor", _("Foreign contractor")
    KDIA = "kdia", _("KDIA")
    DAPA = "dapa", _("DAPA")


# Kinds anyone may register for; KDIA and DAPA accounts are created by operators.
SELF_SERVICE_KINDS = (OrganizationKind.KOREAN_COMPANY, OrganizationKind.FOREIGN_CONTRACTOR)
STAFF_KINDS = (OrganizationKind.KDIA, OrganizationKind.DAPA)


class OrganizationStatus(models.TextChoices):
    PENDING = "pending", _("Pending approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    SUSPENDED = "suspended", _("Suspended")


class MembershipRole(models.TextChoices):
    ADMIN = "admin", _("Administrator")
    MEMBER = "member", _("Member")
