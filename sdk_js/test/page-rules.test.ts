// The cases of tests/test_page_rules.py, one for one, so that the server's reference
// implementation (services/page_rules.py) and the SDK agree. Keep in sync.
import { describe, expect, it } from "vitest";
import { pageMatches, pathOf, ruleMatches } from "../src/targeting/page-rules";
import type { PageRule, Pages } from "../src/types";

const SITE = "https://app.example.com";
const rule = (match: PageRule["match"], value: string, on?: PageRule["on"]): PageRule =>
  on ? { match, value, on } : { match, value };
const pages = (include: PageRule[] = [], exclude: PageRule[] = []): Pages => ({ include, exclude });

describe("include and exclude", () => {
  it("an empty include list matches every page", () => {
    expect(pageMatches(pages(), `${SITE}/anything?at=all`)).toBe(true);
  });

  it("a page matching an include rule matches", () => {
    const include = [rule("equals", "/billing"), rule("starts_with", "/settings")];
    expect(pageMatches(pages(include), `${SITE}/settings/team`)).toBe(true);
  });

  it("a page matching no include rule does not match", () => {
    expect(pageMatches(pages([rule("equals", "/billing")]), `${SITE}/home`)).toBe(false);
  });

  it("an exclude match wins over an include match", () => {
    const rules = pages([rule("starts_with", "/settings")], [rule("equals", "/settings/danger")]);
    expect(pageMatches(rules, `${SITE}/settings/danger`)).toBe(false);
  });

  it("exclude alone removes pages from every page", () => {
    const rules = pages([], [rule("starts_with", "/admin")]);
    expect(pageMatches(rules, `${SITE}/home`)).toBe(true);
    expect(pageMatches(rules, `${SITE}/admin/users`)).toBe(false);
  });

  it("missing lists count as empty", () => {
    expect(pageMatches({}, `${SITE}/home`)).toBe(true);
  });
});

describe("what a rule looks at", () => {
  it("a rule looks at the path by default", () => {
    expect(ruleMatches(rule("equals", "/billing"), `${SITE}/billing`)).toBe(true);
  });

  it("the path leaves out the query and fragment", () => {
    expect(ruleMatches(rule("equals", "/billing", "path"), `${SITE}/billing?tab=1#top`)).toBe(true);
  });

  it("the path of a bare origin is a slash", () => {
    expect(ruleMatches(rule("equals", "/"), SITE)).toBe(true);
  });

  it("the path stays percent-encoded", () => {
    expect(ruleMatches(rule("equals", "/caf%C3%A9"), `${SITE}/caf%C3%A9`)).toBe(true);
  });

  it("on url looks at the whole url with query and fragment", () => {
    expect(ruleMatches(rule("contains", "tab=invoices#top", "url"), `${SITE}/billing?tab=invoices#top`)).toBe(true);
  });

  it("on path does not see the host", () => {
    expect(ruleMatches(rule("contains", "example.com"), `${SITE}/billing`)).toBe(false);
  });

  it("location.pathname and the path read from location.href agree", () => {
    expect(pathOf(location.href)).toBe(location.pathname);
  });
});

describe("equals", () => {
  it("matches the same path", () => {
    expect(ruleMatches(rule("equals", "/docs"), `${SITE}/docs`)).toBe(true);
  });

  it.each([
    ["/docs/", "/docs"],
    ["/docs", "/docs/"],
  ])("ignores one trailing slash on either side (%s vs %s)", (value, path) => {
    expect(ruleMatches(rule("equals", value), `${SITE}${path}`)).toBe(true);
  });

  it("ignores only one trailing slash", () => {
    expect(ruleMatches(rule("equals", "/docs"), `${SITE}/docs//`)).toBe(false);
  });

  it("is case-sensitive", () => {
    expect(ruleMatches(rule("equals", "/Docs"), `${SITE}/docs`)).toBe(false);
  });

  it("does not match a longer path", () => {
    expect(ruleMatches(rule("equals", "/docs"), `${SITE}/docs/intro`)).toBe(false);
  });

  it("on url ignores a trailing slash after the host", () => {
    expect(ruleMatches(rule("equals", SITE, "url"), `${SITE}/`)).toBe(true);
  });
});

describe("contains and starts_with", () => {
  it("contains matches anywhere in the path", () => {
    expect(ruleMatches(rule("contains", "invoice"), `${SITE}/billing/invoices/7`)).toBe(true);
  });

  it("contains is case-sensitive", () => {
    expect(ruleMatches(rule("contains", "Invoice"), `${SITE}/billing/invoices`)).toBe(false);
  });

  it("starts_with matches a prefix", () => {
    expect(ruleMatches(rule("starts_with", "/billing"), `${SITE}/billing/invoices`)).toBe(true);
  });

  it("starts_with does not match elsewhere", () => {
    expect(ruleMatches(rule("starts_with", "/invoices"), `${SITE}/billing/invoices`)).toBe(false);
  });

  it("starts_with is case-sensitive", () => {
    expect(ruleMatches(rule("starts_with", "/Billing"), `${SITE}/billing`)).toBe(false);
  });

  it("starts_with on url can pin the origin", () => {
    expect(ruleMatches(rule("starts_with", `${SITE}/`, "url"), `${SITE}/home`)).toBe(true);
    expect(ruleMatches(rule("starts_with", `${SITE}/`, "url"), "https://staging.example.com/home")).toBe(false);
  });
});

