"""Which stored addresses may become a link.

Forms and imports validate a URLField (http, https, ftp, ftps), but a row written another
way (an old import, the shell, a restored backup) may hold `javascript:…`: a link to it would
run a script in the user's session. Pages link only to these schemes and show anything else
as text.
"""

import re

LINKABLE_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
# Browsers ignore ASCII whitespace and control characters inside a scheme (« java\tscript: »).
_IGNORED_BY_BROWSERS = re.compile(r"[\x00-\x20\x7f]")
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")


def linkable_url(value) -> str | None:
    """`value` when a link to it is safe (one of LINKABLE_SCHEMES, or a path of this site), else None."""
    if not value:
        return None
    url = str(value).strip()
    match = _SCHEME.match(_IGNORED_BY_BROWSERS.sub("", url).lower())
    if match is None:  # a path (« /parc/ ») or an address without scheme, resolved against this site
        return url
    return url if match.group(1) in LINKABLE_SCHEMES else None
