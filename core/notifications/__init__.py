"""In-app and e-mail notifications (the app ``notifications``).

The API is one function:

- ``await notify(user_ids, message, url) -> list[int]`` (`core.notifications.notify`): an in-app
  notification for each user, with ``message`` an English message id marked with ``N_`` (shown
  translated; anything not in the catalogue is refused) and ``url`` a path inside heaolu. When
  ``HEAOLU_SMTP_URL`` is set, users with an e-mail address also get an e-mail, sent by the jobs,
  that says only that something awaits them, with a link (`core.notifications.mail`).

Users see an unread counter in the header of every page (`core.notifications.unread`) and their
notifications at ``/notifications`` (`core.notifications.pages`).
"""

from core.notifications.notify import notify

__all__ = ["notify"]
