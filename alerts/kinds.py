"""What can be saved as a search: a small registry of *kinds*, one per list page.

A kind says which list it is, how a querystring filters it for one user, which moment makes an
object "new" for the digest, and how to name and link one object. Apps plug in their own lists
(or replace one registered here) from their ``AppConfig.ready()``::

    from alerts import kinds

    kinds.register(
        kinds.Kind(
            code="requirements",
            label=_("KIP requirements"),
            list_url_name="matching:requirement_list",
            search=lambda user, data: MyFilter(data, queryset=Requirement.objects.visible_to(user)).qs,
            new_since="published_at",
            describe=lambda requirement: (requirement.title, requirement.get_absolute_url()),
            keys=frozenset(MyFilter.base_filters) - {"sort"},
            summarise=kinds.filter_labels(MyFilter, Requirement),
        ),
        replace=True,
    )

Built in: "companies" and "products" (the directory's FilterSets over ``visible_to``) and
"requirements" (published KIP requirements through matching's ``RequirementFilter``).

Import this module only once apps are loaded (views, services, ``ready()``): it imports models.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import F, QuerySet
from django.db.models.expressions import Combinable
from django.db.models.functions import Coalesce, Greatest
from django.http import QueryDict
from django.urls import NoReverseMatch, reverse
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from alerts import querystrings

NAME_MAX_LENGTH = 120
NEW_AT = "alerts_new_at"  # the annotation holding each object's "new since" moment
_MISSING = object()


@dataclass(frozen=True)
class Kind:
    """One list a search can be saved from.

    - ``code``: stored on each saved search ("companies"); never rename one in use.
    - ``label``: the list's name, shown to people (lazy translation).
    - ``list_url_name``: the list page; the saved querystring is appended to it.
    - ``search(user, querydict) -> QuerySet``: the objects the list shows ``user`` for those filters
      (row permissions included: build it on ``visible_to(user)``).
    - ``new_since``: a field path or an expression on the model giving the moment an object became
      new to this list (visible, published); objects where it is NULL are never new.
    - ``describe(obj) -> (title, path)``: the object's name in the active language and its page.
    - ``keys``: the querystring keys a saved search keeps (None: every key but page and sort).
    - ``summarise(querydict) -> list[str]``: words for the chosen filters, for a search's default
      name (None: the raw values).
    """

    code: str
    label: Any
    list_url_name: str
    search: Callable[[Any, QueryDict], QuerySet]
    new_since: str | Combinable
    describe: Callable[[Any], tuple[str, str]]
    keys: frozenset[str] | None = None
    summarise: Callable[[QueryDict], list[str]] | None = None

    def list_path(self, querystring: str = "") -> str:
        """The list page with these filters, or the saved-search page while the list does not exist."""
        try:
            path = reverse(self.list_url_name)
        except NoReverseMatch:
            return fallback_path()
        return f"{path}?{querystring}" if querystring else path

    def normalise(self, querystring: str) -> str:
        """The canonical querystring to store (raises ``querystrings.QuerystringError``)."""
        return querystrings.normalise(querystring, self.keys)

    def matches(self, user, querystring: str) -> QuerySet:
        """Everything the saved search matches for ``user`` now, as the list page would show it."""
        return self.search(user, QueryDict(querystring or ""))

    def new_matches(self, user, querystring: str, since: datetime, until: datetime) -> QuerySet:
        """The matches that became new after ``since`` and no later than ``until``, newest first."""
        moment = F(self.new_since) if isinstance(self.new_since, str) else self.new_since
        return (
            self.matches(user, querystring)
            .annotate(**{NEW_AT: moment})
            .filter(**{f"{NEW_AT}__gt": since, f"{NEW_AT}__lte": until})
            .order_by(f"-{NEW_AT}", "-pk")
        )

    def default_name(self, querystring: str) -> str:
        """A name for a search nobody named: the list and its filters."""
        data = QueryDict(querystring or "")
        parts = []
        if self.summarise is not None:
            try:
                parts = self.summarise(data)
            except Exception:  # a name is a convenience: fall back to the raw values
                parts = []
        if not parts:
            parts = [value for _key, value in querystrings.pairs(querystring)]
        if not parts:
            return Truncator(str(self.label)).chars(NAME_MAX_LENGTH)
        name = gettext("%(list)s: %(filters)s") % {"list": self.label, "filters": " · ".join(parts)}
        return Truncator(name).chars(NAME_MAX_LENGTH)


_registry: dict[str, Kind] = {}


class AlreadyRegistered(Exception):
    """Another kind has this code; pass ``replace=True`` to replace it on purpose."""


def register(kind: Kind, *, replace: bool = False) -> Kind:
    if kind.code in _registry and not replace:
        raise AlreadyRegistered(kind.code)
    _registry[kind.code] = kind
    return kind


def unregister(code: str) -> None:
    _registry.pop(code, None)


def get(code: str, default=_MISSING) -> Kind:
    """The kind registered as ``code``; ``KeyError`` (or ``default``) when none is."""
    if code in _registry:
        return _registry[code]
    if default is _MISSING:
        raise KeyError(code)
    return default


def all_kinds() -> list[Kind]:
    return list(_registry.values())


def choices() -> list[tuple[str, Any]]:
    return [(kind.code, kind.label) for kind in _registry.values()]


def fallback_path() -> str:
    return reverse("alerts:list")


def filter_labels(filterset_class, model) -> Callable[[QueryDict], list[str]]:
    """A ``summarise`` built on a FilterSet's form: the words a person chose, as the form labels them."""

    def summarise(data: QueryDict) -> list[str]:
        form = filterset_class(data, queryset=model._default_manager.none()).form
        if not form.is_valid():
            return []
        parts = []
        for name, field in form.fields.items():
            value = form.cleaned_data.get(name)
            if name in querystrings.VIEW_KEYS or value is None or value in ("", False):
                continue
            if isinstance(value, str) and not getattr(field, "choices", None):
                parts.append(f"“{value}”")
            elif value is True:
                parts.append(str(field.label))
            elif isinstance(value, QuerySet | list | tuple):
                labels = dict(getattr(field, "choices", ()))
                parts.extend(
                    str(labels.get(item, item)) if isinstance(item, str) else str(item) for item in value
                )
            else:
                labels = dict(getattr(field, "choices", ()))
                parts.append(f"{field.label}: {labels.get(value, value)}")
        return parts

    return summarise


