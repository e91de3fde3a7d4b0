"""Review held publications from the command line (the staff screen 信息公开审核,
``/staff/publication-review/``, does the same with buttons, and withdraws):

fazhi publication pending
fazhi publication approve <id> --reviewer <username>
"""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from fazhi.core.models import User
from fazhi.core.publication import services
from fazhi.core.publication.models import Publication, PublicationStatus


class Command(BaseCommand):
    help = "列出待审核的公开信息，或以法制审核人员身份批准公开（docs/security.md 18）。"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("pending", help="列出待审核的公开信息")
        approve = sub.add_parser("approve", help="批准公开（已去标识化的预览）")
        approve.add_argument("id", type=int)
        approve.add_argument("--reviewer", required=True, help="审核人用户名")

    def handle(self, *args, action, **options):
        if action == "pending":
            for pub in Publication.objects.filter(status=PublicationStatus.PENDING_REVIEW).order_by("id"):
                reasons = "；".join(f"{f['field']}：{f['label']}" for f in pub.findings)
                self.stdout.write(f"{pub.pk}\t{pub.title}\t{reasons}")
            return
        reviewer = User.objects.filter(username=options["reviewer"], is_active=True).first()
        pub = Publication.objects.filter(pk=options["id"]).first()
        if reviewer is None or pub is None:
            raise CommandError("审核人或公开信息不存在。")
        try:
            services.approve(pub, actor=reviewer)
        except ValidationError as exc:
            raise CommandError("；".join(exc.messages)) from None
        self.stdout.write(f"已批准公开：{pub.title}")
