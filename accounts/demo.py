"""Fictional organisations and people for the demo. Every name, number and address is invented.

Business registration numbers start with 000, a tax-office code that is never issued,
and carry a valid check digit so the forms accept them.
"""

import time

from allauth.account.models import EmailAddress
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value

from accounts.choices import MembershipRole, OrganizationKind, OrganizationStatus
from accounts.models import Membership, Organization, User
from core.identifiers import brn_check_digit

DOMAIN = "demo.k-offset.invalid"
# A fixed base32 secret so that demo staff can sign in with any authenticator app or with
# `manage.py demo_totp_code`. Only demo data uses it.
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPKOFFSETDEMOABCDE"


def current_totp_code(secret: str) -> str:
    """The code an authenticator app shows now for ``secret``."""
    return format_hotp_value(hotp_value(secret, int(time.time()) // mfa_settings.TOTP_PERIOD))


def demo_brn(serial: int) -> str:
    first_nine = f"000{serial:06d}"
    return first_nine + str(brn_check_digit(first_nine))


ORGANIZATIONS = [
    # key, kind, status, name_ko, name_en, country, brn serial
    (
        "kdia",
        OrganizationKind.KDIA,
        OrganizationStatus.APPROVED,
        "한국방위산업진흥회",
        "Korea Defense Industry Association",
        "KR",
        None,
    ),
    (
        "dapa",
        OrganizationKind.DAPA,
        OrganizationStatus.APPROVED,
        "방위사업청",
        "Defense Acquisition Program Administration",
        "KR",
        None,
    ),
    (
        "solbaram",
        OrganizationKind.KOREAN_COMPANY,
        OrganizationStatus.APPROVED,
        "솔바람정밀",
        "Solbaram Precision",
        "KR",
        10101,
    ),
    (
        "eunhasu",
        OrganizationKind.KOREAN_COMPANY,
        OrganizationStatus.APPROVED,
        "은하수방산테크",
        "Eunhasu Defence Tech",
        "KR",
        10202,
    ),
    (
        "gaeul",
        OrganizationKind.KOREAN_COMPANY,
        OrganizationStatus.APPROVED,
        "가을빛복합소재",
        "",
        "KR",
        10303,
    ),
    (
        "northwind",
        OrganizationKind.FOREIGN_CONTRACTOR,
        OrganizationStatus.APPROVED,
        "",
        "Northwind Aerosystems",
        "US",
        None,
    ),
    (
        "aldermoor",
        OrganizationKind.FOREIGN_CONTRACTOR,
        OrganizationStatus.APPROVED,
        "",
        "Aldermoor Defence Ltd",
        "GB",
        None,
    ),
    (
        "saesol",
        OrganizationKind.KOREAN_COMPANY,
        OrganizationStatus.PENDING,
        "새솔기계",
        "Saesol Machinery",
        "KR",
        10404,
    ),
    (
        "brightwater",
        OrganizationKind.FOREIGN_CONTRACTOR,
        OrganizationStatus.PENDING,
        "",
        "Brightwater Avionics",
        "FR",
        None,
    ),
]

PEOPLE = [
    # local part, org key, role, full name, language, password, preset TOTP, description
    (
        "kdia.officer",
        "kdia",
        MembershipRole.ADMIN,
        "한서윤",
        "ko",
        "demo-kdia-2026",
        True,
        "KDIA staff (authenticator preset)",
    ),
    (
        "kdia.newcomer",
        "kdia",
        MembershipRole.MEMBER,
        "오지훈",
        "ko",
        "demo-kdia-2026",
        False,
        "KDIA staff without a second factor yet",
    ),
    (
        "dapa.officer",
        "dapa",
        MembershipRole.MEMBER,
        "Min-ji Park",
        "en",
        "demo-dapa-2026",
        True,
        "DAPA officer (authenticator preset)",
    ),
    (
        "ceo.solbaram",
        "solbaram",
        MembershipRole.ADMIN,
        "윤도현",
        "ko",
        "demo-company-2026",
        False,
        "Korean company admin",
    ),
    (
        "engineer.solbaram",
        "solbaram",
        MembershipRole.MEMBER,
        "이수아",
        "ko",
        "demo-company-2026",
        False,
        "Korean company member",
    ),
    (
        "admin.eunhasu",
        "eunhasu",
        MembershipRole.ADMIN,
        "Jae-won Lim",
        "en",
        "demo-company-2026",
        False,
        "another Korean company's admin",
    ),
    (
        "admin.gaeul",
        "gaeul",
        MembershipRole.ADMIN,
        "박가을",
        "ko",
        "demo-company-2026",
        False,
        "Korean company admin (Korean-only profile)",
    ),
    (
        "buyer.northwind",
        "northwind",
        MembershipRole.ADMIN,
        "Avery Holt",
        "en",
        "demo-contractor-2026",
        False,
        "foreign contractor admin",
    ),
    (
        "offsets.aldermoor",
        "aldermoor",
        MembershipRole.ADMIN,
        "Rowan Ellery",
        "en",
        "demo-contractor-2026",
        False,
        "another foreign contractor",
    ),
    (
        "owner.saesol",
        "saesol",
        MembershipRole.ADMIN,
        "정새솔",
        "ko",
        "demo-pending-2026",
        False,
        "pending Korean company (awaits KDIA approval)",
    ),
    (
        "sales.brightwater",
        "brightwater",
        MembershipRole.ADMIN,
        "Camille Roche",
        "en",
        "demo-pending-2026",
        False,
        "pending foreign contractor",
    ),
]


def load() -> list[dict]:
    organizations = {}
    for key, kind, status, name_ko, name_en, country, serial in ORGANIZATIONS:
        organization, _created = Organization.objects.update_or_create(
            kind=kind,
            name_en=name_en,
            name_ko=name_ko,
            defaults={
                "status": status,
                "country": country,
                "registration_number": demo_brn(serial) if serial else None,
            },
        )
        organizations[key] = organization

    printed = []
    for local, org_key, role, full_name, language, password, preset_totp, description in PEOPLE:
        email = f"{local}@{DOMAIN}"
        user = User.objects.filter(email=email).first() or User(email=email)
        user.full_name = full_name
        user.preferred_language = language
        user.is_active = True
        user.set_password(password)
        user.save()
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        Membership.objects.update_or_create(
            user=user, defaults={"organization": organizations[org_key], "role": role}
        )
        if preset_totp and not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
            TOTP.activate(user, DEMO_TOTP_SECRET)
        printed.append({"email": email, "password": password, "description": description})
    return printed
