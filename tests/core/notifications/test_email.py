"""E-mail about notifications, through a real SMTP server (aiosmtpd) on a local port."""

import email
import email.policy
import socket
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime

import pytest
from aiosmtpd.controller import Controller
from litestar.testing import AsyncTestClient

from core.auth.tables import User
from core.jobs.runner import JobRunner
from core.jobs.tables import Job
from core.notifications import mail, notify
from core.notifications.tables import Notification
from core.settings import SmtpServer
from tests.conftest import BASE_URL, TEST_PLUGINS, make_app
from tests.core.people.conftest import make_child
from tests.helpers import make_user, post, run_heaolu, sign_in

pytestmark = pytest.mark.anyio

MESSAGE = "Access requested"
SITE = "https://heaolu.tartu.example"
SENDER = "heaolu@tartu.example"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Mailbox:
    """Keeps every message the SMTP server accepts."""

    def __init__(self):
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 OK"


@contextmanager
def smtp_server(port, ssl_context=None):
    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port, ssl_context=ssl_context)
    controller.start()
    try:
        yield mailbox
    finally:
        controller.stop()


def mail_env(port):
    return {
        "HEAOLU_SMTP_URL": f"smtp://127.0.0.1:{port}",
        "HEAOLU_SMTP_FROM": SENDER,
        "HEAOLU_BASE_URL": SITE,
    }


def mail_settings(settings, port):
    return replace(
        settings,
        smtp=SmtpServer("127.0.0.1", port, "none"),
        smtp_from=SENDER,
        base_url=SITE,
    )


@pytest.fixture
async def reader(people):
    """A notes reader with an e-mail address, and a child with a name nobody else has."""
    user = await make_user(
        "reader", people["tartu_school"], "notes_reader", email="reet.lugeja@tartu.example"
    )
    await User.update({User.full_name: "Reet Lugeja"}).where(User.id == user)
    child = await make_child(
        "Mirtel-Õnne", "Tralliväli", datetime(2019, 5, 4).date(), people["tartu_school"]
    )
    return {"user": user, "child": child}


@contextmanager
def no_smtp_settings_left_behind(settings):
    try:
        yield
    finally:
        mail.configure(settings)


async def notify_through_the_app(settings, port, child):
    """The reader asks the notes plugin to notify them about the child's page; the app has
    e-mail configured for ``port``."""
    app = make_app(mail_settings(settings, port), TEST_PLUGINS)
    async with AsyncTestClient(app, base_url=BASE_URL, raise_server_exceptions=False) as client:
        client.follow_redirects = False
        await sign_in(client, "reader")
        return await post(client, "/notes/notify", {"url": f"/children/{child}"})


async def test_an_email_says_only_that_something_awaits_with_a_link(settings, reader):
    port = free_port()
    with no_smtp_settings_left_behind(settings):
        response = await notify_through_the_app(settings, port, reader["child"])
    assert response.status_code == 303
    [notification] = await Notification.select(Notification.id, Notification.url)
    assert notification["url"] == f"/children/{reader['child']}"

    with smtp_server(port) as mailbox:
        result = run_heaolu("jobs", "run", env=mail_env(port))
    assert result.returncode == 0, result.stderr
    # The e-mail, and the checks of the first pass: core's deadlines, the built-in municipality
    # plugin's overdue agreements, and the county plugin's unanswered questions, contact
    # persons to confirm and participants whose consent ended.
    assert result.stdout.strip() == "jobs: 6 done, 0 to be retried, 0 failed"

    [envelope] = mailbox.envelopes
    assert envelope.mail_from == SENDER
    assert envelope.rcpt_tos == ["reet.lugeja@tartu.example"]
    message = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
    body = message.get_content()
    link = f"{SITE}/notifications/{notification['id']}"
    assert body.count(link) == 2
    assert message["Subject"] == "Sind ootab heaolus midagi / Something awaits you in heaolu"
    assert message["To"] == "reet.lugeja@tartu.example"
    # Estonian first, English below.
    assert body.index("Sind ootab heaolus midagi uut") < body.index("Something new awaits you")
    # Nothing about the child, the person or what happened: not in the headers, not in the body,
    # neither decoded nor as sent.
    everything = str(message) + body
    raw = envelope.original_content.decode("ascii", "replace")
    for secret in ("Mirtel", "Tralliv", "Reet", "Lugeja", "/children/", MESSAGE, "Ligipääs"):
        assert secret not in everything
        assert secret not in raw
    assert (await Job.select(Job.status).first())["status"] == "done"


