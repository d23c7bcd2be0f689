"""What the directory puts in the search index: companies (with their products' text) and products."""

from pathlib import Path

from django.db.models import Prefetch

from companies.choices import PUBLIC_STATUSES
from companies.models import Certification, Company, Product, Specification
from core.identifiers import normalise_hs_code
from search.registry import Document, Registration, register
from search.romanize import romanize


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
        # The Korean name romanised too: 'Raon Metal' finds 라온메탈 when the firm gave no English name.
        names = [company.name_ko, company.name_en, romanize(company.name_ko)]
        documents.append(Document(company.pk, names, body, codes, summary))
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


RELEVANCE_PATH = Path(__file__).with_name("search_relevance.tsv")
GOLDEN_PATH = Path(__file__).with_name("search_golden.json")


def ranked_brns(query: str, *, kind: str = "company", limit: int = 100) -> list[str]:
    """Registration numbers of the public companies a query finds, best first (products: their makers)."""
    from search.service import search

    ids = [hit.object_id for hit in search(query, kind=kind, limit=limit).hits]
    if kind == "product":
        rows = Product.objects.filter(pk__in=ids, company__status__in=PUBLIC_STATUSES).values_list(
            "pk", "company__brn"
        )
    else:
        rows = Company.objects.filter(pk__in=ids, status__in=PUBLIC_STATUSES).values_list("pk", "brn")
    brn_by_id = dict(rows)
    return list(dict.fromkeys(brn_by_id[i] for i in ids if i in brn_by_id))
