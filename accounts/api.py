"""API endpoints for the caller's own account and organisation."""

from ninja import Router, Schema

router = Router(tags=["accounts"])


class OrganizationOut(Schema):
    id: int
    kind: str
    name_ko: str
    name_en: str
    status: str
    country: str


class MeOut(Schema):
    email: str
    full_name: str
    preferred_language: str
    role: str | None
    organization: OrganizationOut | None


@router.get("/me", response=MeOut, summary="The signed-in user and their organisation")
def me(request):
    user = request.user
    membership = user.membership
    organization = membership.organization if membership else None
    return {
        "email": user.email,
        "full_name": user.full_name,
        "preferred_language": user.preferred_language,
        "role": membership.role if membership else None,
        "organization": None
        if organization is None
        else {
            "id": organization.pk,
            "kind": organization.kind,
            "name_ko": organization.name_ko,
            "name_en": organization.name_en,
            "status": organization.status,
            "country": str(organization.country),
        },
    }
