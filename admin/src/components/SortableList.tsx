// A reorderable list: drag an item by its handle, or focus the handle and press
// Alt+ArrowUp / Alt+ArrowDown (also Move up / Move down buttons). Each move is
// announced in a live region.
import type { ComponentChildren, JSX } from "preact";
import { useRef, useState } from "preact/hooks";
import { move } from "../lib/content";
import { Icon } from "./icons";

export interface SortableProps<T> {
  items: T[];
  label: string;
  selected?: number;
  onSelect?: (index: number) => void;
  onMove: (items: T[], from: number, to: number) => void;
  render: (item: T, index: number) => ComponentChildren;
  itemLabel: (item: T, index: number) => string;
  disabled?: boolean;
  invalid?: (index: number) => boolean;
}

export function SortableList<T>({ items, label, selected, onSelect, onMove, render, itemLabel, disabled, invalid }: SortableProps<T>): JSX.Element {
  const [dragging, setDragging] = useState<number | null>(null);
  const [over, setOver] = useState<number | null>(null);
  const [announcement, setAnnouncement] = useState("");
  const handles = useRef<(HTMLButtonElement | null)[]>([]);

  const moveTo = (from: number, to: number, focus: boolean): void => {
    if (to < 0 || to >= items.length || from === to) return;
    onMove(move(items, from, to), from, to);
    setAnnouncement(`${itemLabel(items[from], from)} moved to position ${to + 1} of ${items.length}.`);
    if (focus) requestAnimationFrame(() => handles.current[to]?.focus());
  };

  return (
    <div class="sortable">
      <ol class="sortable-list" aria-label={label}>
        {items.map((item, index) => (
          <li
            key={index}
            class={`sortable-item ${selected === index ? "selected" : ""} ${over === index && dragging !== null && dragging !== index ? "drop-target" : ""} ${invalid?.(index) ? "invalid" : ""}`}
            draggable={!disabled}
            data-index={index}
            onDragStart={(e) => {
              setDragging(index);
              e.dataTransfer?.setData("text/plain", String(index));
              if (e.dataTransfer) e.dataTransfer.effectAllowed = "move";
            }}
            onDragOver={(e) => {
              e.preventDefault();
              setOver(index);
            }}
            onDragLeave={() => setOver((o) => (o === index ? null : o))}
            onDrop={(e) => {
              e.preventDefault();
              const from = dragging ?? Number(e.dataTransfer?.getData("text/plain"));
              setDragging(null);
              setOver(null);
              if (Number.isInteger(from)) moveTo(from, index, false);
            }}
            onDragEnd={() => {
              setDragging(null);
              setOver(null);
            }}
          >
            <button
              type="button"
              class="drag-handle"
              ref={(el) => {
                handles.current[index] = el;
              }}
              aria-label={`Reorder ${itemLabel(item, index)} (Alt+Arrow keys)`}
              aria-roledescription="sortable handle"
              disabled={disabled}
              onKeyDown={(e) => {
                if (!e.altKey || (e.key !== "ArrowUp" && e.key !== "ArrowDown")) return;
                e.preventDefault();
                moveTo(index, index + (e.key === "ArrowUp" ? -1 : 1), true);
              }}
            >
              <Icon name="drag" />
            </button>
            <button type="button" class="sortable-main" aria-current={selected === index ? "true" : undefined} onClick={() => onSelect?.(index)}>
              {render(item, index)}
            </button>
            <span class="sortable-moves">
              <button type="button" class="icon-btn" aria-label={`Move ${itemLabel(item, index)} up`} disabled={disabled || index === 0} onClick={() => moveTo(index, index - 1, false)}>
                <Icon name="up" size={14} />
              </button>
              <button type="button" class="icon-btn" aria-label={`Move ${itemLabel(item, index)} down`} disabled={disabled || index === items.length - 1} onClick={() => moveTo(index, index + 1, false)}>
                <Icon name="down" size={14} />
              </button>
            </span>
          </li>
        ))}
      </ol>
      <div class="sr-only" aria-live="assertive">
        {announcement}
      </div>
    </div>
  );
}