# --- the built-in kinds -------------------------------------------------------------------------


def _register_directory() -> None:
    from companies.filters import CompanyFilter, ProductFilter
    from companies.models import Company, Product

    register(
        Kind(
            code="companies",
            label=_("Korean companies"),
            list_url_name="companies:company_list",
            search=lambda user, data: CompanyFilter(data, queryset=Company.objects.visible_to(user)).qs,
            # "New" = verified by KDIA (and so published) since the last digest. A profile is public
            # once KDIA verifies it, and created_at/updated_at say nothing about that (imports create
            # profiles long before they are published; every edit touches updated_at). A re-verified
            # profile counts as new again: KDIA has just confirmed it.
            new_since="last_verified_at",
            describe=lambda company: (
                company.name,
                reverse("companies:company_detail", kwargs={"brn": company.brn}),
            ),
            keys=frozenset(CompanyFilter.base_filters) - querystrings.VIEW_KEYS,
            summarise=filter_labels(CompanyFilter, Company),
        )
    )
    register(
        Kind(
            code="products",
            label=_("Products"),
            list_url_name="companies:product_list",
            search=lambda user, data: (
                ProductFilter(data, queryset=Product.objects.visible_to(user).select_related("company")).qs
            ),
            # A product becomes visible when it is added to a published profile, or when its
            # company's profile is verified (published) after it was added: the later of the two.
            new_since=Greatest("created_at", Coalesce("company__last_verified_at", "created_at")),
            describe=lambda product: (
                f"{product.name} · {product.company.name}",
                reverse("companies:product_detail", kwargs={"pk": product.pk}),
            ),
            keys=frozenset(ProductFilter.base_filters) - querystrings.VIEW_KEYS,
            summarise=filter_labels(ProductFilter, Product),
        )
    )


def _register_requirements() -> None:
    from matching.filters import RequirementFilter
    from matching.models import Requirement

    def search(user, data):
        # As the requirement list does: filters it cannot read give nothing rather than everything.
        filterset = RequirementFilter(data, queryset=Requirement.objects.visible_to(user).published())
        return filterset.qs if filterset.is_valid() else Requirement.objects.none()

    register(
        Kind(
            code="requirements",
            label=_("KIP requirements"),
            list_url_name="matching:requirement_list",
            search=search,
            new_since="published_at",
            describe=lambda requirement: (
                requirement.title,
                reverse("matching:requirement_detail", kwargs={"pk": requirement.pk}),
            ),
            keys=frozenset(RequirementFilter.base_filters) - querystrings.VIEW_KEYS,
            summarise=filter_labels(RequirementFilter, Requirement),
        )
    )


_register_directory()
_register_requirements()
