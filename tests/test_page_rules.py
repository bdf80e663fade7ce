"""Page rules: the include/exclude matcher the SDK mirrors, and the regex compatibility check."""

import re
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from guidewell.services.page_rules import page_matches, regex_problem, rule_matches

SITE = "https://app.example.com"


def page_rule(match: str, value: str, on: str | None = None) -> dict[str, Any]:
    rule = {"match": match, "value": value}
    if on is not None:
        rule["on"] = on
    return rule


def pages(include: list | None = None, exclude: list | None = None) -> dict[str, list]:
    return {"include": include or [], "exclude": exclude or []}


# --- include and exclude ----------------------------------------------------------------


def test_an_empty_include_list_matches_every_page():
    assert page_matches(pages(), f"{SITE}/anything?at=all")


def test_a_page_matching_an_include_rule_matches():
    include = [page_rule("equals", "/billing"), page_rule("starts_with", "/settings")]
    assert page_matches(pages(include), f"{SITE}/settings/team")


def test_a_page_matching_no_include_rule_does_not_match():
    assert not page_matches(pages([page_rule("equals", "/billing")]), f"{SITE}/home")


def test_an_exclude_match_wins_over_an_include_match():
    include = [page_rule("starts_with", "/settings")]
    exclude = [page_rule("equals", "/settings/danger")]
    assert not page_matches(pages(include, exclude), f"{SITE}/settings/danger")


def test_exclude_alone_removes_pages_from_every_page():
    rules = pages(exclude=[page_rule("starts_with", "/admin")])
    assert page_matches(rules, f"{SITE}/home")
    assert not page_matches(rules, f"{SITE}/admin/users")


def test_missing_lists_count_as_empty():
    assert page_matches({}, f"{SITE}/home")


# --- what a rule looks at -----------------------------------------------------------------


def test_a_rule_looks_at_the_path_by_default():
    assert rule_matches(page_rule("equals", "/billing"), f"{SITE}/billing")


def test_the_path_leaves_out_the_query_and_fragment():
    assert rule_matches(page_rule("equals", "/billing", "path"), f"{SITE}/billing?tab=1#top")


def test_the_path_of_a_bare_origin_is_a_slash():
    assert rule_matches(page_rule("equals", "/"), SITE)


def test_the_path_stays_percent_encoded():
    assert rule_matches(page_rule("equals", "/caf%C3%A9"), f"{SITE}/caf%C3%A9")


def test_on_url_looks_at_the_whole_url_with_query_and_fragment():
    rule = page_rule("contains", "tab=invoices#top", "url")
    assert rule_matches(rule, f"{SITE}/billing?tab=invoices#top")


def test_on_path_does_not_see_the_host():
    assert not rule_matches(page_rule("contains", "example.com"), f"{SITE}/billing")


# --- equals -----------------------------------------------------------------------------


def test_equals_matches_the_same_path():
    assert rule_matches(page_rule("equals", "/docs"), f"{SITE}/docs")


@pytest.mark.parametrize(("value", "path"), [("/docs/", "/docs"), ("/docs", "/docs/")])
def test_equals_ignores_one_trailing_slash_on_either_side(value, path):
    assert rule_matches(page_rule("equals", value), f"{SITE}{path}")


def test_equals_ignores_only_one_trailing_slash():
    assert not rule_matches(page_rule("equals", "/docs"), f"{SITE}/docs//")


def test_equals_is_case_sensitive():
    assert not rule_matches(page_rule("equals", "/Docs"), f"{SITE}/docs")


def test_equals_does_not_match_a_longer_path():
    assert not rule_matches(page_rule("equals", "/docs"), f"{SITE}/docs/intro")


def test_equals_on_url_ignores_a_trailing_slash_after_the_host():
    assert rule_matches(page_rule("equals", SITE, "url"), f"{SITE}/")


# --- contains and starts_with -------------------------------------------------------------


