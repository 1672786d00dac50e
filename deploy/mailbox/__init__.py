"""A local SMTP inbox for developers: ``python -m deploy.mailbox``.

It accepts every email sent to its SMTP port (``MAILBOX_SMTP_PORT``, 1025), keeps the
last few hundred in memory and shows them on a web page (``MAILBOX_HTTP_PORT``, 8025)
with a JSON API for tests and scripts. Nothing is ever delivered anywhere else.
"""
