"""Demo data: the programmes of the source articles, their documents, dates and pilot communes,
their history on the communes of the day, today's work on the 2025 communes, and one demo
account per role (see `communes.demo`). Idempotent: a second run updates the same rows."""

from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import Sum

from communes.demo import DEMO_PASSWORD, binh_duong, lang_son, thai_binh
from communes.demo.accounts import accounts_ensure
from communes.demo.conduct import national_codes
from communes.models import ActivityRecord, Enrolment, Programme, ProgrammeDocument, User

# Notes of the history totals this command writes, so that a second run replaces them (the first
# is the marker of earlier versions of the demo).
HISTORY_NOTES = ["Số liệu minh họa", binh_duong.LETTERS_NOTE, lang_son.THANKS_NOTE, lang_son.COUPLES_NOTE]


class Command(BaseCommand):
    help = "Load the demo programmes from the source articles and one demo account per role."

    @transaction.atomic
    def handle(self, *args, **options):
        binh_duong_programmes = binh_duong.programmes()
        thai_binh_programmes = thai_binh.programmes()
        scheme = lang_son.programme()
        users = accounts_ensure()
        admin = User.objects.get(username="admin")

        ActivityRecord.objects.filter(source=ActivityRecord.Source.TALLY, note__in=HISTORY_NOTES).delete()
        ActivityRecord.objects.bulk_create(
            binh_duong.history_tallies() + lang_son.history_tallies(scheme), batch_size=2000
        )

        continuation = lang_son.continuation(admin=admin)
        boards = [*binh_duong_programmes.values(), scheme, continuation]
        codes = national_codes(
            by=admin,
            programmes_by_code={
                "5 biết": [*boards, *thai_binh_programmes.values()],
                "3 thể hiện": boards,
                "4 luôn": [scheme, continuation],
            },
        )
        ward_codes = thai_binh.bo_xuyen_codes(by=admin, programme=thai_binh_programmes["provincial"])
        thai_binh.bo_xuyen_inspection()
        thai_binh.staff_registers(five=codes["5 biết"], ward_codes=ward_codes)
        thai_binh.criteria(programme=thai_binh_programmes["hung_ha"], admin=admin)

        thai_binh.live_log()
        lang_son.live_log()
        binh_duong.live_log()

        self.stdout.write(
            f"Demo data: {Programme.objects.count()} programmes, "
            f"{ProgrammeDocument.objects.count()} documents, {Enrolment.objects.count()} enrolled communes, "
            f"{ActivityRecord.objects.aggregate(n=Sum('count'))['n'] or 0} letters and ceremonies."
        )
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for user in users:
            scope = user.province or user.commune or "toàn quốc"
            if user.commune is not None:
                former = ", ".join(
                    p.name for p in user.commune.predecessors.exclude(code="").order_by("name")
                )
                scope = f"{user.commune} (tiếp nhận {former})"
            self.stdout.write(f"  {user.username:<16} {user.get_role_display() or 'superuser'} – {scope}")
