"""Per-application access codes: the applicant's secret for the public status page and the appeal form.

A registration number is published in the announcements and a birth date is guessable (it is inside the
NIK and the NIP), so neither opens anything by itself. Each application gets a random code of 12
characters (about 60 bits), shown once and e-mailed; only a keyed hash (HMAC-SHA256 with the secret key,
bound to the application) is stored. A lost code is replaced by a new one, never recovered.
"""

import logging
import secrets

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import override

from employees.jobs import enqueue
from employees.models import User

from .models import Application

logger = logging.getLogger(__name__)

# No 0/O, 1/I/L: the code is read off a screen or a mail and typed again.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
LENGTH = 12


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalise(text: str) -> str:
    """What the person typed, without spaces or dashes, in capitals."""
    return "".join(ch for ch in (text or "").upper() if ch.isalnum())


def display(code: str) -> str:
    """ABCD-EFGH-JKMN: easier to copy by hand."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def code_hash(application_id: int, code: str) -> str:
    return salted_hmac("recruitment.access_code", f"{application_id}:{normalise(code)}", algorithm="sha256").hexdigest()


def code_matches(application: Application, code: str) -> bool:
    if not application.access_code_hash or len(normalise(code)) != LENGTH:
        return False
    return constant_time_compare(application.access_code_hash, code_hash(application.pk, code))


def contact_email(application: Application) -> str:
    """The address typed on this application's form, else the one stored for the person (SSCASN import)."""
    return (application.submitted or {}).get("email") or application.applicant.email


def access_code_issue(application: Application) -> str:
    """Store a new code's hash on the application (replacing any earlier code) and return the code once."""
    code = new_code()
    Application.objects.filter(pk=application.pk).update(
        access_code_hash=code_hash(application.pk, code), access_code_issued_at=timezone.now()
    )
    return code


def _message(application: Application, code: str, *, new: bool) -> EmailMessage:
    with override("id"):
        body = render_to_string(
            "recruitment/email/access_code.txt",
            {"app": application, "code": display(code), "new": new, "site_url": settings.SITE_URL},
        )
    subject = f"Nomor pendaftaran dan kode akses {application.registration_number}"
    return EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [contact_email(application)])


def registration_mail(application: Application, code: str) -> None:
    """E-mail the number and code after the registration commits; a mail failure never undoes a registration.

    Sent from the request, not through the broker, so that the plain code is never stored outside this mail."""

    def send():
        try:
            _message(application, code, new=False).send()
        except Exception:
            logger.exception("Access code mail for %s failed", application.registration_number)

    if contact_email(application):
        transaction.on_commit(send)


def access_codes_send(*, application_ids: list[int], new: bool) -> int:
    """The worker's side of an import or a re-send: a new code per application, e-mailed over one connection.

    The codes are made here, so that no plain code ever passes through the broker."""
    apps = Application.objects.filter(pk__in=application_ids).select_related("applicant").order_by("pk")
    sent = 0
    with get_connection() as connection:
        for app in apps:
            if not contact_email(app):
                continue
            code = access_code_issue(app)
            message = _message(app, code, new=new)
            message.connection = connection
            try:
                message.send()
            except Exception:
                logger.exception("Access code mail for %s failed", app.registration_number)
            else:
                sent += 1
    return sent


def access_codes_queue(application_ids: list[int], *, new: bool = False) -> None:
    from .tasks import access_codes_task

    for start in range(0, len(application_ids), 500):
        enqueue(access_codes_task, application_ids[start : start + 500], new)


def access_code_resend(*, application: Application, by: User | None) -> None:
    """HR sends the applicant a new code (the old one stops working when the new one is made)."""
    if by is None or not by.is_hr:
        raise PermissionDenied(_("Hanya petugas BKPSDM yang boleh mengirim ulang kode akses."))
    if not contact_email(application):
        raise ValidationError(_("Pelamar ini tidak memiliki alamat surel; kode akses tidak dapat dikirim."))
    access_codes_queue([application.pk], new=True)
