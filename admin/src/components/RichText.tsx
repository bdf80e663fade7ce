// A small rich-text editor: contenteditable with a toolbar (bold, italic, link, lists,
// code), its output reduced to the subset the server keeps (lib/richtext.ts).
import type { JSX } from "preact";
import { useContext, useEffect, useId, useRef } from "preact/hooks";
import { cleanHtml } from "../lib/richtext";
import { Icon } from "./icons";
import { FieldMessages, ReadOnly, useFieldErrors } from "./ui";

const TOOLS: { name: string; label: string; run: () => void }[] = [
  { name: "bold", label: "Bold", run: () => document.execCommand("bold") },
  { name: "italic", label: "Italic", run: () => document.execCommand("italic") },
  {
    name: "link",
    label: "Link",
    run: () => {
      const url = window.prompt("Link to (https://… or mailto:…)", "https://");
      if (url && /^(https?:|mailto:)/i.test(url)) document.execCommand("createLink", false, url);
    },
  },
  { name: "list", label: "Bulleted list", run: () => document.execCommand("insertUnorderedList") },
  { name: "olist", label: "Numbered list", run: () => document.execCommand("insertOrderedList") },
  {
    name: "code",
    label: "Code",
    run: () => {
      const selection = window.getSelection();
      const text = selection?.toString() ?? "";
      if (!text) return;
      const escaped = text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
      document.execCommand("insertHTML", false, `<code>${escaped}</code>`);
    },
  },
];

export function RichTextField({ label, name, value, onValue, disabled: off }: { label: string; name?: string; value: string; onValue: (html: string) => void; disabled?: boolean }): JSX.Element {
  const disabled = useContext(ReadOnly) || off;
  const id = useId();
  const ref = useRef<HTMLDivElement>(null);
  const { messages } = useFieldErrors(name);
  // Only write the DOM when the value changed from outside (another step chosen, a
  // restore), never while typing: that would move the caret.
  useEffect(() => {
    const el = ref.current;
    if (el && cleanHtml(el.innerHTML) !== value) el.innerHTML = value;
  }, [value]);
  const commit = (): void => {
    if (ref.current) onValue(cleanHtml(ref.current.innerHTML));
  };
  return (
    <div class={`field ${messages.length ? "field-invalid" : ""}`}>
      <span class="field-label" id={`${id}-label`}>
        {label}
      </span>
      <div class="rte">
        <div class="rte-toolbar" role="toolbar" aria-label={`${label} formatting`}>
          {TOOLS.map((tool) => (
            <button
              key={tool.name}
              type="button"
              class="icon-btn"
              title={tool.label}
              aria-label={tool.label}
              disabled={disabled}
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => {
                ref.current?.focus();
                tool.run();
                commit();
              }}
            >
              <Icon name={tool.name} />
            </button>
          ))}
        </div>
        <div
          ref={ref}
          class="rte-area"
          role="textbox"
          aria-multiline="true"
          aria-labelledby={`${id}-label`}
          aria-invalid={messages.length ? "true" : undefined}
          contentEditable={!disabled}
          aria-readonly={disabled ? "true" : undefined}
          tabIndex={0}
          onInput={commit}
          onBlur={commit}
        />
      </div>
      <FieldMessages messages={messages} />
    </div>
  );
}
