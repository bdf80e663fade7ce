// Short confirmations ("Draft saved") in a polite live region.
import type { JSX } from "preact";
import { useEffect, useState } from "preact/hooks";

interface Toast {
  id: number;
  text: string;
  tone: "success" | "error" | "info";
}

let toasts: Toast[] = [];
let next = 1;
const listeners = new Set<(t: Toast[]) => void>();

function publish(): void {
  for (const listener of listeners) listener(toasts);
}

export function toast(text: string, tone: Toast["tone"] = "success"): void {
  const item = { id: next++, text, tone };
  toasts = [...toasts, item].slice(-4);
  publish();
  setTimeout(() => {
    toasts = toasts.filter((t) => t.id !== item.id);
    publish();
  }, tone === "error" ? 7000 : 3500);
}

export function Toasts(): JSX.Element {
  const [items, setItems] = useState<Toast[]>(toasts);
  useEffect(() => {
    listeners.add(setItems);
    return () => void listeners.delete(setItems);
  }, []);
  return (
    <div class="toasts" role="status" aria-live="polite">
      {items.map((t) => (
        <div key={t.id} class={`toast toast-${t.tone}`}>
          {t.text}
        </div>
      ))}
    </div>
  );
}