def test_contains_matches_anywhere_in_the_path():
    assert rule_matches(page_rule("contains", "invoice"), f"{SITE}/billing/invoices/7")


def test_contains_is_case_sensitive():
    assert not rule_matches(page_rule("contains", "Invoice"), f"{SITE}/billing/invoices")


def test_starts_with_matches_a_prefix():
    assert rule_matches(page_rule("starts_with", "/billing"), f"{SITE}/billing/invoices")


def test_starts_with_does_not_match_elsewhere():
    assert not rule_matches(page_rule("starts_with", "/invoices"), f"{SITE}/billing/invoices")


def test_starts_with_is_case_sensitive():
    assert not rule_matches(page_rule("starts_with", "/Billing"), f"{SITE}/billing")


def test_starts_with_on_url_can_pin_the_origin():
    assert rule_matches(page_rule("starts_with", f"{SITE}/", "url"), f"{SITE}/home")
    assert not rule_matches(
        page_rule("starts_with", f"{SITE}/", "url"), "https://staging.example.com/home"
    )


# --- glob -------------------------------------------------------------------------------


def test_glob_star_spans_slashes():
    assert rule_matches(page_rule("glob", "/projects/*/settings"), f"{SITE}/projects/a/b/settings")


def test_glob_star_matches_an_empty_run():
    assert rule_matches(page_rule("glob", "/docs/*"), f"{SITE}/docs/")


def test_glob_is_anchored_at_the_start():
    assert not rule_matches(page_rule("glob", "/docs/*"), f"{SITE}/v2/docs/intro")


def test_glob_is_anchored_at_the_end():
    assert not rule_matches(page_rule("glob", "/docs/*/edit"), f"{SITE}/docs/a/edit/more")


def test_glob_does_not_match_without_the_slash_before_the_star():
    assert not rule_matches(page_rule("glob", "/docs/*"), f"{SITE}/docs")


def test_glob_question_mark_is_literal():
    rule = page_rule("glob", f"{SITE}/search?q=*", "url")
    assert rule_matches(rule, f"{SITE}/search?q=shoes")
    assert not rule_matches(rule, f"{SITE}/searchXq=shoes")


def test_glob_treats_regex_characters_literally():
    assert rule_matches(page_rule("glob", "/a.b+(c)"), f"{SITE}/a.b+(c)")
    assert not rule_matches(page_rule("glob", "/a.b"), f"{SITE}/aXb")


def test_glob_without_a_star_is_exact():
    assert not rule_matches(page_rule("glob", "/docs"), f"{SITE}/docs/")


def test_glob_takes_several_stars_in_order():
    rule = page_rule("glob", "/*/teams/*/members")
    assert rule_matches(rule, f"{SITE}/org/teams/7/members")
    assert not rule_matches(rule, f"{SITE}/org/members/7/teams")


def test_glob_ends_may_not_overlap():
    assert not rule_matches(page_rule("glob", "/a*a"), f"{SITE}/a")


def test_glob_star_alone_matches_every_path():
    assert rule_matches(page_rule("glob", "*"), SITE)


# --- regex ------------------------------------------------------------------------------


def test_regex_is_searched_anywhere():
    assert rule_matches(page_rule("regex", r"invoices/\d+"), f"{SITE}/billing/invoices/42/pdf")


def test_regex_anchors_work():
    assert not rule_matches(page_rule("regex", r"^/invoices"), f"{SITE}/billing/invoices")


def test_regex_is_case_sensitive():
    assert not rule_matches(page_rule("regex", "Billing"), f"{SITE}/billing")


def test_regex_digits_are_ascii_only_as_in_browsers():
    assert not rule_matches(page_rule("regex", r"^/\d$", "url"), "/\u0663")


def test_a_regex_that_does_not_compile_matches_nothing():
    assert not rule_matches(page_rule("regex", "("), f"{SITE}/(")


