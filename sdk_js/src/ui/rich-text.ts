import { h } from "./dom";

// The server sanitizes rich text on save (server/guidewell/services/sanitize.py), so
// only p, strong, em, a, ul, ol, li, br, code and img ever arrive; this is the second
// wall. The HTML is parsed in an inert DOMParser document (no scripts run, no images
// load, no handlers fire there) and only allowed elements and attributes are
// re-created in the page. Anything else is left out with its content: nothing else
// can become live.

const ALLOWED = /^(P|STRONG|EM|A|UL|OL|LI|BR|CODE|IMG)$/;

/** `value` when it is an absolute URL with one of `schemes` (relative ones would resolve against any host page). */
const safeUrl = (value: string | null, schemes: RegExp): string | undefined => {
  try {
    return value && !/[\s<>]/.test(value) && schemes.test(new URL(value).protocol) ? value : undefined;
  } catch {
    return undefined;
  }
};

export function richText(html: string): DocumentFragment {
  const out = document.createDocumentFragment();
  copy(new DOMParser().parseFromString(html, "text/html").body, out);
  return out;
}

function copy(from: Node, to: Node): void {
  from.childNodes.forEach((node) => {
    const source = node as Element;
    const tag = source.tagName;
    if (node.nodeType === 3) to.appendChild(document.createTextNode(node.textContent!));
    if (!tag || !ALLOWED.test(tag)) return;
    const el = h(tag.toLowerCase() as "p");
    const attr = (name: string, value?: string | null): unknown => {
      if (value) el.setAttribute(name, value);
      return value;
    };
    if (tag === "A") {
      attr("href", safeUrl(source.getAttribute("href"), /^(https?|mailto):$/));
      attr("title", source.getAttribute("title"));
      attr("target", source.getAttribute("target") === "_blank" ? "_blank" : null);
      attr("rel", "noopener noreferrer");
    }
    if (tag === "IMG") {
      if (!attr("src", safeUrl(source.getAttribute("src"), /^https?:$/))) return;
      el.setAttribute("alt", source.getAttribute("alt") ?? "");
      for (const name of ["width", "height"]) {
        const value = source.getAttribute(name);
        if (value && /^\d{1,4}$/.test(value)) attr(name, value);
      }
    }
    copy(source, el);
    to.appendChild(el);
  });
}
