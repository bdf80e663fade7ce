import type { Fingerprint, Target } from "../types";

export interface Resolved {
  el: Element;
  /** Which signal found it, reported with step_viewed for guide health. */
  match: string;
}

// Attributes that survive redesigns best come first (they exist for tests and a11y).
const STABLE_ATTRS = ["data-testid", "data-test", "data-cy", "data-qa", "aria-label", "name"];

/**
 * Every element matching `selector` in `root` and in every open shadow root below it:
 * web components hide their insides from `querySelectorAll`, not from us. The SDK's
 * own hosts (`gw-root`) are skipped. A trailing `:contains("text")` keeps the matches
 * whose text (see `textOf`) includes the text.
 */
export function queryDeep(selector: string, root: Document | ShadowRoot = document): Element[] {
  const found: Element[] = [];
  // The argument is JSON so that any text round-trips (builder mode writes it; jQuery and Pendo precedent).
  const [css, text] = selector.split(/:contains\((".*)\)$/);
  const visit = (scope: Document | ShadowRoot): void => {
    try {
      scope.querySelectorAll(css).forEach(
        (el) => ours(el) || (text && !textOf(el).includes(JSON.parse(text))) || found.push(el),
      );
    } catch {
      return; // an invalid selector (or :contains argument) finds nothing
    }
    scope.querySelectorAll("*").forEach((el) => el.shadowRoot && !ours(el) && visit(el.shadowRoot));
  };
  visit(root);
  return found;
}

const ours = (el: Element): boolean => el.tagName === "GW-ROOT";
const visible = (el: Element): boolean => el.getClientRects().length > 0;

/** Visible text as the picker captured it: trimmed, whitespace collapsed, at most 200 characters. */
export const textOf = (el: Element): string => (el.textContent ?? "").replace(/\s+/g, " ").trim().slice(0, 200);

/**
 * The target's element: the selector's when it finds exactly one; otherwise the single
 * best match on the fingerprint's signals, from the most to the least stable: id,
 * stable attributes, text, position among siblings, visibility, then the nth path.
 * Each signal that keeps some candidates narrows them; the one that leaves exactly one
 * names the match ("fallback:id", "fallback:attr", "fallback:text", …). Without a
 * fingerprint, several matches resolve to the first visible one.
 */
export function resolveTarget(target: Target, root: Document | ShadowRoot = document): Resolved | null {
  const found = queryDeep(target.selector, root);
  if (found.length === 1) return { el: found[0], match: "selector" };
  const fp = target.fingerprint;
  if (!fp) {
    const el = found.find(visible) ?? found[0];
    return el ? { el, match: "selector:first" } : null;
  }
  return byFingerprint(fp, found.length ? found : queryDeep(fp.tag, root), root);
}

function byFingerprint(fp: Fingerprint, candidates: Element[], root: Document | ShadowRoot): Resolved | null {
  const rank = (name: string): number => (STABLE_ATTRS.indexOf(name) + 99) % 99; // unknown ones last
  const signals: [string, (el: Element) => boolean][] = [
    ["id", (el) => !!fp.id && el.id === fp.id],
    ...Object.entries(fp.attrs ?? {})
      .sort(([a], [b]) => rank(a) - rank(b))
      .map(([name, value]): [string, (el: Element) => boolean] => ["attr", (el) => el.getAttribute(name) === value]),
    ["text", (el) => !!fp.text && textOf(el) === fp.text],
    // Among the parent's children, or the shadow root's (what builder mode captures). Candidates are
    // in a document or shadow root, so there is a parentNode.
    ["nth", (el) => Array.from(el.parentNode!.children).indexOf(el) === fp.nth],
    ["visible", visible],
  ];
  for (const [name, test] of signals) {
    const hits = candidates.filter(test);
    if (hits.length === 1) return { el: hits[0], match: "fallback:" + name };
    if (hits.length) candidates = hits;
  }
  const byPath = fp.path ? queryDeep(fp.path, root) : [];
  return byPath.length === 1 ? { el: byPath[0], match: "fallback:path" } : null;
}