# --- regex_problem ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "pattern",
    [
        r"^/docs/\d+$",
        r"(?:a|b)+",
        r"(?=a)(?!b)(?<=c)(?<!d)",
        r"a{2}",
        r"a{2,}",
        r"a{2,5}?",
        r"\++",
        r"[+]+",
        r"[\]]",
        r"x{",
        r"^/(en|fr)/",
    ],
)
def test_patterns_both_engines_read_alike_are_accepted(pattern):
    assert regex_problem(pattern) is None


def test_a_pattern_python_cannot_compile_is_refused():
    assert regex_problem("(") == (
        "Not a valid regular expression: missing ), unterminated subpattern at position 0."
    )


def test_browser_only_syntax_python_cannot_compile_is_refused():
    assert regex_problem(r"(?<year>\d+)").startswith("Not a valid regular expression")


@pytest.mark.parametrize(
    ("pattern", "problem"),
    [
        (r"(?P<id>\d+)", "(?P...) named groups work only in Python; use a plain group."),
        (r"(?P<x>a)(?P=x)", "(?P...) named groups work only in Python; use a plain group."),
        (r"a(?#note)", "(?#...) comments work only in Python."),
        (r"\A/docs", "\\A works only in Python; use ^."),
        (r"/docs\Z", "\\Z works only in Python; use $."),
        (r"\N{DIGIT ONE}", "\\N{...} works only in Python; write the character itself."),
        (r"(?>a+)b", "(?>...) atomic groups work only in Python."),
        (r"a++", "Possessive quantifiers such as a++ work only in Python."),
        (r"a*+", "Possessive quantifiers such as a++ work only in Python."),
        (r"a?+", "Possessive quantifiers such as a++ work only in Python."),
        (r"a{2}+", "Possessive quantifiers such as a++ work only in Python."),
        (r"(a)(?(1)b|c)", "(?(...)...) conditional groups work only in Python."),
        (r"(?i)docs", "Inline flags such as (?i) do not work in browsers."),
        (r"(?i:docs)", "Inline flags such as (?i) do not work in browsers."),
        (r"a{,3}", "{,3} is a quantifier only in Python; write {0,3}."),
        (r"[]a]", "A ] right after [ is literal only in Python; write \\]."),
        (r"[^]a]", "A ] right after [ is literal only in Python; write \\]."),
    ],
)
def test_python_only_syntax_is_refused(pattern, problem):
    assert regex_problem(pattern) == problem


def test_python_only_characters_inside_a_class_are_not_syntax():
    assert regex_problem(r"[(?P]") is None


# --- properties -------------------------------------------------------------------------

TEXT = st.text(alphabet="/ab.?", max_size=8)
GLOB = st.text(alphabet="/ab.?*", max_size=8)


def on_url(match: str, value: str) -> dict[str, str]:
    return page_rule(match, value, "url")


@given(GLOB, TEXT)
def test_glob_agrees_with_a_translated_regex(pattern, subject):
    translated = ".*".join(re.escape(piece) for piece in pattern.split("*"))
    expected = re.fullmatch(translated, subject, re.DOTALL) is not None
    assert rule_matches(on_url("glob", pattern), subject) is expected


@given(TEXT, TEXT)
def test_glob_between_stars_is_contains(value, subject):
    assert rule_matches(on_url("glob", f"*{value}*"), subject) == (value in subject)


@given(TEXT, TEXT)
def test_glob_ending_in_a_star_is_starts_with(value, subject):
    assert rule_matches(on_url("glob", f"{value}*"), subject) == subject.startswith(value)


@given(TEXT, TEXT)
def test_a_literal_regex_is_contains(value, subject):
    assert rule_matches(on_url("regex", re.escape(value)), subject) == (value in subject)


@given(st.lists(st.sampled_from(["/a", "/b", "/a/b"]), max_size=3), st.sampled_from(["/a", "/b"]))
def test_excluding_a_page_always_removes_it(include_paths, path):
    include = [page_rule("starts_with", value) for value in include_paths]
    assert not page_matches(pages(include, [page_rule("equals", path)]), f"{SITE}{path}")
