"""Every URL and API endpoint, for every persona: who gets in, who is turned away and how.

A new view must add a row here; `test_every_url_has_a_row` fails until it does.
Outcomes: ok (200), done (302 after a successful POST), login (sent to sign in),
gate (sent to the pending-approval page), mfa (sent to set up a second factor),
forbidden (403), missing (404), unauthorised (401, API), admin_login (the admin's
own "not allowed" redirect).
"""

from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest
from django.contrib import admin
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from api.router import api
from companies.tests.api_matrix import path_ids
from conftest import PERSONAS, client_for

THIRD_PARTY_NAMESPACES = {"admin", "api-1"}  # covered by their own tests below
THIRD_PARTY_NAME_PREFIXES = ("account_", "mfa_")  # allauth's own pages


@dataclass(frozen=True)
class Row:
    name: str
    method: str = "get"
    kwargs: object = None  # callable(world) -> dict of URL kwargs
    data: dict = field(default_factory=dict)
    default: str = "ok"
    outcomes: dict = field(default_factory=dict)

    def expected(self, persona: str) -> str:
        return self.outcomes.get(persona, self.default)


SIGNED_OUT = {"anonymous": "login"}
# Members of unapproved organisations see only their status; KDIA/DAPA staff need their second factor.
GATED = {"pending": "gate", "kdia_no_2fa": "mfa"}
MEMBERS_ONLY = {**SIGNED_OUT, **GATED}
ORG_ADMINS_ONLY = {**MEMBERS_ONLY, "korean_member": "forbidden", "dapa": "forbidden"}
KDIA_ONLY = {
    **MEMBERS_ONLY,
    "korean_admin": "forbidden",
    "korean_member": "forbidden",
    "other_korean": "forbidden",
    "foreign": "forbidden",
    "dapa": "forbidden",
}
CONTRACTORS_ONLY = {**KDIA_ONLY, "kdia": "forbidden", "foreign": "ok"}
# Editing the Korean company's profile: its members and KDIA; for everyone else it does not exist.
PROFILE_EDITORS = {**MEMBERS_ONLY, "korean_admin": "ok", "korean_member": "ok", "kdia": "ok"}
PROFILE_ACTIONS = {**MEMBERS_ONLY, "korean_admin": "done", "korean_member": "done", "kdia": "done"}


# Obligations, claims and credit: the contractor they belong to, DAPA and KDIA.
KOREAN_TURNED_AWAY = {"korean_admin": "forbidden", "korean_member": "forbidden", "other_korean": "forbidden"}
OBLIGATION_VIEWERS = {**MEMBERS_ONLY, **KOREAN_TURNED_AWAY}
PROGRAMME_STAFF = {**OBLIGATION_VIEWERS, "foreign": "forbidden"}
DAPA_ONLY = {**PROGRAMME_STAFF, "kdia": "forbidden"}


# Wish-lists: rounds for KDIA, DAPA and Korean companies; each company reaches only its own proposals.
ROUND_VIEWERS = {**MEMBERS_ONLY, "foreign": "forbidden"}
COMPANY_MEMBERS = {**MEMBERS_ONLY, "foreign": "forbidden", "kdia": "forbidden", "dapa": "forbidden"}
# The Korean company's own proposal: its members, KDIA and DAPA; another company or a contractor gets 404.
OWN_PROPOSAL = {**MEMBERS_ONLY, "other_korean": "missing", "foreign": "missing"}
# A submitted package KDIA has not shared: KDIA and DAPA only.
SUBMITTED_PACKAGE = {
    **MEMBERS_ONLY,
    **dict.fromkeys(("korean_admin", "korean_member", "other_korean", "foreign"), "missing"),
}


# Requirements: published ones for every approved member; drafts for their contractor, KDIA, DAPA.
POSTERS = {**MEMBERS_ONLY, **KOREAN_TURNED_AWAY, "dapa": "forbidden"}
OWNER_KDIA_DAPA = {
    **MEMBERS_ONLY,
    **dict.fromkeys(("korean_admin", "korean_member", "other_korean"), "missing"),
}


# Message threads: the two organisations in them; KDIA and DAPA do not read private conversations.
PARTICIPANTS = {**MEMBERS_ONLY, "kdia": "forbidden", "dapa": "forbidden"}
OWN_THREAD = {**MEMBERS_ONLY, "other_korean": "missing", "kdia": "missing", "dapa": "missing"}


def thread_kwargs(world):
    from inquiries.testing import thread_kwargs as make

    return make(world)


def thread_attachment_kwargs(world):
    from inquiries.testing import attachment_kwargs as make

    return make(world)


def matching_pk(attribute):
    def kwargs(world):
        return {"pk": getattr(world.matching, attribute).pk}

    kwargs.__name__ = f"matching_{attribute}"
    return kwargs


def eoi_attachment_kwargs(world):
    from django.core.files.base import ContentFile

    from matching import services
    from offsets.testing import PDF_BYTES

    eoi = world.matching.eoi
    record = services.add_attachment(eoi, ContentFile(PDF_BYTES, name="x.pdf"), "capability.pdf", None)
    return {"pk": eoi.pk, "attachment_pk": record.pk}


# Events: public pages; participants (the contractor and the Korean company) reach their own
# requests, meetings and agendas; another company gets 404; KDIA runs the event under /staff/.
EVENT_PARTICIPANTS = {**MEMBERS_ONLY, "other_korean": "missing", "kdia": "forbidden", "dapa": "forbidden"}
EVENT_VIEWERS = {**MEMBERS_ONLY, "other_korean": "missing"}


def events_pk(attribute):
    def kwargs(world):
        return {"pk": getattr(world.events, attribute).pk}

    kwargs.__name__ = f"events_{attribute}"
    return kwargs


def staff_meeting(world):
    return {"pk": world.events.event.pk, "meeting_pk": world.events.meeting.pk}


def korean_member_feed(world):
    from events.models import CalendarFeed

    return {"token": CalendarFeed.objects.create(user=world.users.korean_member).token}


def wishlist_pk(attribute):
    def kwargs(world):
        return {"pk": getattr(world.wishlists, attribute).pk}

    kwargs.__name__ = f"wishlist_{attribute}"
    return kwargs


def offsets_pk(attribute):
    def kwargs(world):
        return {"pk": getattr(world.offsets, attribute).pk}

    kwargs.__name__ = attribute
    return kwargs


