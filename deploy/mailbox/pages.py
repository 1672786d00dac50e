"""The mailbox's HTML: an inbox list and a message view. No script: works with any browser."""

from __future__ import annotations

import re
from html import escape
from urllib.parse import urlencode

from deploy.mailbox.store import ReceivedMessage

_URL = re.compile(r"https?://[^\s<>\"']+")
_TRAILING = ".,;:!?)]}'\""

STYLESHEET = """
:root { color-scheme: light dark; --fg: #1b1b1f; --bg: #ffffff; --muted: #4a4a55;
  --line: #d5d5dd; --accent: #0b57d0; --card: #f6f6f9; --danger: #a50e0e; }
@media (prefers-color-scheme: dark) {
  :root { --fg: #ececf1; --bg: #131316; --muted: #b4b4c0; --line: #3a3a44;
    --accent: #9cc0ff; --card: #1d1d22; --danger: #ffb4ab; } }
* { box-sizing: border-box; }
body { margin: 0; font: 1rem/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  color: var(--fg); background: var(--bg); }
a { color: var(--accent); }
:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
.skip { position: absolute; left: -999px; }
.skip:focus { left: 1rem; top: 1rem; background: var(--bg); padding: .5rem; z-index: 1; }
header.bar { display: flex; flex-wrap: wrap; gap: .25rem 1rem; align-items: baseline;
  padding: .75rem 1rem; border-bottom: 1px solid var(--line); }
.brand { font-weight: 700; font-size: 1.15rem; text-decoration: none; color: var(--fg); }
.hint { color: var(--muted); font-size: .9rem; }
main { max-width: 60rem; margin: 0 auto; padding: 1rem; }
h1 { font-size: 1.4rem; margin: .25rem 0 1rem; overflow-wrap: anywhere; }
h2 { font-size: 1.1rem; margin: 1.5rem 0 .5rem; }
.toolbar { display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; margin-bottom: 1rem; }
.toolbar h1 { margin: 0 auto 0 0; }
.button, button { display: inline-flex; align-items: center; min-height: 44px; padding: 0 1rem;
  border: 1px solid var(--line); border-radius: .5rem; background: var(--card); color: var(--fg);
  font: inherit; text-decoration: none; cursor: pointer; }
button.danger { color: var(--danger); }
form.inline { display: inline; margin: 0; }
form[role=search] { display: flex; flex-wrap: wrap; gap: .5rem; align-items: center;
  margin-bottom: 1rem; }
input[type=search] { min-height: 44px; flex: 1 1 14rem; padding: 0 .75rem; font: inherit;
  border: 1px solid var(--line); border-radius: .5rem; background: var(--bg); color: var(--fg); }
ol.messages { list-style: none; margin: 0; padding: 0; }
ol.messages li { border: 1px solid var(--line); border-radius: .5rem; margin-bottom: .5rem;
  background: var(--card); }
ol.messages a { display: block; padding: .75rem 1rem; color: inherit; text-decoration: none; }
ol.messages a:hover .subject { text-decoration: underline; }
.subject { display: block; font-weight: 600; color: var(--accent); overflow-wrap: anywhere; }
.meta { display: flex; flex-wrap: wrap; gap: .1rem 1.25rem; color: var(--muted);
  font-size: .9rem; overflow-wrap: anywhere; }
dl.headers { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem;
  margin: 0; }
dl.headers dt { font-weight: 600; }
dl.headers dd { margin: 0; overflow-wrap: anywhere; }
@media (max-width: 30rem) { dl.headers { grid-template-columns: 1fr; }
  dl.headers dd { margin-bottom: .5rem; } }
pre.text { white-space: pre-wrap; overflow-wrap: anywhere; background: var(--card);
  border: 1px solid var(--line); border-radius: .5rem; padding: 1rem; font-size: .95rem; }
iframe { width: 100%; height: 70vh; border: 1px solid var(--line); border-radius: .5rem;
  background: #fff; resize: vertical; }
.actions { display: flex; flex-wrap: wrap; gap: .5rem; margin: 1rem 0; }
"""


def _layout(*, title: str, body: str, smtp_port: int) -> str:
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)} · Mailbox</title>
<link rel="stylesheet" href="/static/mailbox.css">
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header class="bar">
<a class="brand" href="/">Mailbox</a>
<span class="hint">Catches every email sent to SMTP port {smtp_port}; nothing leaves this
machine.</span>
</header>
<main id="main">
{body}
</main>
</body>
</html>
"""


def inbox_page(messages: list[ReceivedMessage], *, to: str | None, smtp_port: int) -> str:
    heading = f"Inbox for {escape(to)}" if to else "Inbox"
    items = "\n".join(_list_item(m) for m in messages)
    listing = (
        f'<ol class="messages" aria-label="Messages, newest first">\n{items}\n</ol>'
        if messages
        else f"<p>No messages yet. Send one to SMTP port {smtp_port} and refresh.</p>"
    )
    body = f"""<div class="toolbar">
