"""`manage.py vapid_keys`: a new VAPID key pair for web push, as environment lines."""

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.core.management.base import BaseCommand
from py_vapid.utils import b64urlencode


def new_vapid_keys() -> tuple[str, str]:
    """A P-256 key pair as (private, public), both base64url without padding.

    The private key is the raw 32-byte number, which pywebpush's `vapid_private_key` reads as
    it is; the public key is the uncompressed point the browser's `applicationServerKey` wants.
    """
    key = ec.generate_private_key(ec.SECP256R1())
    private = key.private_numbers().private_value.to_bytes(32, "big")
    public = key.public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    return b64urlencode(private), b64urlencode(public)


class Command(BaseCommand):
    help = (
        "Print a new VAPID key pair for web push as VAPID_PRIVATE_KEY=... and "
        "VAPID_PUBLIC_KEY=... lines (`make` keeps them in .vapid.env). A new pair makes every "
        "existing subscription stop working, so make one once per site."
    )
    # Needs no database and no checks: `make` runs it before anything is set up.
    requires_system_checks: list[str] = []

    def handle(self, **options) -> None:
        private, public = new_vapid_keys()
        self.stdout.write(f"VAPID_PRIVATE_KEY={private}")
        self.stdout.write(f"VAPID_PUBLIC_KEY={public}")
