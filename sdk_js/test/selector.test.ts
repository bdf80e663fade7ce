import { describe, expect, it } from "vitest";
import {
  countMatches,
  fingerprintOf,
  isGeneratedClass,
  isGeneratedId,
  parentTarget,
  selectorFor,
} from "../src/builder/selector";
import type { Target } from "../src/types";
import { queryDeep, resolveTarget } from "../src/ui/resolve";

const page = (html: string): void => {
  // Test fixtures only: the SDK itself never parses HTML into the page.
  document.body.innerHTML = html;
};

/** Attaches an open shadow root holding `html` to the (first, deep) match of `host`. */
const shadow = (host: string, html: string): ShadowRoot => {
  const root = queryDeep(host)[0].attachShadow({ mode: "open" });
  root.innerHTML = html;
  return root;
};

const only = (selector: string): Element => {
  const found = queryDeep(selector);
  expect(found).toHaveLength(1);
  return found[0];
};

interface Case {
  name: string;
  html: string;
  /** Open shadow roots to attach, in order: [host selector (searched deep), inner HTML]. */
  shadows?: [string, string][];
  /** Which element the PM clicks: a structural selector, searched deep; `index` among its matches. */
  pick: string;
  index?: number;
  selector: string;
}

const CORPUS: Case[] = [
  // ids
  { name: "a stable id", html: '<button id="save-report">Save</button>', pick: "button", selector: "#save-report" },
  {
    name: "an id that needs escaping",
    html: '<div id="1st.item">First</div>',
    pick: "div",
    selector: "#\\31 st\\.item",
  },
  {
    name: "Ember's generated ids are skipped",
    html: '<div id="ember123"><button id="ember124" class="btn-export">Export</button><button id="ember125">Import</button></div>',
    pick: "button",
    selector: "button.btn-export",
  },
  {
    name: "React's useId is skipped",
    html: '<form><label for=":r1:">Email</label><input id=":r1:" name="email"></form>',
    pick: "input",
    selector: 'input[name="email"]',
  },
  {
    name: "Radix's generated id is skipped",
    html: '<button id="radix-:r2:" aria-haspopup="menu" aria-label="Open menu">⋯</button>',
    pick: "button",
    selector: '[aria-label="Open menu"]',
  },
  {
    name: "react-select's counter id is skipped",
    html: '<div class="css-b62m3t-container"><input id="react-select-3-input" aria-label="Choose team"></div>',
    pick: "input",
    selector: '[aria-label="Choose team"]',
  },
  {
    name: "a uuid id is skipped",
    html: '<section id="a7f3e9c2-1b2c-4d5e-8f90-123456789abc"><h2>Usage</h2></section><h2>Billing</h2>',
    pick: "h2",
    selector: 'h2:contains("Usage")',
  },
  {
    name: "a duplicated id is skipped",
    html: '<button id="dup" class="btn-a">A</button><button id="dup" class="btn-b">B</button>',
    pick: "button",
    index: 1,
    selector: "button.btn-b",
  },
  // test attributes and other data-*
  {
    name: "data-testid beats hashed classes",
    html: '<button data-testid="export-csv" class="css-1x2y3z">Export</button>',
    pick: "button",
    selector: '[data-testid="export-csv"]',
  },
  {
    name: "a repeated data-testid is scoped under the nearest unique id",
    html: '<div id="sidebar"><button data-testid="close">×</button></div><div id="main"><button data-testid="close">×</button></div>',
    pick: "button",
    index: 1,
    selector: '#main [data-testid="close"]',
  },
  {
    name: "data-cy",
    html: '<a data-cy="nav-reports" href="/reports">Reports</a>',
    pick: "a",
    selector: '[data-cy="nav-reports"]',
  },
  {
    name: "a data-testid holding a record id is skipped",
    html: '<table><tbody><tr data-testid="row-48213"><td>Ann</td></tr><tr data-testid="row-48214"><td>Bob</td></tr></tbody></table>',
    pick: "tr",
    selector: 'tr:contains("Ann")',
  },
  {
    name: "another data-* attribute",
    html: '<button data-action="archive">Archive</button><button data-action="delete">Delete</button>',
    pick: "button",
    index: 1,
    selector: 'button[data-action="delete"]',
  },
  {
    name: "Vue's scope marker and UI-state data-* are skipped",
    html: '<button data-v-7ba5bd90 data-state="open" class="menu-trigger">Menu</button><div data-v-7ba5bd90></div>',
    pick: "button",
    selector: "button.menu-trigger",
  },
  // aria-label, name, descriptive attributes
  { name: "aria-label", html: '<button aria-label="Close dialog">×</button>', pick: "button", selector: '[aria-label="Close dialog"]' },
  {
    name: "an aria-label with quotes",
    html: '<button aria-label=\'Say "hi"\'>👋</button>',
    pick: "button",
    selector: '[aria-label="Say \\"hi\\""]',
  },
  {
    name: "a form field by name",
    html: '<form><input name="email"><input name="password" type="password"></form>',
    pick: "input",
    index: 1,
    selector: 'input[name="password"]',
  },
  {
    name: "the same field name in two forms, scoped by the form's id",
    html: '<form id="login"><input name="email"></form><form id="signup"><input name="email"></form>',
    pick: "input",
    index: 1,
    selector: '#signup input[name="email"]',
  },
  {
    name: "a link by href, scoped by its nav",
    html: '<nav id="sidebar"><a href="/reports">Reports</a></nav><footer><a href="/reports">Reports</a></footer>',
    pick: "a",
    selector: '#sidebar a[href="/reports"]',
  },
  {
    name: "a link to a record (href with an id) goes by its text instead",
    html: '<ul class="projects"><li><a href="/projects/4521">Apollo</a></li><li><a href="/projects/4522">Zeus</a></li></ul>',
    pick: "a",
    index: 1,
    selector: 'a:contains("Zeus")',
  },
  {
    name: "an input by placeholder",
    html: '<input class="Input_field__a1B2c" placeholder="Search reports"><input class="Input_field__a1B2c">',
    pick: "input",
    selector: 'input[placeholder="Search reports"]',
  },
  // classes
  {
    name: "emotion's classes are skipped for the stable one",
    html: '<div class="css-1x2y3z"><button class="css-a7b8c9 toolbar-export">Export</button><button class="css-a7b8c9">Import</button></div>',
    pick: "button",
    selector: "button.toolbar-export",
  },
  {
    name: "styled-components' classes are all skipped: the text decides",
    html: '<button class="sc-bdVaJa kXhYcD">Save</button><button class="sc-bdVaJa fRjFcS">Cancel</button>',
    pick: "button",
    index: 1,
    selector: 'button:contains("Cancel")',
  },
  {
    name: "a CSS-modules class is skipped next to a plain one",
    html: '<button class="Button_primary__a1B2c btn">Go</button><a class="btn">Back</a>',
    pick: "button",
    selector: "button.btn",
  },
  {
    name: "two classes when neither alone is unique",
    html: '<button class="btn btn-primary">A</button><button class="btn btn-large">B</button><button class="btn-large btn-primary">C</button>',
    pick: "button",
    selector: "button.btn.btn-primary",
  },
  {
    name: "Tailwind variants and arbitrary values are skipped",
    html: '<button class="hover:bg-blue-500 w-[37px] px-4 btn-upgrade">Upgrade</button><button class="px-4">Later</button>',
    pick: "button",
    selector: "button.btn-upgrade",
  },
  {
    name: "state classes are skipped",
    html: '<nav><a class="nav-link active">Home</a><a class="nav-link">About</a></nav>',
    pick: "a",
    selector: 'a:contains("Home")',
  },
  // text
  {
    name: "buttons told apart only by their text",
    html: '<div class="toolbar"><button class="btn">Save</button><button class="btn">Cancel</button></div>',
    pick: "button",
    index: 1,
    selector: 'button:contains("Cancel")',
  },
  {
    name: "text that is part of another button's text falls to the path",
    html: "<button>Save</button><button>Save all</button>",
    pick: "button",
    selector: "body > button:nth-of-type(1)",
  },
  {
    name: "text longer than 60 characters is not used",
    html: `<p>${"A rather long paragraph of help text. ".repeat(2)}</p><p>Other</p>`,
    pick: "p",
    selector: "body > p:nth-of-type(1)",
  },
  // lists and tables
  {
    name: "a list item without handles",
    html: "<ul><li>One</li><li>Two</li><li>Two</li></ul>",
    pick: "li",
    index: 2,
    selector: "body > ul > li:nth-of-type(3)",
  },
  {
    name: "a repeated link in a list, by its path below the nearest id",
    html: '<div id="app"><main><ul><li><a>Open</a></li><li><a>Open</a></li><li><a>Open</a></li></ul></main></div>',
    pick: "a",
    index: 2,
    selector: "#app > main > ul > li:nth-of-type(3) > a",
  },
  {
    name: "a table cell (row 3, column 2)",
    html:
      '<table id="users"><thead><tr><th>Name</th><th>Status</th></tr></thead><tbody>' +
      "<tr><td>Ann</td><td>Active</td></tr><tr><td>Bob</td><td>Active</td></tr><tr><td>Cy</td><td>Active</td></tr>" +
      "</tbody></table>",
    pick: "tbody tr:nth-child(3) td:nth-child(2)",
    selector: "#users > tbody > tr:nth-of-type(3) > td:nth-of-type(2)",
  },
  {
    name: "a table cell below a table with a stable class",
    html: '<table class="orders css-1q2w3e"><tr><td>1</td><td>Paid</td></tr><tr><td>2</td><td>Paid</td></tr></table>',
    pick: "tr:nth-child(2) td:nth-child(2)",
    selector: "table.orders > tbody > tr:nth-of-type(2) > td:nth-of-type(2)",
  },
  // shadow roots
  {
    name: "inside an open shadow root, by aria-label",
    html: '<x-card id="card"></x-card>',
    shadows: [["#card", '<button aria-label="Share">↗</button>']],
    pick: "button",
    selector: '[aria-label="Share"]',
  },
  {
    name: "two shadow roots deep, by the path from the inner root's top",
    html: "<x-outer></x-outer><button>Go</button>",
    shadows: [
      ["x-outer", "<x-inner></x-inner>"],
      ["x-inner", "<div><button>Go</button><button>Go</button></div>"],
    ],
    pick: "button",
    index: 2,
    selector: "div > button:nth-of-type(2)",
  },
  {
    name: "a path from a shadow root's top, pinned there when the page has the same path",
    html: "<input><div><input><input></div><x-form></x-form>",
    shadows: [["x-form", "<input><input>"]],
    pick: "input",
    index: 4,
    selector: "input:nth-of-type(2):not(* > *)",
  },
  {
    name: "an id used both in the page and in a shadow root is skipped",
    html: '<input id="email"><x-signup></x-signup>',
    shadows: [["x-signup", '<input id="email" placeholder="Work email">']],
    pick: "input",
    index: 1,
    selector: 'input[placeholder="Work email"]',
  },
  {
    name: "scoped under a stable class inside a shadow root",
    html: "<x-tabs></x-tabs>",
    shadows: [["x-tabs", '<nav class="tabs"><a>One</a><a>Two</a></nav><footer><a>Two</a></footer>']],
    pick: "a",
    index: 1,
    selector: 'nav.tabs a:contains("Two")',
  },
  {
    name: "a form field inside a shadow root",
    html: "<x-login></x-login>",
    shadows: [["x-login", '<form><input name="username"><input name="password" type="password"></form>']],
    pick: "input",
    index: 1,
    selector: 'input[name="password"]',
  },
];

