from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

DEMO_USERNAME = "admin"
DEMO_PASSWORD = "lapor-demo-2020"
# Its own address: a subscription to it is active at once (the demo's emails print on the console).
DEMO_EMAIL = "admin@demo.invalid"


class Command(BaseCommand):
    help = "Buat (atau setel ulang) akun admin demo dan cetak kredensialnya. Hanya untuk demo."

    def handle(self, *args, **options):
        user, _created = get_user_model().objects.get_or_create(username=DEMO_USERNAME)
        user.is_staff = user.is_superuser = user.is_active = True
        user.email = user.email or DEMO_EMAIL
        user.set_password(DEMO_PASSWORD)
        user.save()
        self.stdout.write(
            self.style.SUCCESS(f"Akun demo: pengguna {DEMO_USERNAME!r}, kata sandi {DEMO_PASSWORD!r}")
        )
