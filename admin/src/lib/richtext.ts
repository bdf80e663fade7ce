// The rich-text editor's output, reduced to the subset the server keeps (p, strong, em,
// a, ul, ol, li, br, code, img; schemas/content.py sanitizes again with nh3 on save).
// What a browser's contenteditable produces (b, i, div, span with styles) is mapped
// onto that subset here, so what the author sees is what gets stored.

const RENAME: Record<string, string> = { B: "strong", STRONG: "strong", I: "em", EM: "em", DIV: "p", P: "p" };
const KEEP = new Set(["UL", "OL", "LI", "BR", "CODE", "A", "IMG"]);
const DROP = new Set(["SCRIPT", "STYLE", "TEMPLATE", "IFRAME", "OBJECT", "SVG", "MATH"]);
const SAFE_LINK = /^(https?:|mailto:)/i;

export function cleanHtml(html: string): string {
  const template = document.createElement("template");
  template.innerHTML = html;
  const out = document.createElement("div");
  copyChildren(template.content, out);
  // A single line typed into an empty editor arrives as bare text: wrap it in a paragraph.
  const text = out.innerHTML.trim();
  if (text && !/^<(p|ul|ol)[ >]/.test(text)) return `<p>${text}</p>`;
  return text === "<p><br></p>" || text === "<p></p>" ? "" : text;
}

function copyChildren(from: ParentNode, to: Element): void {
  for (const node of Array.from(from.childNodes)) {
    if (node.nodeType === Node.TEXT_NODE) {
      to.appendChild(document.createTextNode(node.textContent ?? ""));
    } else if (node.nodeType === Node.ELEMENT_NODE) {
      copyElement(node as Element, to);
    }
  }
}

function copyElement(element: Element, to: Element): void {
  const tag = element.tagName.toUpperCase();
  if (DROP.has(tag)) return;
  const renamed = RENAME[tag] ?? (KEEP.has(tag) ? tag.toLowerCase() : null);
  if (renamed === null) {
    copyChildren(element, to); // unknown wrapper (span, font, h1…): keep its text
    return;
  }
  // A paragraph cannot hold another block: contenteditable nests divs, flatten them.
  if (renamed === "p" && to.closest("p")) {
    copyChildren(element, to);
    return;
  }
  const copy = document.createElement(renamed);
  if (renamed === "a") {
    const href = element.getAttribute("href") ?? "";
    if (SAFE_LINK.test(href)) copy.setAttribute("href", href);
    // The server adds rel="noopener noreferrer"; keeping it avoids a false "unsaved" state.
    const rel = element.getAttribute("rel");
    if (rel) copy.setAttribute("rel", rel);
  }
  if (renamed === "img") {
    const src = element.getAttribute("src") ?? "";
    if (!/^https:/i.test(src)) return;
    copy.setAttribute("src", src);
    copy.setAttribute("alt", element.getAttribute("alt") ?? "");
    to.appendChild(copy);
    return;
  }
  copyChildren(element, copy);
  to.appendChild(copy);
}
