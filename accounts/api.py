"""API endpoints for the caller's own account and organisation.

The same permission path as the organisation pages: any member reads the organisation and its
members (``member_required``), only its administrators change them (``org_admin_required``), and a
membership outside the caller's own organisation is a 404, even for KDIA. The same forms and
services, so the same messages and the same e-mail to an invited colleague; an organisation keeps
at least one administrator. Members' e-mail addresses are shown only to their own organisation.
"""

from __future__ import annotations

from datetime import datetime

from django.db import IntegrityError, transaction
from django.http import HttpResponse
from django.utils.translation import gettext
from ninja import Field, P, Path, Query, Router, Schema, Status

from accounts import services
from accounts.choices import OrganizationStatus
from accounts.forms import InviteMemberForm, MemberRoleForm, OrganizationForm
from accounts.models import Membership, Organization
from api.concurrency import require_if_match, set_etag
from api.errors import ApiError, ErrorOut, first_form_error

router = Router(tags=["accounts"])

# Ids beyond this are refused with a 422 naming the field instead of overflowing in the database.
MAX_ID = 2**62
MemberId = Path[int, P(ge=1, le=MAX_ID)]
MAX_LIMIT = 100
ERRORS = dict.fromkeys((403, 404, 409, 412, 422, 428), ErrorOut)


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


class OrganizationDetailOut(OrganizationOut):
    registration_number: str | None = Field(..., description="Korean companies: 10 digits.")
    website: str
    status_reason: str = Field(..., description="Why KDIA rejected or suspended the organisation.")
    created_at: datetime
    updated_at: datetime


class OrganizationIn(Schema):
    """Only the fields given change (null clears one); the rules are the organisation page's."""

    name_ko: str | None = Field(None, description="Name in Korean (a Korean or English name is required).")
    name_en: str | None = Field(None, description="Name in English.")
    registration_number: str | None = Field(
        None, description="Korean companies: the business registration number, with or without hyphens."
    )
    country: str | None = Field(
        None, description="ISO 3166 country code (foreign contractors); Korean companies are KR."
    )
    website: str | None = Field(None, description="Website address.")


class MemberOut(Schema):
    id: int = Field(..., description="The membership's id, used in the member operations' paths.")
    full_name: str
    email: str
    role: str = Field(..., description="admin or member.")
    invited: bool = Field(..., description="Invited and not yet signed in with a password of their own.")
    joined_at: datetime


class MemberPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[MemberOut]


class MemberQuery(Schema):
    limit: int = Field(20, ge=1, le=MAX_LIMIT, description="Items per page (1-100).")
    offset: int = Field(0, ge=0, le=1_000_000_000, description="Items to skip.")


class InviteIn(Schema):
    email: str = Field(
        ..., description="The colleague's e-mail address; they receive a link to set a password."
    )
    full_name: str = Field(..., description="The colleague's full name.")
    role: str = Field("member", description="admin or member.")


class RoleIn(Schema):
    role: str = Field(..., description="admin or member.")


def _organization_out(organization: Organization) -> dict:
    return {
        "id": organization.pk,
        "kind": organization.kind,
        "name_ko": organization.name_ko,
        "name_en": organization.name_en,
        "status": organization.status,
        "country": str(organization.country),
    }


def _organization_detail(organization: Organization) -> dict:
    return {
        **_organization_out(organization),
        "registration_number": organization.registration_number,
        "website": organization.website,
        "status_reason": organization.status_reason,
        "created_at": organization.created_at,
        "updated_at": organization.updated_at,
    }


def _member_out(membership: Membership) -> dict:
    user = membership.user
    return {
        "id": membership.pk,
        "full_name": user.full_name,
        "email": user.email,
        "role": membership.role,
        "invited": not user.has_usable_password(),
        "joined_at": membership.created_at,
    }


def _form_refusal(form) -> Status:
    """422 naming the first field the page's form refused (None for a whole-form refusal)."""
    field, code, message, _total = first_form_error(form)
    return Status(422, {"code": code, "message": str(message), "field": field})


def _member(request) -> None:
    """``member_required``: the organisation pages are for people who belong to one."""
    if request.user.organization is None:
        raise ApiError(403, "forbidden", gettext("Only members of an organisation have one to show."))


def _org_admin(request) -> None:
    """``org_admin_required``: only the organisation's administrators change it and its members."""
    if not request.user.is_org_admin:
        raise ApiError(
            403, "forbidden", gettext("Only your organisation's administrators may change it or its members.")
        )


def _editable_organization(request, *, lock: bool = False) -> Organization:
    organizations = Organization.objects.editable_by(request.user)
    if lock:
        organizations = organizations.select_for_update()
    organization = organizations.filter(pk=request.user.organization.pk).first()
    if organization is None:
        raise ApiError(404, "not_found", gettext("Not found."))
    return organization