describe("selectorFor: the corpus", () => {
  it.each(CORPUS)("$name", ({ html, shadows = [], pick, index = 0, selector }) => {
    page(html);
    for (const [host, inner] of shadows) shadow(host, inner);
    const el = queryDeep(pick)[index];
    expect(el).toBeDefined();
    expect(selectorFor(el)).toBe(selector);
    expect(queryDeep(selector)).toEqual([el]);
  });

  it("inside a same-origin iframe, relative to the iframe's document", () => {
    page('<button class="btn-buy">Buy</button><iframe></iframe>');
    const doc = document.querySelector("iframe")!.contentDocument!;
    doc.body.innerHTML = '<button class="btn-buy">Buy</button><button class="btn-buy">Buy now</button>';
    const el = doc.querySelectorAll("button")[1];
    expect(selectorFor(el)).toBe('button:contains("Buy now")');
    expect(queryDeep('button:contains("Buy now")', doc)).toEqual([el]);
    expect(countMatches("button.btn-buy", doc)).toBe(2);
  });

  it("cannot tell apart copies of one component's shadow root: countMatches says so", () => {
    page("<x-card></x-card><x-card></x-card>");
    const [first, second] = Array.from(document.querySelectorAll("x-card"));
    for (const host of [first, second]) host.attachShadow({ mode: "open" }).innerHTML = '<button class="act">Go</button>';
    const el = second.shadowRoot!.querySelector("button")!;
    const selector = selectorFor(el);
    expect(selector).toBe("button:not(* > *)");
    expect(countMatches(selector)).toBe(2);
  });
});

