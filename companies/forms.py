"""Forms for editing profiles and products, shortlists and imports.

Every edit form carries the record's version (its ``updated_at`` when the form was
opened); a save on top of someone else's newer save is refused and the input kept.
"""

from django import forms
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from companies.choices import OffsetTypePair
from companies.models import (
    Certification,
    Company,
    Contact,
    ImportKind,
    Product,
    Shortlist,
    Specification,
    TrackRecord,
)
from core import uploads
from core.forms import BilingualPairMixin, VersionedForm, VersionedModelForm


class CompanyForm(BilingualPairMixin, VersionedModelForm):
    offset_types = forms.MultipleChoiceField(
        label=_("Offset types offered"),
        choices=OffsetTypePair.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    class Meta:
        model = Company
        fields = [
            "name_ko",
            "name_en",
            "ceo_ko",
            "ceo_en",
            "founded",
            "employees",
            "size_class",
            "region",
            "address_ko",
            "address_en",
            "website",
            "description_ko",
            "description_en",
            "fields",
            "capabilities",
            "offset_fields",
            "offset_types",
        ]
        widgets = {
            "fields": forms.CheckboxSelectMultiple,
            "capabilities": forms.CheckboxSelectMultiple,
            "offset_fields": forms.CheckboxSelectMultiple,
            "description_ko": forms.Textarea(attrs={"rows": 6, "lang": "ko"}),
            "description_en": forms.Textarea(attrs={"rows": 6, "lang": "en"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["offset_types"] = self.instance.offset_type_list

    def clean_offset_fields(self):
        chosen = self.cleaned_data.get("offset_fields")
        numbers = {field.number for field in chosen or []}
        if numbers & {6, 7} and not numbers & {1, 2, 3, 4, 5}:
            raise forms.ValidationError(
                _("Offset fields 6 and 7 are allowed only together with one of fields 1 to 5."),
                code="field_rule",
            )
        return chosen

    def save(self, commit=True):
        self.instance.offset_types = ",".join(self.cleaned_data.get("offset_types") or [])
        return super().save(commit)


class CompanyFilesForm(VersionedForm, forms.Form):
    logo = forms.FileField(
        label=_("Logo"), required=False, help_text=_("JPEG, PNG, WebP or GIF, up to 8 MB.")
    )
    brochure = forms.FileField(label=_("Brochure"), required=False, help_text=_("PDF, up to 20 MB."))
    remove_logo = forms.BooleanField(label=_("Remove the logo"), required=False)
    remove_brochure = forms.BooleanField(label=_("Remove the brochure"), required=False)

    def clean_logo(self):
        upload = self.cleaned_data.get("logo")
        return uploads.clean_image(upload, max_side=800) if upload else None

    def clean_brochure(self):
        upload = self.cleaned_data.get("brochure")
        return uploads.clean_pdf(upload) if upload else None


class CertificationForm(forms.ModelForm):
    class Meta:
        model = Certification
        fields = ["type", "number", "issuer", "expires_on"]
        widgets = {"expires_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


class TrackRecordForm(forms.ModelForm):
    class Meta:
        model = TrackRecord
        fields = [
            "kind",
            "programme_ko",
            "programme_en",
            "partner",
            "year",
            "value",
            "currency",
            "role_ko",
            "role_en",
        ]

    def clean_currency(self):
        value = (self.cleaned_data.get("currency") or "").strip().upper()
        if value and (len(value) != 3 or not value.isalpha()):
            raise forms.ValidationError(_("Use a three-letter ISO 4217 code such as USD or KRW."))
        return value

    def clean(self):
        data = super().clean()
        if data.get("value") is not None and not data.get("currency"):
            self.add_error("currency", _("Give the currency of the value."))
        if not (data.get("programme_ko") or "").strip() and not (data.get("programme_en") or "").strip():
            self.add_error("programme_ko", _("Give this in Korean, English or both."))
        return data


class ContactForm(forms.ModelForm):
    class Meta:
        model = Contact
        fields = ["name", "title", "email", "phone"]


def company_formset(form_class, model, *, extra=1):
    return inlineformset_factory(Company, model, form=form_class, extra=extra, can_delete=True, max_num=50)


CertificationFormSet = company_formset(CertificationForm, Certification)
TrackRecordFormSet = company_formset(TrackRecordForm, TrackRecord)
ContactFormSet = company_formset(ContactForm, Contact)


class ProductForm(BilingualPairMixin, VersionedModelForm):
    class Meta:
        model = Product
        fields = [
            "name_ko",
            "name_en",
            "description_ko",
            "description_en",
            "category",
            "hs_code",
            "nsn",
            "trl",
            "platforms_ko",
            "platforms_en",
            "export_controlled",
            "promising_item",
        ]
        widgets = {
            "description_ko": forms.Textarea(attrs={"rows": 5, "lang": "ko"}),
            "description_en": forms.Textarea(attrs={"rows": 5, "lang": "en"}),
        }

    def __init__(self, *args, company=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.company = company or getattr(self.instance, "company", None)

    def clean(self):
        data = super().clean()
        for base in ("name_ko", "name_en"):
            name = (data.get(base) or "").strip()
            if name and self.company is not None:
                clash = Product.objects.filter(company=self.company, **{base: name}).exclude(
                    pk=self.instance.pk
                )
                if clash.exists():
                    self.add_error(base, _("This company already has a product with this name."))
        return data


SpecificationFormSet = inlineformset_factory(
    Product, Specification, fields=["name", "value", "unit"], extra=2, can_delete=True, max_num=100
)


class PhotoForm(forms.Form):
    image = forms.FileField(label=_("Photo"), help_text=_("JPEG, PNG, WebP or GIF, up to 8 MB."))
    caption = forms.CharField(label=_("Caption"), max_length=200, required=False)

    def clean_image(self):
        return uploads.clean_image(self.cleaned_data["image"])


class ShortlistForm(VersionedForm, forms.ModelForm):
    class Meta:
        model = Shortlist
        fields = ["name"]


class ImportForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What the file holds"), choices=ImportKind.choices, widget=forms.RadioSelect
    )
    file = forms.FileField(
        label=_("File"), help_text=_("CSV (UTF-8) or XLSX with a header row, up to 20 MB.")
    )

    MAX_BYTES = 20 * 1024 * 1024

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = upload.name.lower()
        if not name.endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Upload a .csv or .xlsx file."))
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 20 MB."))
        return upload
