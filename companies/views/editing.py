"""Owners (and KDIA) edit profiles, their sub-records, products, photos and files."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from companies import services
from companies.forms import (
    CertificationFormSet,
    CompanyFilesForm,
    CompanyForm,
    ContactFormSet,
    PhotoForm,
    ProductForm,
    SpecificationFormSet,
    TrackRecordFormSet,
)
from companies.lookups import editable_company
from companies.models import Product, ProductPhoto
from core import uploads
from core.forms import STALE_MESSAGE, version_of


def editable_product(request, pk) -> Product:
    return get_object_or_404(Product.objects.editable_by(request.user).select_related("company"), pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def company_edit(request, brn):
    company = editable_company(request, brn)
    form = CompanyForm(request.POST or None, instance=company)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            company = form.save()
            services.owner_saved(company)
        messages.success(request, _("The profile is saved."))
        return redirect("companies:company_detail", brn=company.brn)
    return render(request, "companies/edit/company_form.html", {"company": company, "form": form})


# Sub-records edited as one formset per page; each page saves atomically and bumps the profile's version.
SECTIONS = {
    "certifications": (CertificationFormSet, "Certifications"),
    "contacts": (ContactFormSet, "Contacts"),
    "track-record": (TrackRecordFormSet, "Track record"),
}


@login_required
@require_http_methods(["GET", "POST"])
def company_section(request, brn, section):
    if section not in SECTIONS:
        raise Http404
    company = editable_company(request, brn)
    formset_class, _title = SECTIONS[section]
    formset = formset_class(request.POST or None, instance=company, prefix=section)
    stale = request.method == "POST" and request.POST.get("version") != version_of(company)
    if stale:
        messages.error(request, STALE_MESSAGE)
    elif request.method == "POST" and formset.is_valid():
        with transaction.atomic():
            formset.save()
            services.touch(company)
            services.owner_saved(company)
        messages.success(request, _("Your changes are saved."))
        return redirect("companies:company_detail", brn=company.brn)
    return render(
        request,
        "companies/edit/section_form.html",
        {"company": company, "formset": formset, "section": section, "version": version_of(company)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def company_files(request, brn):
    company = editable_company(request, brn)
    form = CompanyFilesForm(
        request.POST or None, request.FILES or None, initial={"version": version_of(company)}
    )
    if request.method == "POST" and form.is_valid():
        try:
            form.check_version(company)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            with transaction.atomic():
                _replace_file(company, "logo", form.cleaned_data["logo"], form.cleaned_data["remove_logo"])
                _replace_file(
                    company, "brochure", form.cleaned_data["brochure"], form.cleaned_data["remove_brochure"]
                )
                company.save()
            messages.success(request, _("Your files are saved."))
            return redirect("companies:company_detail", brn=company.brn)
    return render(request, "companies/edit/files_form.html", {"company": company, "form": form})


def _replace_file(company, field, new_file, remove):
    current = getattr(company, field)
    if (new_file or remove) and current:
        current.delete(save=False)
    if new_file:
        current.save(new_file.name, new_file, save=False)


@login_required
@require_http_methods(["GET", "POST"])
def product_create(request, brn):
    company = editable_company(request, brn)
    return _product_form(request, company, Product(company=company))


@login_required
@require_http_methods(["GET", "POST"])
def product_edit(request, pk):
    product = editable_product(request, pk)
    return _product_form(request, product.company, product)


def _product_form(request, company, product):
    form = ProductForm(request.POST or None, instance=product, company=company)
    specs = SpecificationFormSet(request.POST or None, instance=product, prefix="specs")
    if request.method == "POST" and form.is_valid() and specs.is_valid():
        with transaction.atomic():
            product = form.save()
            specs.instance = product
            specs.save()
            services.touch(company)
            services.owner_saved(company)
        messages.success(request, _("The product is saved."))
        return redirect("companies:product_detail", pk=product.pk)
    return render(
        request,
        "companies/edit/product_form.html",
        {"company": company, "product": product, "form": form, "specs": specs},
    )


@login_required
@require_POST
def product_delete(request, pk):
    product = editable_product(request, pk)
    company = product.company
    with transaction.atomic():
        for photo in product.photos.all():
            _delete_photo_files(photo)
        product.delete()
        services.touch(company)
    messages.success(request, _("The product is deleted."))
    return redirect("companies:company_detail", brn=company.brn)


@login_required
@require_http_methods(["GET", "POST"])
def product_photos(request, pk):
    product = editable_product(request, pk)
    form = PhotoForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        image = form.cleaned_data["image"]
        thumbnail = uploads.make_thumbnail(image)
        photo = ProductPhoto(
            product=product, caption=form.cleaned_data["caption"], order=product.photos.count()
        )
        photo.image.save(image.name, image, save=False)
        photo.thumbnail.save(thumbnail.name, thumbnail, save=False)
        photo.save()
        services.touch(product.company)
        messages.success(request, _("The photo is added."))
        return redirect("companies:product_photos", pk=product.pk)
    return render(request, "companies/edit/photos.html", {"product": product, "form": form})


@login_required
@require_POST
def photo_delete(request, pk):
    photo = get_object_or_404(
        ProductPhoto.objects.filter(product__in=Product.objects.editable_by(request.user)), pk=pk
    )
    product = photo.product
    _delete_photo_files(photo)
    photo.delete()
    messages.success(request, _("The photo is removed."))
    return redirect("companies:product_photos", pk=product.pk)


def _delete_photo_files(photo):
    photo.image.delete(save=False)
    if photo.thumbnail:
        photo.thumbnail.delete(save=False)


@login_required
def company_history(request, brn):
    """Who changed what and when: for the owner and KDIA."""
    company = editable_company(request, brn)
    records = list(company.history.select_related("history_user").order_by("-history_date")[:50])
    changes = []
    for newer, older in zip(records, [*records[1:], None], strict=True):
        delta = newer.diff_against(older) if older is not None else None
        changes.append(
            {
                "record": newer,
                "fields": [change.field for change in delta.changes] if delta else [],
                "created": older is None,
            }
        )
    product_changes = (
        Product.history.filter(company_id=company.pk)
        .select_related("history_user")
        .order_by("-history_date")[:50]
    )
    return render(
        request,
        "companies/edit/history.html",
        {"company": company, "changes": changes, "product_changes": product_changes},
    )


@login_required
@require_POST
def company_submit(request, brn):
    company = editable_company(request, brn)
    try:
        services.submit_for_verification(company)
        messages.success(request, _("Your profile is submitted; KDIA will verify and publish it."))
    except services.WorkflowError:
        messages.error(request, _("Only a draft profile can be submitted."))
    return redirect("companies:company_detail", brn=company.brn)