describe("isGeneratedClass", () => {
  it.each([
    "css-1x2y3z",
    "css-1x2y3z-Button",
    "sc-abc123",
    "sc-bdVaJa",
    "kXhYcD",
    "bdVaJa",
    "jsx-123456",
    "svelte-1abc2de",
    "jss12",
    "makeStyles-root-3",
    "Button_primary__a1B2c",
    "button__3xYz_",
    "_1a2b3c",
    "_button_1a2b3",
    "styles-module__x--3Kd9a",
    "a7f3e9c2",
    "btn-4f9a2b",
    "item-48213",
    "hover:bg-blue-500",
    "md:flex",
    "w-[37px]",
    "w-1/2",
    "active",
    "is-active",
    "has-error",
    "isOpen",
    "selected",
    "hover",
    "focus",
    "open",
    "disabled",
    "ng-touched",
    "router-link-active",
  ])("%s is unstable", (name) => expect(isGeneratedClass(name)).toBe(true));

  it.each([
    "btn",
    "btn-primary",
    "nav-link",
    "toolbar-export",
    "card__title",
    "nav__link",
    "btn--primary",
    "navBar",
    "NavBar",
    "MainNavBar",
    "TOOLBAR",
    "col-md-6",
    "h1",
    "icon24",
    "px-4",
    "grid-cols-12",
    "menu-trigger",
    "css",
    "island",
  ])("%s is stable", (name) => expect(isGeneratedClass(name)).toBe(false));
});

