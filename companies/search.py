"""What the directory puts in the search index: companies (with their products' text) and products."""

from collections import defaultdict
from pathlib import Path

from companies.choices import PUBLIC_STATUSES
from companies.filters import COMPANY_FACET_PATHS, indexed_facet_keys
from companies.models import Certification, Company, Product, Specification
from core.identifiers import normalise_hs_code
from search.registry import Document, Registration, register
from search.romanize import romanize


def _hs_codes(code: str) -> list[str]:
    """An HS code and its chapter-and-heading prefixes, so '8411' finds '8411.91'."""
    digits = normalise_hs_code(code)
    return [digits[:length] for length in (4, 6, 8, 10) if len(digits) >= length] if digits else []


# Documents are built from plain rows (values_list), not model instances: indexing reads a
# million products, and creating model objects for them and their specifications cost more than
# everything else put together. The index keeps no token positions, so the order of the texts
# does not matter and no query sorts (order_by() drops the models' default orderings).
PRODUCT_COLUMNS = (
    "pk",
    "company_id",
    "name_ko",
    "name_en",
    "description_ko",
    "description_en",
    "platforms_ko",
    "platforms_en",
    "category__name_ko",
    "category__name_en",
    "nsn",
    "hs_code",
)
SUMMARY_PRODUCTS = 3  # named in a company's summary for the embedding, whose cost grows with the text


def _grouped(rows) -> dict[int, list]:
    """(key, value...) rows -> {key: [values...]} (a single value unwrapped), in row order."""
    grouped: dict[int, list] = defaultdict(list)
    for key, *values in rows:
        grouped[key].append(values[0] if len(values) == 1 else tuple(values))
    return grouped


def _specifications(products) -> dict[int, list[str]]:
    return _grouped(
        (product_id, f"{name} {value} {unit}")
        for product_id, name, value, unit in products.order_by().values_list(
            "product_id", "name", "value", "unit"
        )
    )


def _product_text(row, specifications) -> list[str]:
    """A product's texts: names first, then description, platforms, category and specifications."""
    category = [row[8], row[9]] if row[8] is not None else []
    return [*row[2:8], *category, *specifications]


def company_queryset():
    return Company.objects.all()


def company_documents(ids) -> list[Document]:
    """Companies with their products as parts: a company is found by its products' words too."""
    companies = (
        Company.objects.filter(pk__in=ids)
        .order_by()
        .values_list("pk", "brn", "name_ko", "name_en", "description_ko", "description_en")
    )
    terms = defaultdict(list)  # company -> (name_ko, name_en) of its fields, capabilities, certifications
    for related, names in (
        (Company.fields.through.objects, ("defencefield__name_ko", "defencefield__name_en")),
        (Company.capabilities.through.objects, ("capability__name_ko", "capability__name_en")),
        (Certification.objects, ("type__name_ko", "type__name_en")),
    ):
        rows = related.filter(company_id__in=ids).order_by().values_list("company_id", *names)
        for company_id, *pair in rows:
            terms[company_id].append(pair)
    products = Product.objects.filter(company_id__in=ids).order_by().values_list(*PRODUCT_COLUMNS)
    by_company = _grouped((row[1], row) for row in products)
    specifications = _specifications(Specification.objects.filter(product__company_id__in=ids))
    facets = indexed_facet_keys(Company.objects.filter(pk__in=ids), COMPANY_FACET_PATHS)
    documents = []
    for pk, brn, name_ko, name_en, description_ko, description_en in companies:
        rows = by_company.get(pk, [])
        body = [description_ko, description_en, *[name for names in terms.get(pk, []) for name in names]]
        # Who the company is and what it makes, in a few words: its names and first products.
        first = sorted(rows)[:SUMMARY_PRODUCTS]
        summary = " ".join([name_ko, name_en, *(row[2] or row[3] for row in first)])
        # The Korean name romanised too: 'Raon Metal' finds 라온메탈 when the firm gave no English name.
        names = [name_ko, name_en, romanize(name_ko)]
        parts = [_product_document(row, specifications, (name_ko, name_en, brn)) for row in rows]
        documents.append(Document(pk, names, body, [brn], summary, facets=facets.get(pk, []), parts=parts))
    return documents


def product_queryset():
    return Product.objects.all()


def product_documents(ids) -> list[Document]:
    products = (
        Product.objects.filter(pk__in=ids)
        .order_by()
        .values_list(*PRODUCT_COLUMNS, "company__name_ko", "company__name_en", "company__brn")
    )
    specifications = _specifications(Specification.objects.filter(product_id__in=ids))
    return [_product_document(row, specifications, row[12:15]) for row in products]


def _product_document(row, specifications, company) -> Document:
    """A product's document: its names, its other texts and its maker's names; its codes and its
    maker's registration number. ``company`` is (name_ko, name_en, brn)."""
    text = _product_text(row, specifications.get(row[0], []))
    name_ko, name_en, brn = company
    codes = [row[10], *_hs_codes(row[11]), brn]
    return Document(row[0], text[:2], [*text[2:], name_ko, name_en], codes)


register(
    Registration(
        kind="company",
        model=Company,
        queryset=company_queryset,
        documents=company_documents,
        watch={
            Product: lambda product: [product.company_id],
            Certification: lambda certification: [certification.company_id],
            Specification: lambda spec: [
                Product.objects.filter(pk=spec.product_id).values_list("company_id", flat=True).first()
            ],
        },
        embed=True,
        parts="product",
    )
)
register(
    Registration(
        kind="product",
        model=Product,
        queryset=product_queryset,
        documents=product_documents,
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
