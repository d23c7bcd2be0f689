"""Score the search ranking against the judged queries in search/relevance.tsv."""

from django.core.management.base import BaseCommand, CommandError

from companies.models import Company
from companies.search import RELEVANCE_PATH, ranked_brns
from search.evaluation import evaluate, load_judgements

KINDS = ("company", "product")


class Command(BaseCommand):
    help = (
        "Evaluate search quality: run every judged query in search/relevance.tsv through the search engine, "
        "map the hits to company registration numbers and print a Markdown table of recall@3 and MRR per "
        "category and overall. The judgements are made on the demo data (manage.py load_demo, then "
        "manage.py reindex). Hits on profiles the public directory does not show are dropped, as the "
        "directory pages drop them; --kind product ranks each company at its best product."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--kind",
            choices=KINDS,
            default="company",
            help="Search companies (default) or products; product hits count for their company.",
        )
        parser.add_argument(
            "--show-failures",
            action="store_true",
            help="Also list the queries whose top 3 missed a relevant company, with that top 3.",
        )
        parser.add_argument(
            "--file",
            default=str(RELEVANCE_PATH),
            help="The relevance judgements (default: search/relevance.tsv).",
        )
        parser.add_argument(
            "--limit", type=int, default=100, help="Hits asked of the engine per query (default 100)."
        )

    def handle(self, *args, kind, show_failures, file, limit, **options):
        try:
            judgements = load_judgements(file)
        except (OSError, ValueError) as error:
            raise CommandError(str(error)) from error

        report = evaluate(judgements, lambda query: ranked_brns(query, kind=kind, limit=limit))
        if not any(result.ranked for result in report.results):
            self.stderr.write(
                self.style.WARNING(
                    "No query found anything: is the demo loaded and the index built (manage.py reindex)?"
                )
            )
        self.stdout.write(report.table())
        if show_failures:
            self._show_failures(report)

    def _show_failures(self, report) -> None:
        failures = report.failures
        self.stdout.write("")
        self.stdout.write(f"Failing queries: {len(failures)} of {len(report.results)}")
        brns = {brn for result in failures for brn in (*result.top, *result.missing)}
        names = {
            brn: name_ko or name_en
            for brn, name_ko, name_en in Company.objects.filter(brn__in=brns).values_list(
                "brn", "name_ko", "name_en"
            )
        }
        for result in failures:
            judgement = result.judgement
            self.stdout.write("")
            self.stdout.write(
                f"[{judgement.category}] {judgement.query}  recall@3 {result.recall_at_3:.2f}, "
                f"RR {result.reciprocal_rank:.2f}, {len(judgement.relevant)} relevant"
            )
            if judgement.note:
                self.stdout.write(f"    note: {judgement.note}")
            if not result.top:
                self.stdout.write("    (no hits)")
            for rank, brn in enumerate(result.top, start=1):
                mark = "+" if brn in judgement.relevant else "-"
                self.stdout.write(f"    {rank}. {mark} {brn} {names.get(brn, '')}")
            missed = sorted(result.missing)
            shown = ", ".join(f"{brn} {names.get(brn, '')}".strip() for brn in missed[:3])
            more = f" and {len(missed) - 3} more" if len(missed) > 3 else ""
            self.stdout.write(f"    missed: {shown}{more}")
