"""What the directory puts in the search index: companies (with their products' text) and products."""

from django.db.models import Prefetch

from companies.models import Certification, Company, Product, Specification
from core.identifiers import normalise_hs_code
from search.registry import Document, Registration, register


def _hs_codes(code: str) -> list[str]:
    """An HS code and its chapter-and-heading prefixes, so '8411' finds '8411.91'."""
    digits = normalise_hs_code(code)
    return [digits[:length] for length in (4, 6, 8, 10) if len(digits) >= length] if digits else []


def _product_text(product) -> list[str]:
    specs = [f"{s.name} {s.value} {s.unit}" for s in product.specifications.all()]
    category = [product.category.name_ko, product.category.name_en] if product.category else []
    return [
        product.name_ko,
        product.name_en,
        product.description_ko,
        product.description_en,
        product.platforms_ko,
        product.platforms_en,
        *category,
        *specs,
    ]


def company_queryset():
    return Company.objects.prefetch_related(
        "fields",
        "capabilities",
        Prefetch("certifications", Certification.objects.select_related("type")),
        Prefetch("products", Product.objects.select_related("category").prefetch_related("specifications")),
    )


def company_documents(companies) -> list[Document]:
    documents = []
    for company in companies:
        products = list(company.products.all())
        terms = [
            *company.fields.all(),
            *company.capabilities.all(),
            *(c.type for c in company.certifications.all()),
        ]
        body = [
            company.description_ko,
            company.description_en,
            *[name for term in terms for name in (term.name_ko, term.name_en)],
            *[text for product in products for text in _product_text(product)],
        ]
        codes = [company.brn]
        for product in products:
            codes += [product.nsn, *_hs_codes(product.hs_code)]
        summary = " ".join(
            [company.name_ko, company.name_en, company.description_ko[:400], company.description_en[:400]]
            + [product.name_ko or product.name_en for product in products[:12]]
        )
        documents.append(Document(company.pk, [company.name_ko, company.name_en], body, codes, summary))
    return documents


def product_queryset():
    return Product.objects.select_related("company", "category").prefetch_related("specifications")


def product_documents(products) -> list[Document]:
    documents = []
    for product in products:
        text = _product_text(product)
        body = [*text[2:], product.company.name_ko, product.company.name_en]
        codes = [product.nsn, *_hs_codes(product.hs_code), product.company.brn]
        documents.append(Document(product.pk, text[:2], body, codes))
    return documents


register(
    Registration(
        kind="company",
        model=Company,
        queryset=company_queryset,
        build=company_documents,
        watch={
            Product: lambda product: [product.company_id],
            Certification: lambda certification: [certification.company_id],
            Specification: lambda spec: [
                Product.objects.filter(pk=spec.product_id).values_list("company_id", flat=True).first()
            ],
        },
        embed=True,
    )
)
register(
    Registration(
        kind="product",
        model=Product,
        queryset=product_queryset,
        build=product_documents,
        watch={Specification: lambda spec: [spec.product_id]},
    )
)
