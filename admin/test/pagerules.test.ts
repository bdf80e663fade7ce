import { describe, expect, it } from "vitest";
import { absoluteUrl, testPages } from "../src/lib/pagerules";

describe("page-rule tester", () => {
  it("matches every page when there is no rule", () => {
    const result = testPages({ include: [], exclude: [] }, "/anything")!;
    expect(result.matches).toBe(true);
    expect(result.reason).toMatch(/every page/);
  });

  it("resolves a typed path against the app URL", () => {
    expect(absoluteUrl("/app/x?y=1", "https://acme.io/start")).toBe("https://acme.io/app/x?y=1");
    expect(absoluteUrl("app", "")).toBe("https://app.example.com/app");
    expect(absoluteUrl("http://other.test/a", "https://acme.io")).toBe("http://other.test/a");
    expect(absoluteUrl("  ")).toBeNull();
  });

  it("lets an exclude rule win over an include rule", () => {
    const pages = {
      include: [{ match: "starts_with" as const, value: "/app" }],
      exclude: [{ match: "glob" as const, value: "/app/settings/*" }],
    };
    const hidden = testPages(pages, "https://acme.io/app/settings/billing")!;
    expect(hidden.matches).toBe(false);
    expect(hidden.include).toEqual([true]);
    expect(hidden.exclude).toEqual([true]);
    expect(hidden.reason).toMatch(/exclude rule 1/);
    expect(testPages(pages, "/app/reports")!.matches).toBe(true);
    expect(testPages(pages, "/home")!.reason).toBe("Hidden: matches no include rule.");
  });

  it("reads the server's semantics: equals ignores one trailing slash, glob is anchored, path rules ignore the query", () => {
    const rules = (match: "equals" | "glob" | "regex" | "contains", value: string, on: "path" | "url" = "path") => ({
      include: [{ match, value, on }],
      exclude: [],
    });
    expect(testPages(rules("equals", "/docs"), "/docs/")!.matches).toBe(true);
    expect(testPages(rules("equals", "/docs"), "/docs//")!.matches).toBe(false);
    expect(testPages(rules("glob", "/docs/*"), "/docs")!.matches).toBe(false);
    expect(testPages(rules("glob", "/docs/*"), "/docs/a/b")!.matches).toBe(true);
    expect(testPages(rules("contains", "tab=2"), "/p?tab=2")!.matches).toBe(false);
    expect(testPages(rules("contains", "tab=2", "url"), "/p?tab=2")!.matches).toBe(true);
    expect(testPages(rules("regex", "^/u/\\d+$"), "/u/42")!.matches).toBe(true);
    expect(testPages(rules("regex", "(unclosed"), "/u/42")!.matches).toBe(false);
  });
});