# Consultations: the requesting organisation's members; KDIA works every case; DAPA reads the ones
# shared with it; another organisation gets 404.
CASE_READERS = {**MEMBERS_ONLY, **dict.fromkeys(("korean_admin", "korean_member", "other_korean"), "missing")}
CASE_ACTIONS = {**CASE_READERS, "foreign": "done", "kdia": "forbidden", "dapa": "forbidden"}


def consultation(name):
    def kwargs(world):
        from consultations import testing

        return getattr(testing, f"{name}_kwargs")(world)

    kwargs.__name__ = f"consultation_{name}"
    return kwargs


def korean_member_search(world):
    from alerts.testing import korean_member_search as make

    return make(world)


def korean_member_unsubscribe(world):
    from alerts.testing import korean_member_unsubscribe as make

    return make(world)


def korean_member_notification(world):
    from notifications.models import Notification

    note = Notification.objects.create(user=world.users.korean_member, title_en="Ping", url="/wishlists/")
    return {"pk": note.pk}


def korean_member_membership(world):
    return {"pk": world.users.korean_member.membership.pk}


def korean_api_key(world):
    from api.models import ApiKey

    key, _secret = ApiKey.issue(
        name="Matrix key", organization=world.orgs.korean, created_by=world.users.korean_admin
    )
    return {"pk": key.pk}


def waiting_org(world):
    return {"pk": world.orgs.waiting.pk}


def published(world):
    return {"brn": world.directory.published.brn}


def draft(world):
    return {"brn": world.directory.draft.brn}


def product(world):
    return {"pk": world.directory.product.pk}


def photo(world):
    return {"pk": world.directory.photo.pk}


def shortlist(world):
    return {"pk": world.directory.shortlist.pk}


def import_job(world):
    from companies.models import ImportJob

    job = ImportJob.objects.create(kind="companies", original_name="x.csv", created_by=world.users.kdia)
    return {"pk": job.pk}


def notices_kwargs(name):
    def kwargs(world):
        from notices import testing

        return getattr(testing, name)(world)

    kwargs.__name__ = name
    return kwargs