describe("isGeneratedId", () => {
  it.each([
    "ember123",
    ":r1:",
    "«r2»",
    "_r_5_",
    "radix-:r2:",
    "react-select-3-input",
    "headlessui-menu-button-1",
    "downshift-0-input",
    "mui-123",
    "a7f3e9c2-1b2c-4d5e-8f90-123456789abc",
    "input-83412",
  ])("%s is generated", (id) => expect(isGeneratedId(id)).toBe(true));

  it.each(["save-report", "sidebar", "app", "main-nav", "step-2", "__next", "h1"])("%s is stable", (id) =>
    expect(isGeneratedId(id)).toBe(false),
  );
});

describe("fingerprintOf", () => {
  it("captures tag, stable attributes, text, position and the path below the nearest stable id", () => {
    page(
      '<div id="app"><main><ul><li>a</li><li>b</li><li><span></span>' +
        '<a id="ember77" href="/reports" data-testid="reports-link" aria-label="Reports" class="css-1x2y3z" ' +
        'data-v-7ba5bd90 data-state="open" data-track="nav" role="link" title="Go" aria-describedby="tip">' +
        "\n  Reports   page \n</a></li></ul></main></div>",
    );
    const fingerprint = fingerprintOf(only("a"));
    expect(fingerprint).toEqual({
      tag: "a",
      id: null, // generated: next session it may be another element's
      attrs: {
        "data-testid": "reports-link",
        "aria-label": "Reports",
        "data-track": "nav",
        role: "link",
        href: "/reports",
        title: "Go",
      },
      text: "Reports page",
      nth: 1,
      path: "#app > main > ul > li:nth-of-type(3) > a",
    });
    expect(Object.keys(fingerprint.attrs!)).toEqual(["data-testid", "aria-label", "data-track", "role", "href", "title"]);
    expect(queryDeep(fingerprint.path!)).toEqual([only("a")]);
  });

  it("keeps a stable id, and null text for an empty element", () => {
    page('<div><input id="email" name="email" type="email" placeholder="you@example.com"></div>');
    expect(fingerprintOf(only("input"))).toEqual({
      tag: "input",
      id: "email",
      attrs: { name: "email", type: "email", placeholder: "you@example.com" },
      text: null,
      nth: 0,
      path: "body > div > input", // from an ancestor: it is for when the id is gone
    });
  });

  it("keeps at most 10 attributes, of at most 200 characters, with names the server accepts", () => {
    const data = Array.from({ length: 12 }, (_, i) => `data-k${i}="v${i}"`).join(" ");
    page(`<button data-long="${"x".repeat(201)}" ${data}>Go</button>`);
    document.querySelector("button")!.setAttribute("data-ünï", "x");
    const attrs = fingerprintOf(only("button")).attrs!;
    expect(Object.keys(attrs)).toHaveLength(10);
    expect(attrs).not.toHaveProperty("data-long");
    expect(attrs).not.toHaveProperty("data-ünï");
    expect(Object.keys(attrs).every((name) => /^[a-z][a-z0-9_.:-]{0,63}$/.test(name))).toBe(true);
  });

  it("without an id above it, the path starts at body", () => {
    page("<div><span>a</span><span>b</span></div>");
    expect(fingerprintOf(document.querySelectorAll("span")[1]).path).toBe("body > div > span:nth-of-type(2)");
  });

  it("inside a shadow root: position among the root's children, path from its top element", () => {
    page('<x-card id="card"></x-card>');
    shadow("#card", "<header></header><div><b>x</b><b>y</b></div>");
    const el = queryDeep("b")[1];
    expect(fingerprintOf(el)).toMatchObject({ tag: "b", text: "y", nth: 1, path: "div > b:nth-of-type(2)" });
    expect(fingerprintOf(queryDeep("div")[0]).nth).toBe(1);
  });

  it("keeps the path within the server's 1000 characters by dropping its top steps", () => {
    page('<div id="top">' + "<div>".repeat(300) + "<span></span>" + "</div>".repeat(301));
    const span = only("span");
    for (const path of [fingerprintOf(span).path!, selectorFor(span)]) {
      expect(path.length).toBeLessThanOrEqual(1000);
      expect(path.endsWith("div > div > span")).toBe(true);
      expect(queryDeep(path)).toEqual([span]);
    }
  });
});

