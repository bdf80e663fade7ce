import { describe, expect, it } from "vitest";
import { liveResources } from "../src/core/disposer";
import { renderPreview } from "../src/esm";
import { makeTour } from "./factories";

describe("renderPreview", () => {
  it("draws the chosen step inside the container, with no events and nothing over the page", () => {
    const container = document.body.appendChild(document.createElement("div"));
    const flow = makeTour([{ title: "One" }, { title: "Two", target: { selector: "#not-in-the-admin" } }]);
    const stop = renderPreview(flow, 1, container);
    const shadow = container.querySelector("gw-root")!.shadowRoot!;
    expect(shadow.querySelector(".gw-title")!.textContent).toBe("Two");
    expect(document.body.hasAttribute("inert")).toBe(false);
    stop();
    expect(container.childElementCount).toBe(0);
  });

  it("leaves nothing behind once removed", () => {
    const before = liveResources();
    const container = document.body.appendChild(document.createElement("div"));
    renderPreview(makeTour([{}]), 0, container)();
    expect(liveResources()).toBe(before);
  });
});