MATRIX = [
    Row("portal:home", outcomes=GATED),
    # Dashboards: public statistics for everyone; KDIA's dashboard; obligations for DAPA and KDIA.
    Row("dashboards:statistics", outcomes=GATED),
    Row("dashboards:statistics_csv", kwargs=lambda w: {"slug": "sme-share"}, outcomes=GATED),
    Row("staff_dashboards:kdia", outcomes=KDIA_ONLY),
    Row("staff_audit:event_list", outcomes=KDIA_ONLY),
    Row("staff_audit:event_export", outcomes=KDIA_ONLY),
    Row("staff_dashboards:kdia_csv", kwargs=lambda w: {"slug": "companies-by-field"}, outcomes=KDIA_ONLY),
    Row("staff_dashboards:dapa", outcomes=PROGRAMME_STAFF),
    Row(
        "staff_dashboards:dapa_csv",
        kwargs=lambda w: {"slug": "obligations-by-programme"},
        outcomes=PROGRAMME_STAFF,
    ),
    Row("healthz"),
    Row("set_language", method="post", data={"language": "en", "next": "/"}, default="done"),
    Row("accounts:pending", default="done", outcomes={**SIGNED_OUT, "pending": "ok", "kdia_no_2fa": "mfa"}),
    Row("accounts:organization", outcomes=MEMBERS_ONLY),
    # Saved searches belong to one person: anyone else's id is 404, KDIA and DAPA included.
    Row("alerts:list", outcomes=MEMBERS_ONLY),
    Row(
        "alerts:save",
        method="post",
        data={"kind": "companies", "querystring": "field=naval"},
        default="done",
        outcomes=MEMBERS_ONLY,
    ),
    Row(
        "alerts:update",
        method="post",
        kwargs=korean_member_search,
        data={"frequency": "daily"},
        default="missing",
        outcomes={**MEMBERS_ONLY, "korean_member": "done"},
    ),
    Row(
        "alerts:delete",
        method="post",
        kwargs=korean_member_search,
        default="missing",
        outcomes={**MEMBERS_ONLY, "korean_member": "done"},
    ),
    # The token in the e-mail is the key: no sign-in needed, and no gate stands in the way.
    Row("alerts:unsubscribe", kwargs=korean_member_unsubscribe),
    Row("alerts:unsubscribe", method="post", kwargs=korean_member_unsubscribe, default="done"),
    # Notifications belong to their recipient alone; anyone else's id is 404, KDIA and DAPA included.
    Row("notifications:list", outcomes=MEMBERS_ONLY),
    Row(
        "notifications:open",
        kwargs=korean_member_notification,
        default="missing",
        outcomes={**MEMBERS_ONLY, "korean_member": "done"},
    ),
    Row("notifications:read_all", method="post", default="done", outcomes=MEMBERS_ONLY),
    Row("accounts:organization_edit", outcomes={**ORG_ADMINS_ONLY, "pending": "ok"}),
    Row("accounts:member_invite", outcomes=ORG_ADMINS_ONLY),
    # API keys: the organisation's admins; another organisation's key is 404.
    Row("api:key_list", outcomes=ORG_ADMINS_ONLY),
    Row("api:key_create", outcomes=ORG_ADMINS_ONLY),
    Row(
        "api:key_revoke",
        kwargs=korean_api_key,
        default="missing",
        outcomes={**ORG_ADMINS_ONLY, "korean_admin": "ok"},
    ),
    # Another organisation's membership is 404, never "forbidden": ids must not be probeable.
    Row(
        "accounts:member_role",
        method="post",
        kwargs=korean_member_membership,
        data={"role": "admin"},
        default="missing",
        outcomes={**ORG_ADMINS_ONLY, "korean_admin": "done"},
    ),
    Row(
        "accounts:member_remove",
        method="post",
        kwargs=korean_member_membership,
        default="missing",
        outcomes={**ORG_ADMINS_ONLY, "korean_admin": "done"},
    ),
    Row("staff_accounts:review_list", outcomes=KDIA_ONLY),
    Row("staff_accounts:review_detail", kwargs=waiting_org, outcomes=KDIA_ONLY),
    # The directory: published profiles are public; drafts exist only for their owners, KDIA and DAPA.
    Row("companies:company_list", outcomes=GATED),
    Row("companies:product_list", outcomes=GATED),
    Row("companies:compare", outcomes=GATED),
    Row("companies:export_companies", kwargs=lambda w: {"fmt": "csv"}, outcomes=MEMBERS_ONLY),
    Row("companies:export_products", kwargs=lambda w: {"fmt": "xlsx"}, outcomes=MEMBERS_ONLY),
    Row("companies:company_detail", kwargs=published, outcomes=GATED),
    Row(
        "companies:company_detail",
        kwargs=draft,
        default="missing",
        outcomes={**GATED, "other_korean": "ok", "kdia": "ok", "dapa": "ok"},
    ),
    Row("companies:company_file", kwargs=lambda w: {**published(w), "kind": "logo"}, outcomes=GATED),
    Row("companies:product_detail", kwargs=product, outcomes=GATED),
    Row("companies:photo", kwargs=lambda w: {**photo(w), "size": "thumb"}, outcomes=GATED),
    Row("companies:company_edit", kwargs=published, default="missing", outcomes=PROFILE_EDITORS),
    Row("companies:company_files", kwargs=published, default="missing", outcomes=PROFILE_EDITORS),
    Row(
        "companies:company_section",
        kwargs=lambda w: {**published(w), "section": "contacts"},
        default="missing",
        outcomes=PROFILE_EDITORS,
    ),
    Row("companies:company_history", kwargs=published, default="missing", outcomes=PROFILE_EDITORS),
    Row(
        "companies:company_submit",
        method="post",
        kwargs=published,
        default="missing",
        outcomes=PROFILE_ACTIONS,
    ),
    Row("companies:product_create", kwargs=published, default="missing", outcomes=PROFILE_EDITORS),
    Row("companies:product_edit", kwargs=product, default="missing", outcomes=PROFILE_EDITORS),
    Row("companies:product_photos", kwargs=product, default="missing", outcomes=PROFILE_EDITORS),
    Row(
        "companies:product_delete", method="post", kwargs=product, default="missing", outcomes=PROFILE_ACTIONS
    ),
    Row("companies:photo_delete", method="post", kwargs=photo, default="missing", outcomes=PROFILE_ACTIONS),
    # Shortlists belong to the contractor that keeps them.
    Row("companies:shortlist_list", outcomes=CONTRACTORS_ONLY),
    Row("companies:shortlist_detail", kwargs=shortlist, outcomes=CONTRACTORS_ONLY),
    Row("companies:shortlist_edit", kwargs=shortlist, outcomes=CONTRACTORS_ONLY),
    Row(
        "companies:shortlist_add",
        method="post",
        data={"company": "x"},
        outcomes={**CONTRACTORS_ONLY, "foreign": "missing"},
    ),
    Row(
        "companies:shortlist_entry",
        method="post",
        kwargs=lambda w: {**shortlist(w), "entry_pk": w.directory.entry.pk},
        data={"note": "n"},
        outcomes={**CONTRACTORS_ONLY, "foreign": "done"},
    ),
    Row(
        "companies:shortlist_export",
        kwargs=lambda w: {**shortlist(w), "fmt": "csv"},
        outcomes=CONTRACTORS_ONLY,
    ),
    # Offsets: programme summaries and the calculator are public; restricted documents, MOAs,
    # claims and credit only for the contractor concerned, DAPA and KDIA; another contractor's are 404.
    Row("offsets:calculator", outcomes=GATED),
    Row("offsets:programme_list", outcomes=GATED),
    Row("offsets:programme_detail", kwargs=offsets_pk("programme"), outcomes=GATED),
    Row(
        "offsets:document",
        kwargs=lambda w: {"pk": w.offsets.programme.pk, "doc_pk": w.offsets.document.pk},
        default="missing",
        outcomes={**GATED, "foreign": "ok", "kdia": "ok", "dapa": "ok"},
    ),
    Row("offsets:agreement_list", outcomes=OBLIGATION_VIEWERS),
    Row("offsets:agreement_detail", kwargs=offsets_pk("agreement"), outcomes=OBLIGATION_VIEWERS),
    Row(
        "offsets:agreement_detail",
        kwargs=offsets_pk("rival_agreement"),
        outcomes={**OBLIGATION_VIEWERS, "foreign": "missing"},
    ),
    Row(
        "offsets:claim_create",
        kwargs=lambda w: {"item_pk": w.offsets.item.pk},
        outcomes=CONTRACTORS_ONLY,
    ),
    Row(
        "offsets:claim_create",
        kwargs=lambda w: {"item_pk": w.offsets.rival_item.pk},
        outcomes={**CONTRACTORS_ONLY, "foreign": "missing"},
    ),
    Row("offsets:claim_list", outcomes=OBLIGATION_VIEWERS),
    Row("offsets:claim_detail", kwargs=offsets_pk("claim"), outcomes=OBLIGATION_VIEWERS),
    Row("offsets:claim_edit", kwargs=offsets_pk("claim"), outcomes=CONTRACTORS_ONLY),
    Row(
        "offsets:evidence",
        kwargs=lambda w: {"pk": w.offsets.claim.pk, "evidence_pk": w.offsets.evidence.pk},
        outcomes=OBLIGATION_VIEWERS,
    ),
    Row("offsets:credit_accounts", outcomes={**OBLIGATION_VIEWERS, "foreign": "done"}),
    Row("offsets:credit_account", kwargs=offsets_pk("account"), outcomes=OBLIGATION_VIEWERS),
    Row("staff_offsets:programme_create", outcomes=PROGRAMME_STAFF),
    Row("staff_offsets:programme_edit", kwargs=offsets_pk("programme"), outcomes=PROGRAMME_STAFF),
    Row(
        "staff_offsets:programme_state",
        method="post",
        kwargs=offsets_pk("programme"),
        data={"to_state": "rfp", "from_state": "planned"},
        outcomes={**PROGRAMME_STAFF, "kdia": "done", "dapa": "done"},
    ),
    Row("staff_offsets:document_upload", kwargs=offsets_pk("programme"), outcomes=PROGRAMME_STAFF),
    Row("staff_offsets:agreement_create", kwargs=offsets_pk("programme"), outcomes=PROGRAMME_STAFF),
    Row("staff_offsets:agreement_edit", kwargs=offsets_pk("agreement"), outcomes=PROGRAMME_STAFF),
    Row("staff_offsets:item_create", kwargs=offsets_pk("agreement"), outcomes=PROGRAMME_STAFF),
    Row("staff_offsets:item_edit", kwargs=offsets_pk("item"), outcomes=PROGRAMME_STAFF),
    Row("staff_offsets:claim_decide", kwargs=offsets_pk("claim"), outcomes=DAPA_ONLY),
    Row("staff_offsets:ledger_post", outcomes=DAPA_ONLY),
    Row("wishlists:index", outcomes=ROUND_VIEWERS),
    Row("wishlists:round_detail", kwargs=wishlist_pk("round"), outcomes=ROUND_VIEWERS),
    Row("wishlists:proposal_create", kwargs=wishlist_pk("round"), outcomes=COMPANY_MEMBERS),
    Row("wishlists:proposal_list", outcomes=MEMBERS_ONLY),
    Row("wishlists:proposal_detail", kwargs=wishlist_pk("draft"), outcomes=OWN_PROPOSAL),
    Row(
        "wishlists:proposal_detail",
        kwargs=wishlist_pk("others"),
        outcomes={
            **OWN_PROPOSAL,
            "korean_admin": "missing",
            "korean_member": "missing",
            "other_korean": "ok",
        },
    ),
    Row(
        "wishlists:proposal_edit",
        kwargs=wishlist_pk("draft"),
        outcomes={**COMPANY_MEMBERS, "other_korean": "missing"},
    ),
    Row(
        "wishlists:proposal_submit",
        method="post",
        kwargs=wishlist_pk("draft"),
        outcomes={
            **COMPANY_MEMBERS,
            "korean_admin": "done",
            "korean_member": "done",
            "other_korean": "missing",
        },
    ),
    Row(
        "wishlists:attachment",
        kwargs=lambda w: {"pk": w.wishlists.draft.pk, "attachment_pk": w.wishlists.attachment.pk},
        outcomes=OWN_PROPOSAL,
    ),
    Row("wishlists:package_list", outcomes=MEMBERS_ONLY),
    Row("wishlists:package_detail", kwargs=wishlist_pk("package"), outcomes=SUBMITTED_PACKAGE),
    Row("wishlists:package_export", kwargs=wishlist_pk("package"), outcomes=SUBMITTED_PACKAGE),
    Row(
        "wishlists:package_acknowledge",
        method="post",
        kwargs=wishlist_pk("package"),
        outcomes={**PROGRAMME_STAFF, "kdia": "forbidden", "dapa": "done"},
    ),
    Row("staff_wishlists:round_create", outcomes=KDIA_ONLY),
    Row("staff_wishlists:round_edit", kwargs=wishlist_pk("round"), outcomes=KDIA_ONLY),
    Row(
        "staff_wishlists:package_compile",
        method="post",
        kwargs=wishlist_pk("round"),
        outcomes={**KDIA_ONLY, "kdia": "done"},
    ),
    Row("staff_wishlists:proposal_review", kwargs=wishlist_pk("others"), outcomes=KDIA_ONLY),
    Row(
        "staff_wishlists:proposal_merge",
        method="post",
        kwargs=wishlist_pk("others"),
        outcomes={**KDIA_ONLY, "kdia": "done"},
    ),
    Row(
        "staff_wishlists:package_submit",
        method="post",
        kwargs=wishlist_pk("package"),
        outcomes={**KDIA_ONLY, "kdia": "done"},
    ),
    Row(
        "staff_wishlists:package_share",
        method="post",
        kwargs=wishlist_pk("package"),
        data={"shared": "1"},
        outcomes={**KDIA_ONLY, "kdia": "done"},
    ),
    Row("matching:requirement_list", outcomes=MEMBERS_ONLY),
    Row("matching:requirement_detail", kwargs=matching_pk("published"), outcomes=MEMBERS_ONLY),
    Row("matching:requirement_detail", kwargs=matching_pk("draft"), outcomes=OWNER_KDIA_DAPA),
    Row("matching:requirement_create", outcomes=POSTERS),
    Row("matching:requirement_edit", kwargs=matching_pk("published"), outcomes=POSTERS),
    Row(
        "matching:requirement_submit",
        method="post",
        kwargs=matching_pk("draft"),
        outcomes={**POSTERS, "foreign": "done", "kdia": "done"},
    ),
    Row(
        "matching:requirement_close",
        method="post",
        kwargs=matching_pk("published"),
        outcomes={**POSTERS, "foreign": "done", "kdia": "done"},
    ),
    Row("matching:requirement_matches", kwargs=matching_pk("published"), outcomes=OWNER_KDIA_DAPA),
    # Both companies already have one (sent or draft), so each is taken to its own.
    Row(
        "matching:eoi_create",
        kwargs=matching_pk("published"),
        outcomes={**COMPANY_MEMBERS, "korean_admin": "done", "korean_member": "done", "other_korean": "done"},
    ),
    Row("matching:eoi_list", outcomes=MEMBERS_ONLY),
    Row(
        "matching:eoi_detail", kwargs=matching_pk("eoi"), outcomes={**MEMBERS_ONLY, "other_korean": "missing"}
    ),
    Row(
        "matching:eoi_edit",
        kwargs=matching_pk("draft_eoi"),
        outcomes={**COMPANY_MEMBERS, "korean_admin": "missing", "korean_member": "missing"},
    ),
    Row(
        "matching:eoi_submit",
        method="post",
        kwargs=matching_pk("draft_eoi"),
        outcomes={
            **COMPANY_MEMBERS,
            "korean_admin": "missing",
            "korean_member": "missing",
            "other_korean": "done",
        },
    ),
    Row(
        "matching:eoi_answer",
        method="post",
        kwargs=matching_pk("eoi"),
        data={"status": "shortlisted"},
        default="missing",
        outcomes={**MEMBERS_ONLY, "foreign": "done", "kdia": "done"},
    ),
    Row(
        "matching:eoi_attachment",
        kwargs=eoi_attachment_kwargs,
        outcomes={**MEMBERS_ONLY, "other_korean": "missing"},
    ),
    Row("inquiries:inbox", outcomes=PARTICIPANTS),
    Row("inquiries:thread_start", default="missing", outcomes=PARTICIPANTS),  # no ?company= or ?requirement=
    Row("inquiries:thread", kwargs=thread_kwargs, outcomes=OWN_THREAD),
    Row("inquiries:attachment", kwargs=thread_attachment_kwargs, outcomes=OWN_THREAD),
    Row("staff_matching:queue", outcomes=KDIA_ONLY),
    Row(
        "staff_matching:moderate",
        method="post",
        kwargs=matching_pk("pending"),
        data={"decision": "publish"},
        outcomes={**KDIA_ONLY, "kdia": "done"},
    ),
    Row("staff_companies:queue", outcomes=KDIA_ONLY),
    Row("staff_companies:import_upload", outcomes=KDIA_ONLY),
    Row("staff_companies:import_status", kwargs=import_job, outcomes=KDIA_ONLY),
    Row(
        "staff_companies:import_run_again",
        method="post",
        kwargs=import_job,
        outcomes={**KDIA_ONLY, "kdia": "done"},
    ),
    Row("staff_companies:verify", method="post", kwargs=published, outcomes={**KDIA_ONLY, "kdia": "done"}),
    Row(
        "staff_companies:request_update",
        method="post",
        kwargs=published,
        outcomes={**KDIA_ONLY, "kdia": "done"},
    ),
    Row("events:event_list", outcomes=GATED),
    Row("events:event_detail", kwargs=events_pk("event"), outcomes=GATED),
    Row(
        "events:event_detail",
        kwargs=events_pk("draft"),
        default="missing",
        outcomes={**GATED, "kdia": "ok", "dapa": "ok"},
    ),
    # Both of the Korean company's members are registered already, so each is taken to the event.
    Row(
        "events:register",
        kwargs=events_pk("open_event"),
        outcomes={**COMPANY_MEMBERS, "korean_admin": "done", "korean_member": "done"},
    ),
    Row(
        "events:withdraw",
        method="post",
        kwargs=events_pk("open_event"),
        outcomes={
            **COMPANY_MEMBERS,
            "korean_admin": "done",
            "korean_member": "done",
            "other_korean": "missing",
        },
    ),
    Row("events:participants", kwargs=events_pk("event"), outcomes=EVENT_VIEWERS),
    Row("events:requests", kwargs=events_pk("event"), outcomes=EVENT_PARTICIPANTS),
    Row("events:request_create", kwargs=events_pk("event"), outcomes=EVENT_PARTICIPANTS),
    Row("events:availability", kwargs=events_pk("event"), outcomes=EVENT_PARTICIPANTS),
    Row("events:agenda", kwargs=events_pk("event"), outcomes=EVENT_VIEWERS),
    # KDIA and DAPA download a participant's file with ?participant=; without it there is none.
    Row(
        "events:agenda_ics",
        kwargs=events_pk("event"),
        outcomes={**EVENT_VIEWERS, "kdia": "missing", "dapa": "missing"},
    ),
    # Only the recipient (the Korean company) answers; the sender's id for it is 404 like anyone's.
    Row(
        "events:request_answer",
        method="post",
        kwargs=events_pk("pending"),
        data={"decision": "accept"},
        outcomes={
            **EVENT_PARTICIPANTS,
            "foreign": "missing",
            "korean_admin": "done",
            "korean_member": "done",
        },
    ),
    Row(
        "events:request_cancel",
        method="post",
        kwargs=events_pk("request"),
        default="done",
        outcomes=EVENT_PARTICIPANTS,
    ),
    # The event does not allow self-booking: the participants are sent back to their requests.
    Row("events:book", kwargs=events_pk("request"), default="done", outcomes=EVENT_PARTICIPANTS),
    Row("events:meeting_outcome", kwargs=events_pk("meeting"), outcomes=EVENT_PARTICIPANTS),
    Row("events:feed_manage", outcomes={**MEMBERS_ONLY, "kdia": "forbidden", "dapa": "forbidden"}),
    # The token is the key (calendar apps have no session); signed-in gated personas meet their gate.
    Row("events:feed", kwargs=korean_member_feed, outcomes=GATED),
    Row("staff_events:event_list", outcomes=KDIA_ONLY),
    Row("staff_events:event_create", outcomes=KDIA_ONLY),
    Row("staff_events:dashboard", kwargs=events_pk("event"), outcomes=KDIA_ONLY),
    Row("staff_events:event_edit", kwargs=events_pk("event"), outcomes=KDIA_ONLY),
    Row(
        "staff_events:status",
        method="post",
        kwargs=events_pk("open_event"),
        data={"step": "close"},
        outcomes={**KDIA_ONLY, "kdia": "done"},
    ),
    Row("staff_events:grid", kwargs=events_pk("event"), outcomes=KDIA_ONLY),
    Row("staff_events:contractors", kwargs=events_pk("event"), outcomes=KDIA_ONLY),
    Row(
        "staff_events:contractor_remove",
        method="post",
        kwargs=lambda w: {"pk": w.events.open_event.pk, "entry_pk": w.events.open_event.contractors.get().pk},
        outcomes={**KDIA_ONLY, "kdia": "done"},
    ),
    Row("staff_events:registrations", kwargs=events_pk("event"), outcomes=KDIA_ONLY),
    Row(
        "staff_events:registration_decide",
        method="post",
        kwargs=lambda w: {"pk": w.events.event.pk, "registration_pk": w.events.registration.pk},
        data={"decision": "validated"},
        outcomes={**KDIA_ONLY, "kdia": "done"},
    ),
    Row("staff_events:requests", kwargs=events_pk("event"), outcomes=KDIA_ONLY),
    Row("staff_events:schedule", kwargs=events_pk("event"), outcomes=KDIA_ONLY),
    Row(
        "staff_events:schedule_run",
        method="post",
        kwargs=events_pk("event"),
        outcomes={**KDIA_ONLY, "kdia": "done"},
    ),
    Row(
        "staff_events:place",
        method="post",
        kwargs=lambda w: {"pk": w.events.event.pk, "request_pk": w.events.request.pk},
        outcomes={**KDIA_ONLY, "kdia": "done"},
    ),
    Row("staff_events:meeting", kwargs=staff_meeting, outcomes=KDIA_ONLY),
    Row("staff_events:checkin", kwargs=events_pk("event"), outcomes=KDIA_ONLY),
    Row(
        "staff_events:attendance",
        method="post",
        kwargs=staff_meeting,
        data={"action": "check_in"},
        outcomes={**KDIA_ONLY, "kdia": "done"},
    ),
    Row("staff_events:outcome", kwargs=staff_meeting, outcomes=KDIA_ONLY),
    Row("consultations:case_list", outcomes=MEMBERS_ONLY),
    Row("consultations:case_create", outcomes=PARTICIPANTS),
    Row("consultations:case_detail", kwargs=consultation("shared_case"), outcomes=CASE_READERS),
    Row(
        "consultations:case_detail",
        kwargs=consultation("private_case"),
        outcomes={**CASE_READERS, "dapa": "missing"},
    ),
    Row(
        "consultations:case_reopen",
        method="post",
        kwargs=consultation("resolved_case"),
        data={"reason": "The rule is still unclear."},
        outcomes=CASE_ACTIONS,
    ),
    Row(
        "consultations:case_withdraw",
        method="post",
        kwargs=consultation("private_case"),
        outcomes={**CASE_ACTIONS, "dapa": "missing"},
    ),
    Row("consultations:attachment", kwargs=consultation("attachment"), outcomes=CASE_READERS),
    Row("staff_consultations:queue", outcomes=KDIA_ONLY),
    Row("staff_consultations:report", outcomes=KDIA_ONLY),
    Row("staff_consultations:export", kwargs=lambda w: {"fmt": "csv"}, outcomes=KDIA_ONLY),
    Row("staff_consultations:case", kwargs=consultation("private_case"), outcomes=KDIA_ONLY),
    Row(
        "staff_consultations:triage",
        method="post",
        kwargs=consultation("private_case"),
        data={"priority": "3", "topic": "rules"},
        outcomes={**KDIA_ONLY, "kdia": "done"},
    ),
    Row(
        "staff_consultations:entry",
        method="post",
        kwargs=consultation("private_case"),
        data={"kind": "note", "body": "Ask DAPA's offset division.", "then": "waiting"},
        outcomes={**KDIA_ONLY, "kdia": "done"},
    ),
    Row(
        "staff_consultations:resolve",
        method="post",
        kwargs=consultation("private_case"),
        data={"resolution": "Answered in the meeting of 3 March."},
        outcomes={**KDIA_ONLY, "kdia": "done"},
    ),
    # Notices and information pages: public (KDIA also sees drafts); KDIA edits them under /staff/.
    Row("notices:notice_list", outcomes=GATED),
    Row("notices:feed_rss", outcomes=GATED),
    Row("notices:feed_atom", outcomes=GATED),
    Row("notices:notice_detail", kwargs=notices_kwargs("matrix_notice"), outcomes=GATED),
    Row(
        "notices:notice_detail",
        kwargs=notices_kwargs("matrix_draft"),
        default="missing",
        outcomes={**GATED, "kdia": "ok"},
    ),
    Row("notices:attachment", kwargs=notices_kwargs("matrix_attachment"), outcomes=GATED),
    Row("notices:page_index", outcomes=GATED),
    Row("notices:page_detail", kwargs=lambda w: {"slug": "rules"}, outcomes=GATED),
    Row("staff_notices:notice_list", outcomes=KDIA_ONLY),
    Row("staff_notices:notice_create", outcomes=KDIA_ONLY),
    Row("staff_notices:notice_edit", kwargs=notices_kwargs("matrix_notice"), outcomes=KDIA_ONLY),
    Row(
        "staff_notices:notice_step",
        method="post",
        kwargs=notices_kwargs("matrix_notice"),
        data={"step": "pin"},
        outcomes={**KDIA_ONLY, "kdia": "done"},
    ),
    Row(
        "staff_notices:attachment_remove",
        method="post",
        kwargs=notices_kwargs("matrix_attachment"),
        outcomes={**KDIA_ONLY, "kdia": "done"},
    ),
    Row("staff_pages:page_list", outcomes=KDIA_ONLY),
    Row("staff_pages:page_edit", kwargs=lambda w: {"slug": "what-is-offset"}, outcomes=KDIA_ONLY),
    Row("staff_pages:faq_create", outcomes=KDIA_ONLY),
    Row("staff_pages:faq_edit", kwargs=notices_kwargs("matrix_faq"), outcomes=KDIA_ONLY),
    Row(
        "staff_pages:faq_delete",
        method="post",
        kwargs=notices_kwargs("matrix_faq"),
        outcomes={**KDIA_ONLY, "kdia": "done"},
    ),
]