describe("glob", () => {
  it("star spans slashes", () => {
    expect(ruleMatches(rule("glob", "/projects/*/settings"), `${SITE}/projects/a/b/settings`)).toBe(true);
  });

  it("star matches an empty run", () => {
    expect(ruleMatches(rule("glob", "/docs/*"), `${SITE}/docs/`)).toBe(true);
  });

  it("is anchored at the start", () => {
    expect(ruleMatches(rule("glob", "/docs/*"), `${SITE}/v2/docs/intro`)).toBe(false);
  });

  it("is anchored at the end", () => {
    expect(ruleMatches(rule("glob", "/docs/*/edit"), `${SITE}/docs/a/edit/more`)).toBe(false);
  });

  it("does not match without the slash before the star", () => {
    expect(ruleMatches(rule("glob", "/docs/*"), `${SITE}/docs`)).toBe(false);
  });

  it("question mark is literal", () => {
    const glob = rule("glob", `${SITE}/search?q=*`, "url");
    expect(ruleMatches(glob, `${SITE}/search?q=shoes`)).toBe(true);
    expect(ruleMatches(glob, `${SITE}/searchXq=shoes`)).toBe(false);
  });

  it("treats regex characters literally", () => {
    expect(ruleMatches(rule("glob", "/a.b+(c)"), `${SITE}/a.b+(c)`)).toBe(true);
    expect(ruleMatches(rule("glob", "/a.b"), `${SITE}/aXb`)).toBe(false);
  });

  it("without a star is exact", () => {
    expect(ruleMatches(rule("glob", "/docs"), `${SITE}/docs/`)).toBe(false);
  });

  it("takes several stars in order", () => {
    const glob = rule("glob", "/*/teams/*/members");
    expect(ruleMatches(glob, `${SITE}/org/teams/7/members`)).toBe(true);
    expect(ruleMatches(glob, `${SITE}/org/members/7/teams`)).toBe(false);
  });

  it("ends may not overlap", () => {
    expect(ruleMatches(rule("glob", "/a*a"), `${SITE}/a`)).toBe(false);
  });

  it("star alone matches every path", () => {
    expect(ruleMatches(rule("glob", "*"), SITE)).toBe(true);
  });
});

describe("regex", () => {
  it("is searched anywhere", () => {
    expect(ruleMatches(rule("regex", String.raw`invoices/\d+`), `${SITE}/billing/invoices/42/pdf`)).toBe(true);
  });

  it("anchors work", () => {
    expect(ruleMatches(rule("regex", "^/invoices"), `${SITE}/billing/invoices`)).toBe(false);
  });

  it("is case-sensitive", () => {
    expect(ruleMatches(rule("regex", "Billing"), `${SITE}/billing`)).toBe(false);
  });

  it("digits are ASCII-only, as on the server", () => {
    expect(ruleMatches(rule("regex", String.raw`^/\d$`, "url"), "/\u0663")).toBe(false);
  });

  it("a regex that does not compile matches nothing", () => {
    expect(ruleMatches(rule("regex", "("), `${SITE}/(`)).toBe(false);
  });
});

// The hypothesis properties of the Python suite, over every short string the same
// alphabets can make (exhaustive up to a length, instead of random draws).
function* strings(alphabet: string, maxLength: number): Generator<string> {
  yield "";
  for (let length = 1; length <= maxLength; length++) {
    const total = alphabet.length ** length;
    for (let n = 0; n < total; n++) {
      let text = "";
      for (let k = n, i = 0; i < length; i++, k = Math.floor(k / alphabet.length)) text += alphabet[k % alphabet.length];
      yield text;
    }
  }
}
const TEXT = [...strings("/ab.?", 3)];
const GLOB = [...strings("/ab*", 4)];
const onUrl = (match: PageRule["match"], value: string): PageRule => rule(match, value, "url");
const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");

describe("properties", () => {
  it("glob agrees with a translated regex", () => {
    for (const pattern of GLOB) {
      const translated = new RegExp("^" + pattern.split("*").map(escape).join("[\\s\\S]*") + "$");
      for (const subject of TEXT) {
        expect(ruleMatches(onUrl("glob", pattern), subject), `${pattern} ~ ${subject}`).toBe(translated.test(subject));
      }
    }
  });

  it("glob between stars is contains", () => {
    for (const value of TEXT) {
      for (const subject of TEXT) expect(ruleMatches(onUrl("glob", `*${value}*`), subject)).toBe(subject.includes(value));
    }
  });

  it("glob ending in a star is starts_with", () => {
    for (const value of TEXT) {
      for (const subject of TEXT) expect(ruleMatches(onUrl("glob", `${value}*`), subject)).toBe(subject.startsWith(value));
    }
  });

  it("a literal regex is contains", () => {
    for (const value of TEXT) {
      for (const subject of TEXT) expect(ruleMatches(onUrl("regex", escape(value)), subject)).toBe(subject.includes(value));
    }
  });

  it("excluding a page always removes it", () => {
    const prefixes = [[], ["/a"], ["/b"], ["/a/b"], ["/a", "/b"], ["/a", "/b", "/a/b"]];
    for (const values of prefixes) {
      for (const path of ["/a", "/b"]) {
        const rules = pages(values.map((value) => rule("starts_with", value)), [rule("equals", path)]);
        expect(pageMatches(rules, `${SITE}${path}`)).toBe(false);
      }
    }
  });
});