<h1>{heading} <span class="hint">({len(messages)})</span></h1>
<a class="button" href="/{_query(to)}">Refresh</a>
<form class="inline" method="post" action="/delete-all">
<button class="danger" type="submit">Delete all</button>
</form>
</div>
<form role="search" method="get" action="/">
<label for="to">Recipient</label>
<input id="to" name="to" type="search" autocomplete="email" value="{escape(to or "")}">
<button type="submit">Filter</button>
</form>
{listing}"""
    return _layout(title=heading, body=body, smtp_port=smtp_port)


def _list_item(message: ReceivedMessage) -> str:
    to = ", ".join(message.to) or ", ".join(message.envelope_to)
    return f"""<li><a href="/messages/{message.id}">
<span class="subject">{escape(message.subject or "(no subject)")}</span>
<span class="meta"><span>From: {escape(message.sender or message.envelope_from)}</span>
<span>To: {escape(to)}</span>{_time(message)}</span>
</a></li>"""


def message_page(message: ReceivedMessage, *, smtp_port: int) -> str:
    subject = message.subject or "(no subject)"
    rows = [
        ("From", message.sender or message.envelope_from),
        ("To", ", ".join(message.to)),
        ("Cc", ", ".join(message.cc)),
        ("Date", message.date),
        ("Envelope", f"{message.envelope_from} → {', '.join(message.envelope_to)}"),
    ]
    headers = "\n".join(f"<dt>{name}</dt><dd>{escape(value)}</dd>" for name, value in rows if value)
    body = f"""<p><a href="/">← Back to the inbox</a></p>
<h1>{escape(subject)}</h1>
<dl class="headers">
{headers}
<dt>Received</dt><dd>{_time(message)}</dd>
</dl>
<div class="actions">
<a class="button" href="/messages/{message.id}/raw">View source</a>
<form class="inline" method="post" action="/messages/{message.id}/delete">
<button class="danger" type="submit">Delete</button>
</form>
</div>
{_html_section(message)}
<section aria-labelledby="text-heading">
<h2 id="text-heading">Plain text version</h2>
{_text_block(message.text)}
</section>
{_attachments_section(message)}"""
    return _layout(title=subject, body=body, smtp_port=smtp_port)


def _html_section(message: ReceivedMessage) -> str:
    if message.html is None:
        return ""
    # The email's HTML runs in a sandbox (no script, no same-origin) from its own route,
    # which also sends a strict Content-Security-Policy.
    return f"""<section aria-labelledby="html-heading">
<h2 id="html-heading">HTML version</h2>
<iframe title="HTML version of the email" src="/messages/{message.id}/html"
 sandbox="allow-popups allow-popups-to-escape-sandbox" referrerpolicy="no-referrer"></iframe>
</section>"""


def _text_block(text: str) -> str:
    if not text.strip():
        return "<p>This email has no plain text version.</p>"
    return f'<pre class="text">{linkify(text)}</pre>'


def _attachments_section(message: ReceivedMessage) -> str:
    if not message.attachments:
        return ""
    items = "\n".join(
        f"<li>{escape(a.filename)} ({escape(a.content_type)}, {a.size} bytes)</li>"
        for a in message.attachments
    )
    return f"""<section aria-labelledby="att-heading">
<h2 id="att-heading">Attachments</h2>
<ul>
{items}
</ul>
</section>"""


def email_html_document(html: str) -> str:
    """The email's own HTML, with links opening outside the sandboxed frame."""
    return f'<!doctype html><base target="_blank">{html}'


def linkify(text: str) -> str:
    """Escaped ``text`` with its http(s) addresses as links (emails carry sign-in links)."""
    out: list[str] = []
    position = 0
    for match in _URL.finditer(text):
        url = match.group(0).rstrip(_TRAILING)
        out.append(escape(text[position : match.start()]))
        out.append(f'<a href="{escape(url, quote=True)}" rel="noreferrer">{escape(url)}</a>')
        position = match.start() + len(url)
    out.append(escape(text[position:]))
    return "".join(out)


def _time(message: ReceivedMessage) -> str:
    stamp = message.received_at
    return f'<time datetime="{stamp.isoformat()}">{stamp.strftime("%Y-%m-%d %H:%M:%S")} UTC</time>'


def _query(to: str | None) -> str:
    return f"?{urlencode({'to': to})}" if to else ""