def classify(response) -> str:
    status = response.status_code
    if status in (301, 302):
        path = urlsplit(response["Location"]).path
        if path == reverse("account_login"):
            return "login"
        if path == reverse("accounts:pending"):
            return "gate"
        if path == reverse("mfa_activate_totp"):
            return "mfa"
        if path == "/admin/login/":
            return "admin_login"
        return "done"
    return {200: "ok", 401: "unauthorised", 403: "forbidden", 404: "missing", 405: "not_allowed"}.get(
        status, str(status)
    )


def our_url_names() -> set[str]:
    names = set()

    def walk(patterns, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = pattern.namespace or namespace
                if inner not in THIRD_PARTY_NAMESPACES:
                    walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern) and pattern.name:
                if pattern.name.startswith(THIRD_PARTY_NAME_PREFIXES):
                    continue
                names.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)

    walk(get_resolver().url_patterns, None)
    return names


def test_every_url_has_a_row():
    assert our_url_names() == {row.name for row in MATRIX}


def row_id(row):
    return (
        f"{row.name}[{row.kwargs.__name__}]" if row.kwargs and row.kwargs.__name__ != "<lambda>" else row.name
    )


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("row", MATRIX, ids=row_id)
def test_url_for_persona(world, row, persona):
    client = client_for(world, persona)
    url = reverse(row.name, kwargs=row.kwargs(world) if row.kwargs else None)
    response = getattr(client, row.method)(url, row.data)
    assert classify(response) == row.expected(persona), f"{row.method.upper()} {url} as {persona}"


