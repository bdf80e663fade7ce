"""Page rules: on which pages a flow may show.

The SDK evaluates these rules in the browser on every route change; this module is the
reference implementation, used by the admin's "does this URL match?" tester and by
validation. Keep ``sdk_js/src/targeting`` in sync with the semantics below.

Pages object
    ``{"include": [rule, ...], "exclude": [rule, ...]}``. A page matches when no exclude
    rule matches it and either ``include`` is empty (every page) or one include rule
    matches: any exclude match wins.

Rule
    ``{"match": kind, "value": text, "on": "path" | "url"}`` (``on`` defaults to ``path``).
    ``url`` is the absolute URL as given — the SDK passes ``location.href``, fragment
    included. ``path`` is only the URL's path, percent-encoded as in the URL (the SDK's
    ``location.pathname``), without query or fragment, and ``/`` when the URL has none.

Match kinds, all case-sensitive
    ``equals``       equal after removing one trailing ``/`` from each side, so ``/docs``
                     equals ``/docs/`` (but not ``/docs//``).
    ``contains``     the value occurs in the subject.
    ``starts_with``  the subject starts with the value.
    ``glob``         anchored at both ends; ``*`` matches any run of characters, ``/``
                     included, and every other character, ``?`` too (URLs contain it), is
                     literal. ``/docs/*`` matches ``/docs/`` and ``/docs/a/b``, not ``/docs``.
    ``regex``        searched anywhere in the subject (write ``^``/``$`` to anchor), without
                     flags. Only the subset both Python ``re`` and the browser's ``RegExp``
                     read alike is accepted (see ``regex_problem``); ``\\d``, ``\\w`` and
                     ``\\b`` are ASCII-only, as in the browser. A pattern that does not
                     compile matches nothing.
"""

import functools
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any
from urllib.parse import urlsplit

PageRule = Mapping[str, Any]

MATCH_KINDS = ("equals", "contains", "starts_with", "glob", "regex")
SUBJECTS = ("path", "url")


def page_matches(pages: Mapping[str, Sequence[PageRule]], url: str) -> bool:
    """Whether ``url`` passes the include/exclude lists of ``pages``."""
    if any(rule_matches(rule, url) for rule in pages.get("exclude", ())):
        return False
    include = pages.get("include", ())
    return not include or any(rule_matches(rule, url) for rule in include)


def rule_matches(rule: PageRule, url: str) -> bool:
    """Whether one page rule matches the absolute ``url``."""
    subject = url if rule.get("on", "path") == "url" else (urlsplit(url).path or "/")
    return _MATCHERS[rule["match"]](subject, rule["value"])


def _equals(subject: str, value: str) -> bool:
    return subject.removesuffix("/") == value.removesuffix("/")


def _glob_matches(subject: str, pattern: str) -> bool:
    first, *rest = pattern.split("*")
    if not rest:
        return subject == pattern
    *middle, last = rest
    # The fixed ends must fit without overlapping; the middle pieces then appear in order,
    # and taking each at its leftmost position never loses a match.
    if len(subject) < len(first) + len(last):
        return False
    if not (subject.startswith(first) and subject.endswith(last)):
        return False
    position, end = len(first), len(subject) - len(last)
    for piece in middle:
        found = subject.find(piece, position, end)
        if found < 0:
            return False
        position = found + len(piece)
    return True


def _regex_matches(subject: str, pattern: str) -> bool:
    compiled = _compile(pattern)
    return compiled is not None and compiled.search(subject) is not None


@functools.lru_cache(maxsize=512)
def _compile(pattern: str) -> re.Pattern[str] | None:
    try:
        return re.compile(pattern, re.ASCII)  # ASCII \d \w \b, like a RegExp without flags
    except re.error:
        return None


_MATCHERS: dict[str, Callable[[str, str], bool]] = {
    "equals": _equals,
    "contains": lambda subject, value: value in subject,
    "starts_with": str.startswith,
    "glob": _glob_matches,
    "regex": _regex_matches,
}


# --- validation -------------------------------------------------------------------------

# One token of a pattern: an escape, a character class (Python reads a "]" right after
# "[" or "[^" as a literal), a group opener with its marker, a braces quantifier, or one
# character. Only run on patterns that re.compile accepted.
_TOKEN = re.compile(r"\\.|\[\^?\]?(?:\\.|[^\]\\])*\]|\(\?.?|\{\d*(?:,\d*)?\}|.", re.DOTALL)
_BRACES_QUANTIFIER = re.compile(r"\{\d+(?:,\d*)?\}")
_PYTHON_ONLY_BRACES = re.compile(r"\{,\d*\}")
_INLINE_FLAG_MARKERS = frozenset("aiLmsux-")
_PYTHON_ONLY_TOKENS = {
    "\\A": "\\A works only in Python; use ^",
    "\\Z": "\\Z works only in Python; use $",
    "\\N": "\\N{...} works only in Python; write the character itself",
    "(?P": "(?P...) named groups work only in Python; use a plain group",
    "(?#": "(?#...) comments work only in Python",
    "(?>": "(?>...) atomic groups work only in Python",
    "(?(": "(?(...)...) conditional groups work only in Python",
}


def regex_problem(pattern: str) -> str | None:
    """Why ``pattern`` cannot be a page rule regex, or None when both engines can run it."""
    try:
        re.compile(pattern, re.ASCII)
    except re.error as error:
        return f"Not a valid regular expression: {error}."
    previous = ""
    for token in _TOKEN.findall(pattern):
        problem = _browser_problem(token, previous)
        if problem:
            return f"{problem}."
        previous = token
    return None


def _browser_problem(token: str, previous: str) -> str | None:
    """What makes ``token``, after ``previous``, fail or mean something else in a browser."""
    if token in _PYTHON_ONLY_TOKENS:
        return _PYTHON_ONLY_TOKENS[token]
    if token.startswith("(?") and token[2:] in _INLINE_FLAG_MARKERS:
        return "Inline flags such as (?i) do not work in browsers"
    if token.startswith(("[]", "[^]")):
        return "A ] right after [ is literal only in Python; write \\]"
    if _PYTHON_ONLY_BRACES.fullmatch(token):
        return f"{token} is a quantifier only in Python; write {token.replace('{,', '{0,')}"
    if token == "+" and (previous in ("*", "+", "?") or _BRACES_QUANTIFIER.fullmatch(previous)):
        return "Possessive quantifiers such as a++ work only in Python"
    return None
