import { describe, expect, it, vi } from "vitest";
import { richText } from "../src/ui/rich-text";

/** Renders rich text into a container and returns it. */
const render = (html: string): HTMLElement => {
  const box = document.body.appendChild(document.createElement("div"));
  box.appendChild(richText(html));
  return box;
};

describe("rich text", () => {
  it("re-creates the allowed elements with their text", () => {
    const box = render("<p>Click <strong>New</strong> or <em>Import</em>:</p><ul><li>one</li></ul><code>x</code><br>");
    expect(box.querySelector("strong")?.textContent).toBe("New");
    expect(Array.from(box.querySelectorAll("*"), (el) => el.tagName)).toEqual([
      "P", "STRONG", "EM", "UL", "LI", "CODE", "BR",
    ]);
  });

  it("drops event handler attributes: <img onerror> never runs", async () => {
    const alarm = vi.fn();
    (window as any).alarm = alarm;
    const box = render('<img src="https://cdn.example.com/x.png" onerror="alarm()" alt="x">');
    const img = box.querySelector("img")!;
    expect(img.getAttributeNames().sort()).toEqual(["alt", "src"]);
    img.dispatchEvent(new Event("error"));
    expect(alarm).not.toHaveBeenCalled();
  });

  it("never lets a <script> in", () => {
    const box = render("<p>hi</p><script>window.pwned = 1</script>");
    expect(box.querySelector("script")).toBeNull();
    expect(box.textContent).toBe("hi");
    expect((window as any).pwned).toBeUndefined();
  });

  it.each(["javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)", "java\tscript:alert(1)", "data:text/html,x"])(
    "keeps the link text but drops an unsafe href (%j)",
    (href) => {
      const box = render(`<a href="${href}">go</a>`);
      const link = box.querySelector("a")!;
      expect(link.hasAttribute("href")).toBe(false);
      expect(link.textContent).toBe("go");
    },
  );

  it("keeps http, https and mailto links, opening new tabs without an opener", () => {
    const box = render('<a href="https://docs.example.com" target="_blank" title="Docs">Docs</a> <a href="mailto:a@b.co">Mail</a>');
    const [docs, mail] = Array.from(box.querySelectorAll("a"));
    expect([docs.href, docs.target, docs.title, docs.rel]).toEqual([
      "https://docs.example.com/", "_blank", "Docs", "noopener noreferrer",
    ]);
    expect(mail.getAttribute("href")).toBe("mailto:a@b.co");
  });

  it("refuses a relative link: it would point into whichever host page shows the guide", () => {
    expect(render('<a href="/admin/delete">x</a>').querySelector("a")!.hasAttribute("href")).toBe(false);
  });

  it("drops an image whose source is not http(s)", () => {
    expect(render('<img src="javascript:alert(1)" alt="x">').querySelector("img")).toBeNull();
  });

  it("keeps only pixel sizes on images", () => {
    const img = render('<img src="https://x.io/a.png" alt="" width="120" height="100%">').querySelector("img")!;
    expect([img.getAttribute("width"), img.hasAttribute("height")]).toEqual(["120", false]);
  });

  it("drops style, class and other attributes the server would not keep", () => {
    const p = render('<p style="position:fixed" class="x" id="y" data-a="1">t</p>').querySelector("p")!;
    expect(p.getAttributeNames()).toEqual([]);
  });

  it("leaves out elements outside the allowed set, with their content", () => {
    const box = render('<p>a</p><iframe src="https://evil.example"></iframe><svg><script>1</script></svg><form><input></form>');
    expect(box.innerHTML).toBe("<p>a</p>");
  });
});
