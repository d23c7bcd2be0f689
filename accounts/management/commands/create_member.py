"""Operator command: create (or reuse) an approved organisation and a member of it."""

import os
import re

from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q

from accounts.choices import MembershipRole, OrganizationKind, OrganizationStatus
from accounts.models import Membership, Organization, User

HANGUL = re.compile(r"[\uac00-\ud7a3]")


class Command(BaseCommand):
    help = (
        "Create or reuse an approved organisation and a user who is a member of it. "
        "The password is read from the environment variable KOFFSET_PASSWORD, never from the command line; "
        "it is required for a new user and, when set, replaces an existing user's password."
    )

    def add_arguments(self, parser):
        parser.add_argument("--email", required=True, help="The member's e-mail address (their login).")
        parser.add_argument(
            "--org", required=True, help="Organisation name; Hangul names are stored as Korean."
        )
        parser.add_argument("--kind", required=True, help=f"One of: {', '.join(OrganizationKind.values)}.")
        parser.add_argument("--role", required=True, help=f"One of: {', '.join(MembershipRole.values)}.")
        parser.add_argument(
            "--name", default="", help="The member's full name (default: the e-mail's local part)."
        )

    def handle(self, *args, email, org, kind, role, name, **options):
        email = email.strip().lower()
        try:
            validate_email(email)
        except ValidationError:
            raise CommandError(f"--email: {email!r} is not a valid e-mail address.") from None
        if kind not in OrganizationKind.values:
            raise CommandError(f"--kind: {kind!r} is not one of {', '.join(OrganizationKind.values)}.")
        if role not in MembershipRole.values:
            raise CommandError(f"--role: {role!r} is not one of {', '.join(MembershipRole.values)}.")
        org = org.strip()
        if not org:
            raise CommandError("--org: the organisation name is empty.")
        password = os.environ.get("KOFFSET_PASSWORD")

        with transaction.atomic():
            organization = self._organization(org, kind)
            user = User.objects.filter(email__iexact=email).first()
            if user is None:
                if not password:
                    raise CommandError("KOFFSET_PASSWORD must be set to give the new user a password.")
                user = User.objects.create_user(
                    email=email, password=password, full_name=name or email.split("@")[0]
                )
                action = "created"
            else:
                if password:
                    user.set_password(password)
                if name:
                    user.full_name = name
                user.is_active = True
                user.save()
                action = "updated"
            membership = Membership.objects.filter(user=user).select_related("organization").first()
            if membership and membership.organization_id != organization.pk:
                raise CommandError(
                    f"{email} is already a member of {membership.organization}; remove that membership first."
                )
            Membership.objects.update_or_create(
                user=user, defaults={"organization": organization, "role": role}
            )
            EmailAddress.objects.update_or_create(
                user=user, email=user.email, defaults={"verified": True, "primary": True}
            )
        self.stdout.write(
            self.style.SUCCESS(f"{action} {email}: {role} of {organization} ({kind}, approved)")
        )

    def _organization(self, name: str, kind: str) -> Organization:
        organization = Organization.objects.filter(Q(name_ko=name) | Q(name_en=name)).first()
        if organization is not None:
            if organization.kind != kind:
                raise CommandError(f"--kind: {name!r} exists as {organization.kind}, not {kind}.")
            if organization.status != OrganizationStatus.APPROVED:
                organization.status = OrganizationStatus.APPROVED
                organization.status_reason = ""
                organization.save()
            return organization
        field = "name_ko" if HANGUL.search(name) else "name_en"
        return Organization.objects.create(
            kind=kind,
            status=OrganizationStatus.APPROVED,
            country="KR" if kind != "foreign_contractor" else "",
            **{field: name},
        )
