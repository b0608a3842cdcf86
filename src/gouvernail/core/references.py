"""Known references in free text (« Voir scénarios » in an action's remark) turned into links.

A remark is typed by people, or copied from a study: it points at other pages in words. Each
app registers the phrases that name one of its pages (`register`, from its AppConfig.ready());
`link_references(text, membership)` escapes the whole text and links those phrases only, to
pages the reader may open. Nothing typed is ever trusted as HTML: a link is built from a
registered URL name, never from the text.
"""

import re
from dataclasses import dataclass

from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from gouvernail.core.permissions import can_read

__all__ = ("Reference", "link_references", "register")


@dataclass(frozen=True)
class Reference:
    pattern: str  # a regular expression, matched case-insensitively on whole words
    url_name: str
    domain: str  # what the reader must be allowed to read for the phrase to be a link

    @property
    def url(self) -> str:
        return reverse(self.url_name)


_references: list[Reference] = []


def register(*references: Reference) -> None:
    for reference in references:
        if reference not in _references:
            _references.append(reference)


def link_references(text: str, membership=None) -> SafeString:
    """`text` escaped, each registered phrase a link (when `membership` may read its page; any
    reader when None, as in a document printed for the committee)."""
    usable = [r for r in _references if membership is None or can_read(membership, r.domain)]
    if not text or not usable:
        return escape(text or "")
    combined = re.compile(
        "|".join(rf"(?P<r{index}>\b(?:{r.pattern})\b)" for index, r in enumerate(usable)), re.IGNORECASE
    )
    parts, last = [], 0
    for match in combined.finditer(text):
        reference = usable[int(match.lastgroup[1:])]
        parts.append(escape(text[last : match.start()]))
        parts.append(format_html('<a href="{}">{}</a>', reference.url, match.group()))
        last = match.end()
    parts.append(escape(text[last:]))
    return mark_safe("".join(parts))  # noqa: S308 — every part is escaped or built by format_html