API_SIGNED_IN_ONLY = {"anonymous": "unauthorised", "pending": "forbidden", "kdia_no_2fa": "forbidden"}
API_PUBLIC = {"pending": "forbidden", "kdia_no_2fa": "forbidden"}
KOREAN_PERSONAS = ("korean_admin", "korean_member", "other_korean")
API_OUTCOMES = {
    "/api/v1/me": (lambda w: {}, API_SIGNED_IN_ONLY),
    "/api/v1/companies": (lambda w: {}, API_PUBLIC),
    "/api/v1/companies/{brn}": (published, API_PUBLIC),
    "/api/v1/products": (lambda w: {}, API_PUBLIC),
    "/api/v1/programmes": (lambda w: {}, API_PUBLIC),
    "/api/v1/programmes/{programme_id}": (lambda w: {"programme_id": w.offsets.programme.pk}, API_PUBLIC),
    "/api/v1/wishlists/proposals": (lambda w: {}, API_SIGNED_IN_ONLY),
    "/api/v1/wishlists/proposals/{proposal_id}": (
        lambda w: {"proposal_id": w.wishlists.draft.pk},
        {**API_SIGNED_IN_ONLY, "other_korean": "missing", "foreign": "missing"},
    ),
    "/api/v1/requirements": (lambda w: {}, API_SIGNED_IN_ONLY),
    "/api/v1/requirements/{requirement_id}": (
        lambda w: {"requirement_id": w.matching.published.pk},
        API_SIGNED_IN_ONLY,
    ),
    "/api/v1/requirements/{requirement_id}/matches": (
        lambda w: {"requirement_id": w.matching.published.pk},
        {**API_SIGNED_IN_ONLY, **dict.fromkeys(("korean_admin", "korean_member", "other_korean"), "missing")},
    ),
    "/api/v1/eois": (lambda w: {}, API_SIGNED_IN_ONLY),
    "/api/v1/inquiries/threads": (
        lambda w: {},
        {**API_SIGNED_IN_ONLY, "kdia": "forbidden", "dapa": "forbidden"},
    ),
    "/api/v1/inquiries/threads/{thread_id}": (
        lambda w: {"thread_id": thread_kwargs(w)["pk"]},
        {**API_SIGNED_IN_ONLY, "other_korean": "missing", "kdia": "missing", "dapa": "missing"},
    ),
    # POST only (its own tests post to it); a GET is refused for everyone the gate lets through.
    "/api/v1/offsets/calculate": (lambda w: {}, {**API_PUBLIC, "default": "not_allowed"}),
    # Obligations, claims and credit: the contractor's own, DAPA and KDIA; Korean companies are refused.
    **{
        path: (kwargs, {**API_SIGNED_IN_ONLY, **dict.fromkeys(KOREAN_PERSONAS, "forbidden")})
        for path, kwargs in (
            ("/api/v1/offsets/obligations", lambda w: {}),
            (
                "/api/v1/offsets/obligations/{agreement_id}",
                lambda w: {"agreement_id": w.offsets.agreement.pk},
            ),
            ("/api/v1/offsets/claims", lambda w: {}),
            ("/api/v1/offsets/claims/{claim_id}", lambda w: {"claim_id": w.offsets.claim.pk}),
            ("/api/v1/offsets/credits", lambda w: {}),
            ("/api/v1/offsets/credits/{account_id}", lambda w: {"account_id": w.offsets.account.pk}),
        )
    },
    "/api/v1/wishlists/rounds": (lambda w: {}, {**API_SIGNED_IN_ONLY, "foreign": "forbidden"}),
    "/api/v1/wishlists/rounds/{round_id}": (
        lambda w: {"round_id": w.wishlists.round.pk},
        {**API_SIGNED_IN_ONLY, "foreign": "forbidden"},
    ),
    "/api/v1/wishlists/packages": (lambda w: {}, API_SIGNED_IN_ONLY),
    "/api/v1/wishlists/packages/{package_id}": (
        lambda w: {"package_id": w.wishlists.package.pk},
        {**API_SIGNED_IN_ONLY, **dict.fromkeys((*KOREAN_PERSONAS, "foreign"), "missing")},
    ),
    "/api/v1/events/meetings": (lambda w: {}, API_SIGNED_IN_ONLY),
    "/api/v1/events/meetings/{meeting_id}": (
        lambda w: {"meeting_id": w.events.meeting.pk},
        {**API_SIGNED_IN_ONLY, "other_korean": "missing"},
    ),
    "/api/v1/events/{event_id}/availability": (
        lambda w: {"event_id": w.events.open_event.pk},
        {**API_SIGNED_IN_ONLY, "other_korean": "missing", "kdia": "forbidden", "dapa": "forbidden"},
    ),
    # POST/PUT only (tests/test_api_operations.py and their own tests write to them).
    **{
        path: (kwargs, {**API_PUBLIC, "default": "not_allowed"})
        for path, kwargs in (
            ("/api/v1/offsets/items/{item_id}/claims", lambda w: {"item_id": w.offsets.item.pk}),
            ("/api/v1/offsets/claims/{claim_id}/decision", lambda w: {"claim_id": w.offsets.claim.pk}),
            ("/api/v1/wishlists/rounds/{round_id}/proposals", lambda w: {"round_id": w.wishlists.round.pk}),
            (
                "/api/v1/wishlists/proposals/{proposal_id}/submit",
                lambda w: {"proposal_id": w.wishlists.draft.pk},
            ),
            (
                "/api/v1/wishlists/proposals/{proposal_id}/review",
                lambda w: {"proposal_id": w.wishlists.draft.pk},
            ),
            ("/api/v1/events/{event_id}/registrations", lambda w: {"event_id": w.events.open_event.pk}),
            (
                "/api/v1/events/registrations/{registration_id}/withdraw",
                lambda w: {"registration_id": w.events.registration.pk},
            ),
            (
                "/api/v1/events/meeting-requests/{request_id}/cancel",
                lambda w: {"request_id": w.events.pending.pk},
            ),
            ("/api/v1/events/meetings/{meeting_id}/outcome", lambda w: {"meeting_id": w.events.meeting.pk}),
        )
    },
    "/api/v1/events": (lambda w: {}, API_SIGNED_IN_ONLY),
    "/api/v1/events/{event_id}": (lambda w: {"event_id": w.events.event.pk}, API_SIGNED_IN_ONLY),
    "/api/v1/events/registrations": (lambda w: {}, API_SIGNED_IN_ONLY),
    "/api/v1/events/meeting-requests": (lambda w: {}, API_SIGNED_IN_ONLY),
    "/api/v1/events/meeting-requests/{request_id}/answer": (
        lambda w: {"request_id": w.events.pending.pk},
        {**API_PUBLIC, "default": "not_allowed"},
    ),
    "/api/v1/events/{event_id}/agenda": (
        lambda w: {"event_id": w.events.event.pk},
        {**API_SIGNED_IN_ONLY, **dict.fromkeys(("other_korean", "kdia", "dapa"), "missing")},
    ),
    "/api/v1/notices": (lambda w: {}, API_PUBLIC),
    "/api/v1/notices/{notice_id}": (
        lambda w: {"notice_id": notices_kwargs("matrix_notice")(w)["pk"]},
        API_PUBLIC,
    ),
    "/api/v1/consultations/cases": (lambda w: {}, API_SIGNED_IN_ONLY),
    "/api/v1/consultations/cases/{case_id}": (
        lambda w: {"case_id": consultation("shared_case")(w)["pk"]},
        {**API_SIGNED_IN_ONLY, **dict.fromkeys(("korean_admin", "korean_member", "other_korean"), "missing")},
    ),
    # POST only (their own tests post to them); a GET is refused for everyone the gate lets through.
    **dict.fromkeys(
        (
            "/api/v1/consultations/cases/{case_id}/messages",
            "/api/v1/consultations/cases/{case_id}/reopen",
            "/api/v1/consultations/cases/{case_id}/triage",
            "/api/v1/consultations/cases/{case_id}/entries",
            "/api/v1/consultations/cases/{case_id}/resolve",
        ),
        (
            lambda w: {"case_id": consultation("shared_case")(w)["pk"]},
            {**API_PUBLIC, "default": "not_allowed"},
        ),
    ),
    "/api/v1/products/{product_id}": (path_ids, API_PUBLIC),
    **dict.fromkeys(
        (
            "/api/v1/shortlists",
            "/api/v1/shortlists/{shortlist_id}",
            "/api/v1/shortlists/{shortlist_id}/export",
        ),
        (
            path_ids,
            {
                **API_SIGNED_IN_ONLY,
                **dict.fromkeys(
                    ("korean_admin", "korean_member", "other_korean", "kdia", "dapa"), "forbidden"
                ),
            },
        ),
    ),
    "/api/v1/requirements/{requirement_id}/gaps": (
        path_ids,
        {**API_SIGNED_IN_ONLY, **dict.fromkeys(("foreign", "kdia", "dapa"), "forbidden")},
    ),
    "/api/v1/eois/{eoi_id}": (path_ids, {**API_SIGNED_IN_ONLY, "other_korean": "missing"}),
    # Writes only (tests/test_api_operations.py calls them); a GET is refused for everyone the gate lets through.
    **dict.fromkeys(
        (
            "/api/v1/companies/{brn}/submit",
            "/api/v1/companies/{brn}/products",
            "/api/v1/products/{product_id}/photos",
            "/api/v1/photos/{photo_id}",
            "/api/v1/shortlists/{shortlist_id}/entries",
            "/api/v1/shortlists/{shortlist_id}/entries/{brn}",
            "/api/v1/requirements/{requirement_id}/submit",
            "/api/v1/requirements/{requirement_id}/close",
            "/api/v1/requirements/{requirement_id}/eois",
            "/api/v1/eois/{eoi_id}/submit",
            "/api/v1/eois/{eoi_id}/answer",
            "/api/v1/inquiries/threads/{thread_id}/messages",
            "/api/v1/inquiries/threads/{thread_id}/read",
        ),
        (path_ids, {**API_PUBLIC, "default": "not_allowed"}),
    ),
}


