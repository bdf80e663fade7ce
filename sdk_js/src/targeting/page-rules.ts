// A port of server/guidewell/services/page_rules.py — read its docstring for the
// semantics; test/page-rules.test.ts runs the same cases as tests/test_page_rules.py.
// Keep both in sync.

import type { PageRule, Pages } from "../types";

export function pageMatches(pages: Pages, url: string): boolean {
  if ((pages.exclude ?? []).some((rule) => ruleMatches(rule, url))) return false;
  const include = pages.include ?? [];
  return !include.length || include.some((rule) => ruleMatches(rule, url));
}

export function ruleMatches(rule: PageRule, url: string): boolean {
  const subject = (rule.on ?? "path") === "url" ? url : pathOf(url);
  const value = rule.value;
  switch (rule.match) {
    case "equals":
      return trimSlash(subject) === trimSlash(value);
    case "contains":
      return subject.includes(value);
    case "starts_with":
      return subject.startsWith(value);
    case "glob":
      return globMatches(subject, value);
    case "regex":
      return regex(value)?.test(subject) ?? false;
  }
  return false;
}

/**
 * The path as Python's `urlsplit(url).path or "/"` reads it: raw (still
 * percent-encoded), without scheme, authority, query or fragment.
 */
export function pathOf(url: string): string {
  const match = /^(?:[A-Za-z][A-Za-z0-9+.-]*:)?(?:\/\/[^/?#]*)?([^?#]*)/.exec(url);
  return match?.[1] || "/";
}

const trimSlash = (text: string): string => (text.endsWith("/") ? text.slice(0, -1) : text);

function globMatches(subject: string, pattern: string): boolean {
  const [first, ...rest] = pattern.split("*");
  if (!rest.length) return subject === pattern;
  const last = rest.pop()!;
  // The fixed ends must fit without overlapping; the middle pieces then appear in
  // order, and taking each at its leftmost position never loses a match.
  if (subject.length < first.length + last.length) return false;
  if (!subject.startsWith(first) || !subject.endsWith(last)) return false;
  let position = first.length;
  const end = subject.length - last.length;
  for (const piece of rest) {
    const found = subject.indexOf(piece, position);
    if (found < 0 || found + piece.length > end) return false;
    position = found + piece.length;
  }
  return true;
}

const compiled = new Map<string, RegExp | null>();

function regex(pattern: string): RegExp | null {
  if (!compiled.has(pattern)) {
    let value: RegExp | null = null;
    try {
      value = new RegExp(pattern); // no flags: \d \w \b are ASCII-only, as the server reads them
    } catch {
      // A pattern that does not compile matches nothing.
    }
    if (compiled.size > 500) compiled.clear();
    compiled.set(pattern, value);
  }
  return compiled.get(pattern)!;
}
