// What jsdom lacks and real browsers have; layout itself is tested in a browser (e2e).
import { afterEach, vi } from "vitest";

if (typeof window !== "undefined") {
  window.matchMedia ??= ((query: string) =>
    ({
      matches: false,
      media: query,
      addEventListener() {},
      removeEventListener() {},
    }) as unknown as MediaQueryList) as typeof window.matchMedia;
  Element.prototype.scrollIntoView ??= function () {};
  window.scrollBy = () => {};
  document.elementsFromPoint ??= () => [];

  afterEach(() => {
    localStorage.clear();
    sessionStorage.clear();
    document.documentElement.querySelectorAll("gw-root").forEach((el) => el.remove());
    document.body.replaceChildren();
  });
}

afterEach(() => {
  vi.restoreAllMocks();
  vi.useRealTimers();
});
