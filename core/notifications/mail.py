"""E-mail about notifications, through SMTP (``HEAOLU_SMTP_URL``; off while unset).

An e-mail says only that something awaits the user in heaolu, with a link to the notification
(``<HEAOLU_BASE_URL>/notifications/<id>``), in Estonian and then in English. It carries no
name, no message, nothing about a child: mail crosses servers heaolu does not control. The link
asks the user to log in and then marks the notification read and leads to what it is about.

`notify` enqueues one job `EMAIL_JOB` per notification; its handler sends the e-mail with
``smtplib`` in a thread. A failure raises, so the job runner retries it with backoff
(`EMAIL_ATTEMPTS` attempts over about half a day); the action that notified has long succeeded.

The settings are bound once per process by `configure` (the app factory and the ``heaolu``
command call it, as they bind the tables to the database).
"""

from __future__ import annotations

import asyncio
import smtplib
import ssl
from collections.abc import Mapping
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid, parseaddr
from typing import Any

from core.i18n import N_, gettext_in
from core.notifications.tables import Notification
from core.settings import Settings, SmtpServer

EMAIL_JOB = "core.email"
EMAIL_ATTEMPTS = 8
SMTP_TIMEOUT_SECONDS = 30

SUBJECT = N_("Something awaits you in heaolu")
INVITATION = N_("Something new awaits you in heaolu. Log in to see it:")
AUTOMATIC = N_("This message was sent automatically; please do not reply to it.")


@dataclass(frozen=True)
class MailConfig:
    server: SmtpServer
    sender: str
    base_url: str


_config: MailConfig | None = None


def configure(settings: Settings) -> None:
    """Bind this process's e-mail settings; e-mail is off when ``HEAOLU_SMTP_URL`` is unset."""
    global _config
    _config = (
        None
        if settings.smtp is None
        else MailConfig(settings.smtp, settings.mail_from, settings.public_url)
    )


def configured() -> MailConfig | None:
    return _config


def compose(config: MailConfig, recipient: str, notification_id: int) -> EmailMessage:
    """The e-mail for one notification: a subject, the link and nothing else."""
    link = f"{config.base_url}/notifications/{notification_id}"
    paragraphs = []
    for language in ("et", "en"):
        paragraphs.append(
            f"{gettext_in(language, INVITATION)}\n{link}\n\n{gettext_in(language, AUTOMATIC)}\n"
        )
    message = EmailMessage()
    message["Subject"] = f"{gettext_in('et', SUBJECT)} / {gettext_in('en', SUBJECT)}"
    message["From"] = config.sender
    message["To"] = recipient
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain=parseaddr(config.sender)[1].partition("@")[2])
    message["Auto-Submitted"] = "auto-generated"
    message.set_content("\n----\n\n".join(paragraphs))
    return message


def _send(server: SmtpServer, message: EmailMessage) -> None:
    context = ssl.create_default_context()
    client: smtplib.SMTP
    if server.security == "tls":
        client = smtplib.SMTP_SSL(
            server.host, server.port, timeout=SMTP_TIMEOUT_SECONDS, context=context
        )
    else:
        client = smtplib.SMTP(server.host, server.port, timeout=SMTP_TIMEOUT_SECONDS)
    with client:
        if server.security == "starttls":
            client.starttls(context=context)
        if server.username:
            client.login(server.username, server.password)
        client.send_message(message)


async def send_notification_email(payload: Mapping[str, Any]) -> None:
    """The handler of `EMAIL_JOB`: e-mail the owner of ``payload["notification_id"]``.

    Nothing is sent when e-mail has been turned off since, when the notification was read (or
    deleted) meanwhile, or when its user is inactive or has no e-mail address now.
    """
    config = configured()
    if config is None:
        return
    row = (
        await Notification.select(
            Notification.id, Notification.user.email, Notification.user.active
        )
        .where(
            (Notification.id == int(payload["notification_id"])) & Notification.read_at.is_null()
        )
        .first()
    )
    if row is None or not row["user.active"] or not row["user.email"]:
        return
    await asyncio.to_thread(_send, config.server, compose(config, row["user.email"], row["id"]))