def _own_memberships(request):
    """Memberships of the caller's own organisation (KDIA sees all of them elsewhere, not here)."""
    return (
        Membership.objects.visible_to(request.user)
        .filter(organization=request.user.organization)
        .select_related("user")
    )


def _own_membership(request, member_id: int) -> Membership:
    membership = _own_memberships(request).filter(pk=member_id).first()
    if membership is None:
        raise ApiError(404, "not_found", gettext("No member of your organisation with this id."))
    return membership


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
        "organization": None if organization is None else _organization_out(organization),
    }


@router.get(
    "/organization",
    response={200: OrganizationDetailOut, 403: ErrorOut},
    summary="Your organisation (the ETag is its version, for If-Match)",
)
def get_organization(request, response: HttpResponse):
    _member(request)
    organization = Organization.objects.visible_to(request.user).get(pk=request.user.organization.pk)
    set_etag(response, organization)
    return _organization_detail(organization)


@router.patch(
    "/organization",
    response={200: OrganizationDetailOut, **ERRORS},
    summary="Update your organisation's details (its administrators; If-Match with its ETag)",
)
def update_organization(request, payload: OrganizationIn, response: HttpResponse):
    _org_admin(request)
    with transaction.atomic():
        organization = _editable_organization(request, lock=True)
        require_if_match(request, organization)
        values = {
            "name_ko": organization.name_ko,
            "name_en": organization.name_en,
            "registration_number": organization.registration_number or "",
            "country": str(organization.country or ""),
            "website": organization.website,
        }
        changes = payload.dict(exclude_unset=True)
        data = {**values, **{name: "" if value is None else value for name, value in changes.items()}}
        form = OrganizationForm(data, instance=organization)
        if not form.is_valid():
            return _form_refusal(form)
        organization = form.save(commit=False)
        # As on the page: a rejected organisation that corrects its details goes back to KDIA's review.
        if organization.status == OrganizationStatus.REJECTED:
            organization.status = OrganizationStatus.PENDING
        organization.save()
    set_etag(response, organization)
    return _organization_detail(organization)


@router.get(
    "/organization/members",
    response={200: MemberPage, 403: ErrorOut},
    summary="The members of your organisation, with their roles",
)
def list_members(request, query: Query[MemberQuery]):
    _member(request)
    memberships = _own_memberships(request).order_by("user__full_name", "pk")
    window = memberships[query.offset : query.offset + query.limit]
    return {
        "count": memberships.count(),
        "limit": query.limit,
        "offset": query.offset,
        "items": [_member_out(membership) for membership in window],
    }


@router.post(
    "/organization/members",
    response={201: MemberOut, **ERRORS},
    summary="Invite a colleague (administrators); they are e-mailed a link to set a password",
)
def invite_member(request, payload: InviteIn):
    _org_admin(request)
    form = InviteMemberForm(payload.dict())
    if not form.is_valid():
        return _form_refusal(form)
    try:
        with transaction.atomic():
            user = services.invite_member(
                request.user.organization, inviter=request.user, **form.cleaned_data
            )
    except IntegrityError:  # the same address, invited at the same moment in another request
        return Status(
            422,
            {
                "code": "invalid",
                "message": gettext("A user with this e-mail address already exists."),
                "field": "email",
            },
        )
    return Status(201, _member_out(user.membership))


def _last_admin(field: str | None = None) -> ApiError:
    return ApiError(409, "last_admin", gettext("Your organisation needs at least one administrator."), field)


@router.patch(
    "/organization/members/{member_id}",
    response={200: MemberOut, **ERRORS},
    summary="Change a member's role (administrators; the last administrator stays one)",
)
def change_role(request, member_id: MemberId, payload: RoleIn):
    _org_admin(request)
    membership = _own_membership(request, member_id)
    form = MemberRoleForm({"role": payload.role})
    if not form.is_valid():
        return _form_refusal(form)
    try:
        membership = services.change_role(membership, form.cleaned_data["role"], by=request.user)
    except services.LastAdminError:
        raise _last_admin("role") from None
    return _member_out(membership)


@router.delete(
    "/organization/members/{member_id}",
    response={204: None, **ERRORS},
    summary="Remove a member (administrators; their account is deactivated, its history kept)",
)
def remove_member(request, member_id: MemberId):
    _org_admin(request)
    membership = _own_membership(request, member_id)
    if membership.user_id == request.user.pk:
        raise ApiError(
            409, "cannot_remove_self", gettext("You cannot remove yourself; ask another administrator.")
        )
    try:
        services.remove_member(membership, by=request.user)
    except services.LastAdminError:
        raise _last_admin() from None
    return Status(204, None)