describe(":contains() in queryDeep", () => {
  it("keeps the matches whose text includes the JSON string, case-sensitively", () => {
    page("<button>Save</button><button>Save all</button><button>save</button><a>Save</a>");
    expect(queryDeep('button:contains("Save")').map((el) => el.textContent)).toEqual(["Save", "Save all"]);
  });

  it("compares with whitespace collapsed", () => {
    page("<button>\n  Create   report\n</button>");
    expect(queryDeep('button:contains("Create report")')).toHaveLength(1);
  });

  it("reads escapes and parentheses inside the string", () => {
    page('<button>Say "hi" (now)</button><button>Say hi</button>');
    expect(queryDeep('button:contains("Say \\"hi\\" (now)")')).toEqual([document.querySelector("button")]);
  });

  it("works after a descendant combinator and inside shadow roots", () => {
    page('<x-bar id="bar"></x-bar><button>Share</button>');
    const button = shadow("#bar", '<nav class="tools"><button>Share</button></nav>').querySelector("button");
    expect(queryDeep('nav.tools button:contains("Share")')).toEqual([button]);
  });

  it.each(['button:contains("Save)', "button:contains(Save)", '[:contains("Save")', 'button:contains("Save") span', 'button:contains("a"b")'])(
    "finds nothing for %s instead of throwing",
    (selector) => {
      page("<button>Save <span>x</span></button>");
      expect(queryDeep(selector)).toEqual([]);
    },
  );

  it("leaves selectors without it as they were", () => {
    page('<button title=":contains(&quot;x&quot;)">Save</button>');
    expect(queryDeep('button[title=\':contains("x")\']')).toHaveLength(1);
  });
});

