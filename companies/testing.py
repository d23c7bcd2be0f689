"""Test helpers for directory records (fictional data only)."""

from io import BytesIO

from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image

from companies.choices import CompanyStatus
from companies.models import (
    Capability,
    Certification,
    CertificationType,
    Company,
    Contact,
    DefenceField,
    Product,
)


def png_bytes(size=(64, 48), color=(11, 79, 138)) -> bytes:
    buffer = BytesIO()
    Image.new("RGB", size, color).save(buffer, format="PNG")
    return buffer.getvalue()


def publish_with_product(company: Company) -> Product:
    """Fill a profile enough to be useful, publish it, and give it one product."""
    company.description_ko = "함정용 소나 트랜스듀서와 방열판을 정밀 가공합니다."
    company.description_en = "We machine sonar transducers and heat sinks for naval ships."
    company.region = "gyeongnam"
    company.size_class = "sme"
    company.founded = 1998
    company.employees = 85
    company.status = CompanyStatus.PUBLISHED
    company.last_verified_at = timezone.now()
    company.logo.save("logo.png", ContentFile(png_bytes()), save=False)
    company.save()
    company.fields.add(DefenceField.objects.get(code="naval"))
    company.capabilities.add(Capability.objects.get(name_en="Precision machining"))
    Certification.objects.create(
        company=company,
        type=CertificationType.objects.get(name_en="AS9100"),
        number="AS-0001",
        issuer="Test Registrar",
    )
    Contact.objects.create(
        company=company,
        name="Jisoo Han",
        title="Export manager",
        email="export@garam.test.invalid",
        phone="+82-55-000-0001",
    )
    product = Product.objects.create(
        company=company, name_ko="소나 트랜스듀서", name_en="Sonar transducer", trl=7, nsn="5845011234567"
    )
    product.specifications.create(name="Frequency", value="3.5", unit="kHz")
    return product


def make_photo(product: Product):
    photo = product.photos.create(caption="Front view")
    photo.image.save("front.png", ContentFile(png_bytes((320, 240))), save=False)
    photo.thumbnail.save("front-thumb.png", ContentFile(png_bytes((80, 60))), save=False)
    photo.save()
    return photo
