// Bringing a target into view so that the guide never hides it: below the page's
// fixed or sticky header, and above a bottom sheet on narrow screens.

/** The bottom edge of fixed/sticky elements stuck to the top of the viewport (0 when none). */
export function headerBottom(): number {
  const height = innerHeight;
  let bottom = 0;
  for (const fraction of [0.1, 0.5, 0.9]) {
    const stack = document.elementsFromPoint?.(innerWidth * fraction, 2) ?? [];
    for (const start of stack) {
      for (let el: Element | null = start; el && el !== document.body; el = el.parentElement) {
        if (el.tagName === "GW-ROOT") break;
        const position = getComputedStyle(el).position;
        if (position === "fixed" || position === "sticky") {
          const rect = el.getBoundingClientRect();
          // A full-screen fixed wrapper is an app shell, not a header.
          if (rect.top <= 2 && rect.bottom < height * 0.4) bottom = Math.max(bottom, rect.bottom);
        }
      }
    }
  }
  return bottom;
}

/** Scrolls (every scroll container, then the window) until `el` sits in the free band. */
export function reveal(el: Element, bottomInset = 0): void {
  const top = headerBottom() + 8;
  const bottom = innerHeight - bottomInset - 8;
  const inBand = (): boolean => {
    const rect = el.getBoundingClientRect();
    return rect.top >= top && rect.bottom <= bottom;
  };
  if (inBand()) return;
  el.scrollIntoView({ block: "center", inline: "nearest", behavior: "instant" as ScrollBehavior });
  if (inBand()) return;
  const rect = el.getBoundingClientRect();
  // A target taller than the band shows its top; a smaller one is centred in the band.
  const delta = rect.height > bottom - top ? rect.top - top : rect.top + rect.height / 2 - (top + bottom) / 2;
  window.scrollBy({ top: delta, behavior: "instant" as ScrollBehavior });
}
