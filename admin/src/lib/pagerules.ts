// The page-rule tester: whether a typed URL would show the flow, and why. Matching is
// the SDK's own module (sdk_js/src/targeting/page-rules.ts, a port of the server's
// services/page_rules.py), so the answer here is the answer on the live page.
import { ruleMatches } from "@guidewell/sdk";
import type { PageRule, Pages } from "../types";

export interface PageTest {
  /** The absolute URL that was tested. */
  url: string;
  matches: boolean;
  reason: string;
  include: boolean[];
  exclude: boolean[];
}

/**
 * `input` as the SDK would see `location.href`: an absolute URL as typed, or a path
 * resolved against the project's app URL (any origin will do for path rules).
 */
export function absoluteUrl(input: string, appUrl = ""): string | null {
  const text = input.trim();
  if (!text) return null;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) return text;
  const base = /^https?:\/\//i.test(appUrl) ? appUrl : "https://app.example.com/";
  try {
    return new URL(text.startsWith("/") ? text : `/${text}`, base).href;
  } catch {
    return null;
  }
}

const describeRule = (rule: PageRule, kind: "include" | "exclude", index: number): string =>
  `${kind} rule ${index + 1} (${rule.on === "url" ? "URL" : "path"} ${rule.match.replace("_", " ")} “${rule.value}”)`;

export function testPages(pages: Pages, input: string, appUrl = ""): PageTest | null {
  const url = absoluteUrl(input, appUrl);
  if (url === null) return null;
  const include = (pages.include ?? []).map((rule) => ruleMatches(rule, url));
  const exclude = (pages.exclude ?? []).map((rule) => ruleMatches(rule, url));
  const excludedBy = exclude.indexOf(true);
  if (excludedBy >= 0) {
    return { url, include, exclude, matches: false, reason: `Hidden: matches ${describeRule(pages.exclude![excludedBy], "exclude", excludedBy)}.` };
  }
  if (!include.length) return { url, include, exclude, matches: true, reason: "Shows: with no include rule, every page matches." };
  const includedBy = include.indexOf(true);
  if (includedBy >= 0) {
    return { url, include, exclude, matches: true, reason: `Shows: matches ${describeRule(pages.include![includedBy], "include", includedBy)}.` };
  }
  return { url, include, exclude, matches: false, reason: "Hidden: matches no include rule." };
}