async def test_a_down_mail_server_leaves_the_email_for_a_retry(settings, reader):
    port = free_port()  # nothing listens here yet
    with no_smtp_settings_left_behind(settings):
        response = await notify_through_the_app(settings, port, reader["child"])
    # The action that notified succeeded, and the user has the notification in heaolu.
    assert response.status_code == 303
    assert await Notification.count() == 1

    failed = run_heaolu("jobs", "run", env=mail_env(port))
    assert failed.returncode == 0, failed.stderr
    # Only the daily checks are done; the e-mail waits for a retry.
    assert failed.stdout.strip() == "jobs: 5 done, 1 to be retried, 0 failed"
    job = await Job.select().where(Job.kind == "core.email").first()
    assert (job["status"], job["attempts"], job["last_error"]) == (
        "pending",
        1,
        "ConnectionRefusedError",
    )
    assert job["run_at"] > datetime.now(UTC)
    assert "reet.lugeja" not in failed.stderr

    # The server is back and the retry is due.
    await Job.update({Job.run_at: datetime.now(UTC)}, force=True)
    with smtp_server(port) as mailbox:
        retried = run_heaolu("jobs", "run", env=mail_env(port))
    assert retried.stdout.strip() == "jobs: 1 done, 0 to be retried, 0 failed"
    assert len(mailbox.envelopes) == 1
    job = await Job.select().where(Job.kind == "core.email").first()
    assert (job["status"], job["attempts"]) == ("done", 2)


async def test_no_email_without_smtp_an_address_or_an_unread_notification(
    settings, bound_plugins, reader, people
):
    # E-mail off: the in-app notification only.
    await notify([reader["user"]], MESSAGE, "/children/1")
    assert await Job.count() == 0

    port = free_port()
    with no_smtp_settings_left_behind(settings):
        mail.configure(mail_settings(settings, port))
        # No address (the specialist has none): no e-mail.
        await notify([people["tartu.cps"]], MESSAGE, "/children/1")
        assert await Job.count() == 0
        # Read in heaolu before the job ran: nothing to send.
        [read_first] = await notify([reader["user"]], MESSAGE, "/children/1")
        await Notification.update({Notification.read_at: datetime.now(UTC)}).where(
            Notification.id == read_first
        )
        with smtp_server(port) as mailbox:
            report = await JobRunner(bound_plugins.job_handlers, {}).run_pass()
        assert report.done == 1
        assert mailbox.envelopes == []


def self_signed_tls_context(directory):
    """A server TLS context with a certificate for 127.0.0.1 that nobody vouches for."""
    import ipaddress
    import ssl
    from datetime import timedelta

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.now(UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = directory / "cert.pem", directory / "key.pem"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_path, key_path)
    return context


async def test_a_mail_server_with_an_untrusted_certificate_gets_nothing(
    settings, bound_plugins, reader, tmp_path
):
    port = free_port()
    with no_smtp_settings_left_behind(settings):
        mail.configure(
            replace(mail_settings(settings, port), smtp=SmtpServer("127.0.0.1", port, "tls"))
        )
        await notify([reader["user"]], MESSAGE, "/children/1")
        with smtp_server(port, self_signed_tls_context(tmp_path)) as mailbox:
            report = await JobRunner(bound_plugins.job_handlers, {}).run_pass()
    assert report.retried == 1
    assert mailbox.envelopes == []
    assert (await Job.select(Job.last_error).first())["last_error"] == "SSLCertVerificationError"
