import type { Button } from "../types";
import { h } from "./dom";

export function buttonRow(buttons: Button[], onClick: (button: Button) => void): HTMLElement[] {
  return buttons.map((button) =>
    h("button", { type: "button", class: "gw-btn gw-" + button.style, onClick: () => onClick(button) }, button.label),
  );
}

/** The × in a guide's corner. */
export function closeButton(onClose: () => void, label = "Close"): HTMLElement {
  return h("button", { type: "button", class: "gw-x", "aria-label": label, onClick: onClose }, "×");
}
