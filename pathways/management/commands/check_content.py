"""manage.py check_content: the regional data a patient relies on is sourced and consistent.

Exits non-zero with one line per problem (see pathways/content_check.py for what is checked).
"""

from django.core.management.base import BaseCommand, CommandError

from ...content_check import all_problems


class Command(BaseCommand):
    help = "Check the regional data: deep sources, consistent principals, every topic everywhere."

    def add_arguments(self, parser):
        parser.add_argument(
            "--kommun",
            nargs="+",
            metavar="CODE",
            help="Check the maps of these municipalities only (SCB codes); sources are always all.",
        )

    def handle(self, *args, **options):
        problems = all_problems(codes=options["kommun"])
        for problem in problems:
            self.stderr.write(f"- {problem}")
        if problems:
            raise CommandError(f"{len(problems)} problem(s) in the regional data.")
        self.stdout.write("The regional data passed every check.")