describe("countMatches and parentTarget", () => {
  it("counts deep matches, 0 for an invalid selector", () => {
    page('<button class="b"></button><x-a id="a"></x-a>');
    shadow("#a", '<button class="b"></button>');
    expect(countMatches(".b")).toBe(2);
    expect(countMatches("button[")).toBe(0);
  });

  it("widens to the parent, out of a shadow root to its host, never to body or html", () => {
    page('<main><x-card id="card"></x-card></main>');
    const inner = shadow("#card", "<p><b>x</b></p>").querySelector("b")!;
    expect(parentTarget(inner)?.tagName).toBe("P");
    expect(parentTarget(inner.parentElement!)).toBe(document.getElementById("card"));
    expect(parentTarget(document.getElementById("card")!)?.tagName).toBe("MAIN");
    expect(parentTarget(only("main"))).toBeNull();
    expect(parentTarget(document.body)).toBeNull();
  });
});

describe("fingerprint fallback on the next build of the site", () => {
  /** What the builder saves for the element `pick` finds. */
  const picked = (pick: string, index = 0): Target => {
    const el = queryDeep(pick)[index];
    return { selector: selectorFor(el), fingerprint: fingerprintOf(el) };
  };

  it("the id removed, classes regenerated, siblings reordered: found by text", () => {
    page('<button id="export" class="css-1x2y3z">Export</button><button class="css-1x2y3z">Import</button>');
    const target = picked("button");
    expect(target.selector).toBe("#export");
    page('<button class="css-9q8w7e">Import</button><button class="css-9q8w7e">Export</button>');
    expect(resolveTarget(target)).toEqual({ el: document.querySelectorAll("button")[1], match: "fallback:text" });
  });

  it("a field renamed and its CSS-modules class regenerated: found by its placeholder", () => {
    page('<input name="email" placeholder="Work email" class="Input_field__a1B2c"><input name="name" placeholder="Name">');
    const target = picked("input");
    expect(target.selector).toBe('input[name="email"]');
    page('<input name="user_name" placeholder="Name" class="Input_field__Zz9q1"><input name="user_email" placeholder="Work email" class="Input_field__Zz9q1">');
    expect(resolveTarget(target)).toEqual({ el: document.querySelectorAll("input")[1], match: "fallback:attr" });
  });

  it("classes renamed and links reordered: found by text, not by the old position", () => {
    page('<nav><a class="nav-reports" href="#">Reports</a><a class="nav-settings" href="#">Settings</a></nav>');
    const target = picked("a", 1);
    expect(target.selector).toBe("a.nav-settings");
    page('<nav><a class="NavLink_link__x1Y2z" href="#">Settings</a><a class="NavLink_link__x1Y2z" href="#">Reports</a></nav>');
    expect(resolveTarget(target)).toEqual({ el: document.querySelector("a"), match: "fallback:text" });
  });

  it("the container's class renamed: identical items are told apart by position", () => {
    page('<ul class="steps"><li class="step">Step</li><li class="step">Step</li><li class="step">Step</li></ul>');
    const target = picked("li", 1);
    expect(target.selector).toBe("ul.steps > li:nth-of-type(2)");
    page('<ul class="wizard"><li class="wizard-step">Step</li><li class="wizard-step">Step</li><li class="wizard-step">Step</li></ul>');
    expect(resolveTarget(target)).toEqual({ el: document.querySelectorAll("li")[1], match: "fallback:nth" });
  });

  it("hashed classes regenerated: the selector never relied on them", () => {
    page('<button class="sc-bdVaJa kXhYcD">Save</button><button class="sc-bdVaJa fRjFcS">Cancel</button>');
    const target = picked("button", 1);
    page('<button class="sc-gsTCUz hQpXrT">Save</button><button class="sc-gsTCUz bHwgBZ">Cancel</button>');
    expect(resolveTarget(target)).toEqual({ el: document.querySelectorAll("button")[1], match: "selector" });
  });

  it("at the top of a shadow root: told apart by position among the root's children", () => {
    page('<button>Go</button><x-pager id="pager"></x-pager>');
    shadow("#pager", '<button class="go">Go</button><button class="go">Go</button>');
    const { fingerprint } = picked("button", 2);
    expect(fingerprint).toMatchObject({ nth: 1, path: "button:nth-of-type(2)" });
    page('<button>Go</button><x-pager id="pager"></x-pager>');
    const root = shadow("#pager", '<button class="next">Go</button><button class="next">Go</button>');
    // The selector broken, and the path too (say the pager's markup moved): position decides.
    expect(resolveTarget({ selector: "button.go", fingerprint: { ...fingerprint!, path: null } })).toEqual({
      el: root.children[1],
      match: "fallback:nth",
    });
  });

  it("gives up (null) rather than pick one of two elements nothing tells apart", () => {
    page('<section><button class="go-primary">Go</button></section><aside><button>Stop</button></aside>');
    const target = picked("button");
    expect(target.selector).toBe("button.go-primary");
    page("<div><button>Go</button></div><div><button>Go</button></div>");
    expect(resolveTarget(target)).toBeNull();
  });
});

