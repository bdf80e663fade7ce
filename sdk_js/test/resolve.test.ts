import { describe, expect, it } from "vitest";
import { queryDeep, resolveTarget } from "../src/ui/resolve";

const page = (html: string): void => {
  // Test fixtures only: the SDK itself never parses HTML into the page.
  document.body.innerHTML = html;
};

describe("selector first", () => {
  it("uses the selector when it finds exactly one element", () => {
    page('<button id="save">Save</button>');
    expect(resolveTarget({ selector: "#save" })).toEqual({ el: document.getElementById("save"), match: "selector" });
  });

  it("finds nothing for an invalid selector instead of throwing", () => {
    page("<button>Save</button>");
    expect(resolveTarget({ selector: "button[" })).toBeNull();
  });

  it("without a fingerprint, takes the first of several matches", () => {
    page('<button class="b">One</button><button class="b">Two</button>');
    expect(resolveTarget({ selector: ".b" })?.match).toBe("selector:first");
  });
});

describe("open shadow roots", () => {
  it("finds an element inside an open shadow root", () => {
    page('<x-card id="card"></x-card>');
    const shadow = document.getElementById("card")!.attachShadow({ mode: "open" });
    const button = shadow.appendChild(document.createElement("button"));
    button.id = "inner";
    expect(resolveTarget({ selector: "#inner" })?.el).toBe(button);
  });

  it("finds an element two shadow roots deep", () => {
    page('<x-outer id="outer"></x-outer>');
    const outer = document.getElementById("outer")!.attachShadow({ mode: "open" });
    const middle = outer.appendChild(document.createElement("x-middle")).attachShadow({ mode: "open" });
    const input = middle.appendChild(document.createElement("input"));
    input.name = "email";
    expect(queryDeep('input[name="email"]')).toEqual([input]);
  });

  it("does not look inside the SDK's own hosts", () => {
    const host = document.documentElement.appendChild(document.createElement("gw-root"));
    host.attachShadow({ mode: "open" }).appendChild(document.createElement("button")).id = "gw-inner";
    expect(queryDeep("#gw-inner")).toEqual([]);
  });
});

describe("fingerprint fallback", () => {
  it("matches by id when the selector no longer finds the element", () => {
    page('<button id="new-project" class="btn-v2">New</button>');
    const found = resolveTarget({ selector: ".btn-primary", fingerprint: { tag: "button", id: "new-project" } });
    expect(found).toEqual({ el: document.getElementById("new-project"), match: "fallback:id" });
  });

  it("matches by a stable attribute when the id changed too", () => {
    page('<button data-testid="export">Export</button><button>Import</button>');
    const found = resolveTarget({
      selector: "#old",
      fingerprint: { tag: "button", id: "old", attrs: { "data-testid": "export" } },
    });
    expect(found?.match).toBe("fallback:attr");
    expect(found?.el.textContent).toBe("Export");
  });

  it("prefers data-testid over aria-label when both are captured", () => {
    page('<a aria-label="Help" data-testid="help-v2">?</a><a aria-label="Help" data-testid="help">?</a>');
    const found = resolveTarget({
      selector: "#gone",
      fingerprint: { tag: "a", attrs: { "aria-label": "Help", "data-testid": "help" } },
    });
    expect(found?.el.getAttribute("data-testid")).toBe("help");
  });

  it("matches by tag and visible text", () => {
    page("<nav><a>Reports</a><a>Settings</a></nav>");
    const found = resolveTarget({ selector: "#settings-link", fingerprint: { tag: "a", text: "Settings" } });
    expect(found).toEqual({ el: document.querySelectorAll("a")[1], match: "fallback:text" });
  });

  it("compares text with whitespace collapsed", () => {
    page("<button>\n  Create   report\n</button><button>Delete</button>");
    expect(resolveTarget({ selector: ".x", fingerprint: { tag: "button", text: "Create report" } })?.match).toBe(
      "fallback:text",
    );
  });

  it("picks among several selector matches by position among siblings", () => {
    page('<ul><li class="row">a</li><li class="row">b</li><li class="row">c</li></ul>');
    const found = resolveTarget({ selector: ".row", fingerprint: { tag: "li", nth: 1 } });
    expect(found).toEqual({ el: document.querySelectorAll("li")[1], match: "fallback:nth" });
  });

  it("uses the nth path last", () => {
    page("<main><section><p>one</p></section><section><p>two</p></section></main>");
    const found = resolveTarget({
      selector: "#gone",
      fingerprint: { tag: "p", path: "main > section:nth-of-type(2) > p" },
    });
    expect(found).toEqual({ el: document.querySelectorAll("p")[1], match: "fallback:path" });
  });

  it("gives up rather than guess when no signal singles one element out", () => {
    page("<button>Go</button><button>Go</button>");
    expect(resolveTarget({ selector: "#gone", fingerprint: { tag: "button", text: "Go" } })).toBeNull();
  });

  it("finds a fallback match inside an open shadow root", () => {
    page('<x-toolbar id="bar"></x-toolbar>');
    const shadow = document.getElementById("bar")!.attachShadow({ mode: "open" });
    const button = shadow.appendChild(document.createElement("button"));
    button.setAttribute("aria-label", "Share");
    const found = resolveTarget({ selector: "#share", fingerprint: { tag: "button", attrs: { "aria-label": "Share" } } });
    expect(found).toEqual({ el: button, match: "fallback:attr" });
  });
});