def test_every_api_operation_has_a_row():
    # Paths listed only in an app's tests/api_matrix.py are checked by tests/test_api_operations.py.
    from tests.test_api_operations import OPERATIONS

    listed_elsewhere = {operation.path for operation in OPERATIONS} - set(API_OUTCOMES)
    assert set(api.get_openapi_schema()["paths"]) - listed_elsewhere == set(API_OUTCOMES)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("path", sorted(API_OUTCOMES))
def test_api_for_persona(world, path, persona):
    kwargs, outcomes = API_OUTCOMES[path]
    response = client_for(world, persona).get(path.format(**kwargs(world)))
    assert classify(response) == outcomes.get(persona, outcomes.get("default", "ok"))


def test_draft_profile_is_missing_from_the_api_for_outsiders(world):
    url = f"/api/v1/companies/{world.directory.draft.brn}"
    assert client_for(world, "foreign").get(url).status_code == 404
    assert client_for(world, "anonymous").get(url).status_code == 404
    assert client_for(world, "other_korean").get(url).status_code == 200


def admin_changelists():
    return [
        reverse(f"admin:{m._meta.app_label}_{m._meta.model_name}_changelist") for m in admin.site._registry
    ]


ADMIN_OUTCOMES = {
    "kdia": "ok",
    "kdia_no_2fa": "mfa",
    "pending": "gate",
    "anonymous": "admin_login",
    "dapa": "admin_login",
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_admin_only_for_kdia_with_second_factor(world, persona):
    client = client_for(world, persona)
    for url in ["/admin/", *admin_changelists()]:
        outcome = classify(client.get(url))
        expected = ADMIN_OUTCOMES.get(persona, "admin_login")
        if persona == "kdia" and url != "/admin/" and outcome == "forbidden":
            # Django's own tables (groups, permissions) stay with operators.
            assert "/auth/" in url, url
            continue
        assert outcome == expected, f"{url} as {persona}"


def every_routable_path() -> list[str]:
    """Every URL in the project (ours, allauth's, the admin's) that needs no argument."""
    paths = []

    def walk(patterns, prefix):
        for pattern in patterns:
            route = str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, prefix + route)
            elif "<" not in route and "(?P" not in route:
                paths.append("/" + (prefix + route).lstrip("^").rstrip("$").replace("\\Z", ""))

    walk(get_resolver().url_patterns, "")
    return sorted(set(paths))


@pytest.mark.parametrize("persona", PERSONAS)
def test_no_url_fails_for_any_persona(world, persona):
    client = client_for(world, persona)
    failures = []
    for path in every_routable_path():
        if path.endswith("/logout/"):
            continue  # a GET would only show the confirmation; POST is covered by allauth
        status = client.get(path).status_code
        if status >= 500:
            failures.append((path, status))
    assert failures == []