describe("on generated pages", () => {
  // A deterministic pseudo-random page mixing the corpus's hard parts: generated and
  // duplicated ids, hashed and state classes, shared texts, escapes, shadow roots.
  let seed = 7;
  const random = (n: number): number => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return Math.floor((seed / 2 ** 31) * n); // the high bits: an LCG's low ones cycle
  };
  const any = <T>(items: T[]): T => items[random(items.length)];
  const TAGS = ["div", "span", "button", "a", "li", "ul", "section", "input", "p", "x-widget"];
  const IDS = ["main", "ember12", ":r3:", "dup", "1st.item", "a b", "sidebar", "-", "-1x"];
  const CLASSES = ["btn", "css-1x2y3z", "nav-link", "active", "sc-bdVaJa", "card", "Button_primary__a1B2c", "1col", "a b"];
  const ATTRS = ["data-testid", "aria-label", "name", "data-action", "href", "title", "data-x:y"];
  const VALUES = ["save", "Close", 'a"b', "/r/1234", "q"];
  const TEXTS = ["Save", "Save all", "Cancel", 'Say "hi"', "a)b", "Open", "  Go\n now ", "ü ß", "x\\y"];

  /** The tags from the top of `el`'s root down to it. */
  const tagPath = (el: Element): string =>
    el.parentElement ? `${tagPath(el.parentElement)} > ${el.localName}` : el.localName;

  function grow(parent: ParentNode, depth: number): void {
    for (let i = 1 + random(3); i > 0; i--) {
      const el = parent.appendChild(document.createElement(any(TAGS)));
      if (!random(4)) el.id = any(IDS);
      if (!random(2)) el.className = `${any(CLASSES)} ${any(CLASSES)}`;
      if (!random(5)) el.setAttribute(any(ATTRS), any(VALUES));
      if (!random(3)) el.append(any(TEXTS));
      if (depth && el.localName !== "input") grow(el.localName === "x-widget" && random(2) ? el.attachShadow({ mode: "open" }) : el, depth - 1);
    }
  }

  it("every element gets a selector that finds only it, and its fingerprint never finds another", () => {
    for (let round = 0; round < 25; round++) {
      page("");
      grow(document.body, 4);
      const pageRoots: Element[] = [document.documentElement, document.head, document.body];
      for (const el of queryDeep("*").filter((el) => !pageRoots.includes(el))) {
        const selector = selectorFor(el);
        const found = queryDeep(selector);
        if (el.getRootNode() === document) expect(found, selector).toEqual([el]);
        // CSS cannot see past a shadow root: copies of one structure match alike.
        else expect(found.map(tagPath), selector).toEqual(found.map(() => tagPath(el)));
        expect(found).toContain(el);
        const fallback = resolveTarget({ selector: "#gone", fingerprint: fingerprintOf(el) });
        expect([el, undefined]).toContain(fallback?.el);
      }
    }
  });
});
