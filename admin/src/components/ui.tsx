// Building blocks every screen uses: buttons, badges, states (loading, empty, error),
// form fields that show the server's messages for their path beside them.
import type { ComponentChildren, JSX } from "preact";
import { createContext } from "preact";
import { useContext, useId, useState } from "preact/hooks";
import { ApiError, type FieldErrors, errorsUnder, isUnder } from "../api";
import { Icon } from "./icons";

interface ButtonProps {
  variant?: "primary" | "secondary" | "ghost" | "danger";
  size?: "sm" | "md";
  busy?: boolean;
  icon?: string;
  disabled?: boolean;
  type?: "button" | "submit";
  class?: string;
  title?: string;
  id?: string;
  children?: ComponentChildren;
  onClick?: (event: MouseEvent) => void;
  "aria-label"?: string;
}

export function Button({ variant = "secondary", size = "md", busy, icon, children, class: cls, disabled, type = "button", ...props }: ButtonProps): JSX.Element {
  return (
    <button {...(props as Record<string, unknown>)} type={type} class={`btn btn-${variant} btn-${size} ${cls ?? ""}`} disabled={disabled || busy} aria-busy={busy ? "true" : undefined}>
      {busy ? <span class="spinner spinner-sm" aria-hidden="true" /> : icon ? <Icon name={icon} /> : null}
      {children}
    </button>
  );
}

export function Badge({ tone = "neutral", children }: { tone?: "neutral" | "accent" | "success" | "warning" | "danger"; children: ComponentChildren }): JSX.Element {
  return <span class={`badge badge-${tone}`}>{children}</span>;
}

export function StatusBadge({ status }: { status: string }): JSX.Element {
  const tone = status === "published" || status === "running" ? "success" : status === "archived" || status === "stopped" ? "neutral" : "warning";
  return <Badge tone={tone}>{status}</Badge>;
}

export function Spinner({ label = "Loading…" }: { label?: string }): JSX.Element {
  return (
    <div class="loading" role="status">
      <span class="spinner" aria-hidden="true" />
      <span>{label}</span>
    </div>
  );
}

export function EmptyState({ title, children, action }: { title: string; children?: ComponentChildren; action?: ComponentChildren }): JSX.Element {
  return (
    <div class="empty">
      <p class="empty-title">{title}</p>
      {children ? <p class="empty-text">{children}</p> : null}
      {action}
    </div>
  );
}

export function ErrorBanner({ error, onRetry }: { error: unknown; onRetry?: () => void }): JSX.Element {
  const message = error instanceof Error ? error.message : String(error);
  return (
    <div class="banner banner-danger" role="alert">
      <Icon name="warning" />
      <span>{message}</span>
      {onRetry ? (
        <Button size="sm" onClick={onRetry}>
          Try again
        </Button>
      ) : null}
    </div>
  );
}

export function Banner({ tone = "info", children }: { tone?: "info" | "warning" | "danger" | "success"; children: ComponentChildren }): JSX.Element {
  return (
    <div class={`banner banner-${tone}`} role={tone === "danger" || tone === "warning" ? "alert" : "note"}>
      {tone === "warning" || tone === "danger" ? <Icon name="warning" /> : null}
      <div>{children}</div>
    </div>
  );
}

export function PageHeader({ title, subtitle, actions, children }: { title: ComponentChildren; subtitle?: ComponentChildren; actions?: ComponentChildren; children?: ComponentChildren }): JSX.Element {
  return (
    <header class="page-header">
      <div class="page-title">
        <h1>{title}</h1>
        {subtitle ? <p class="muted">{subtitle}</p> : null}
        {children}
      </div>
      {actions ? <div class="page-actions">{actions}</div> : null}
    </header>
  );
}

export function Card({ title, actions, children, class: cls }: { title?: ComponentChildren; actions?: ComponentChildren; children: ComponentChildren; class?: string }): JSX.Element {
  return (
    <section class={`card ${cls ?? ""}`}>
      {title || actions ? (
        <div class="card-header">
          {title ? <h2>{title}</h2> : <span />}
          {actions}
        </div>
      ) : null}
      <div class="card-body">{children}</div>
    </section>
  );
}

export function Stat({ label, value, hint }: { label: string; value: ComponentChildren; hint?: ComponentChildren }): JSX.Element {
  return (
    <div class="stat">
      <div class="stat-label">{label}</div>
      <div class="stat-value">{value}</div>
      {hint ? <div class="stat-hint">{hint}</div> : null}
    </div>
  );
}

/** True where the user may not edit (a viewer): fields that are not form controls read it. */
export const ReadOnly = createContext(false);

// --- form fields and their server errors ------------------------------------------------

interface ErrorScope {
  errors: FieldErrors;
  prefix: string;
}
const ErrorsContext = createContext<ErrorScope>({ errors: {}, prefix: "" });

export const join = (prefix: string, name: string): string =>
  !prefix ? name : !name ? prefix : name.startsWith("[") ? prefix + name : `${prefix}.${name}`;

/** Server errors for the fields inside; `prefix` makes field names relative (`content.steps[2]`). */
export function Errors({ errors, prefix, children }: { errors?: FieldErrors; prefix: string; children: ComponentChildren }): JSX.Element {
  const outer = useContext(ErrorsContext);
  const value = { errors: errors ?? outer.errors, prefix: errors ? prefix : join(outer.prefix, prefix) };
  return <ErrorsContext.Provider value={value}>{children}</ErrorsContext.Provider>;
}

/** The messages at `name` and inside it, relative to the current scope. */
export function useFieldErrors(name: string | undefined, exact = false): { path: string; messages: string[] } {
  const { errors, prefix } = useContext(ErrorsContext);
  if (name === undefined) return { path: "", messages: [] };
  const path = join(prefix, name);
  const messages = exact ? errors[path] ?? [] : Object.entries(errorsUnder(errors, path)).flatMap(([p, m]) => (p === path ? m : m.map((text) => `${readable(p.slice(path.length))}: ${text}`)));
  return { path, messages };
}

export function useHasErrors(prefix: string): boolean {
  const { errors, prefix: outer } = useContext(ErrorsContext);
  const path = join(outer, prefix);
  return Object.keys(errors).some((p) => isUnder(p, path));
}

/** `.buttons[0].url` → `button 1 url`. */
export function readable(path: string): string {
  return path
    .replace(/^\./, "")
    .replace(/\[(\d+)\]/g, (_, n: string) => ` ${Number(n) + 1}`)
    .replace(/\./g, " › ")
    .replace(/_/g, " ")
    .trim();
}

export interface FieldProps {
  label: ComponentChildren;
  /** The field's path relative to the error scope, to show its server messages. */
  name?: string;
  hint?: ComponentChildren;
  children: (id: string, describedBy: string | undefined, invalid: boolean) => ComponentChildren;
  class?: string;
  exact?: boolean;
}

export function Field({ label, name, hint, children, class: cls, exact }: FieldProps): JSX.Element {
  const id = useId();
  const { messages } = useFieldErrors(name, exact);
  const hintId = hint ? `${id}-hint` : "";
  const errorId = messages.length ? `${id}-error` : "";
  const describedBy = [hintId, errorId].filter(Boolean).join(" ") || undefined;
  return (
    <div class={`field ${messages.length ? "field-invalid" : ""} ${cls ?? ""}`}>
      <label class="field-label" for={id}>
        {label}
      </label>
      {children(id, describedBy, messages.length > 0)}
      {hint ? (
        <p class="field-hint" id={hintId}>
          {hint}
        </p>
      ) : null}
      <FieldMessages id={errorId} messages={messages} />
    </div>
  );
}

export function FieldMessages({ id, messages }: { id?: string; messages: string[] }): JSX.Element | null {
  if (!messages.length) return null;
  return (
    <p class="field-error" id={id} role="alert">
      {messages.join(" ")}
    </p>
  );
}

/** Errors of a path that has no input of its own (a list, a group). */
export function PathErrors({ name, exact = true }: { name: string; exact?: boolean }): JSX.Element | null {
  const { messages } = useFieldErrors(name, exact);
  return <FieldMessages messages={messages} />;
}

interface InputProps {
  label: ComponentChildren;
  name?: string;
  hint?: ComponentChildren;
  value: string | number | null | undefined;
  onValue: (value: string) => void;
  type?: string;
  placeholder?: string;
  disabled?: boolean;
  min?: number;
  max?: number;
  step?: number | string;
  list?: string;
  class?: string;
  required?: boolean;
  autoFocus?: boolean;
  autoComplete?: string;
  inputMode?: string;
}

export function TextField({ label, name, hint, value, onValue, type = "text", class: cls, ...props }: InputProps): JSX.Element {
  return (
    <Field label={label} name={name} hint={hint} class={cls}>
      {(id, describedBy, invalid) => (
        <input
          {...(props as Record<string, unknown>)}
          id={id}
          type={type as "text"}
          class="input"
          value={value ?? ""}
          aria-describedby={describedBy}
          aria-invalid={invalid ? "true" : undefined}
          onInput={(e) => onValue((e.target as HTMLInputElement).value)}
        />
      )}
    </Field>
  );
}

export function TextAreaField({ label, name, hint, value, onValue, rows = 3 }: { label: string; name?: string; hint?: string; value: string; onValue: (v: string) => void; rows?: number }): JSX.Element {
  return (
    <Field label={label} name={name} hint={hint}>
      {(id, describedBy, invalid) => (
        <textarea id={id} class="input" rows={rows} value={value} aria-describedby={describedBy} aria-invalid={invalid ? "true" : undefined} onInput={(e) => onValue((e.target as HTMLTextAreaElement).value)} />
      )}
    </Field>
  );
}

export interface Option {
  value: string;
  label: string;
}

export function SelectField({ label, name, hint, value, options, onValue, class: cls, disabled }: { label: ComponentChildren; name?: string; hint?: ComponentChildren; value: string; options: readonly Option[] | readonly string[]; onValue: (v: string) => void; class?: string; disabled?: boolean }): JSX.Element {
  return (
    <Field label={label} name={name} hint={hint} class={cls}>
      {(id, describedBy, invalid) => (
        <Select id={id} value={value} options={options} onValue={onValue} describedBy={describedBy} invalid={invalid} disabled={disabled} />
      )}
    </Field>
  );
}

export function Select({ id, value, options, onValue, describedBy, invalid, label, class: cls, disabled }: { id?: string; value: string; options: readonly Option[] | readonly string[]; onValue: (v: string) => void; describedBy?: string; invalid?: boolean; label?: string; class?: string; disabled?: boolean }): JSX.Element {
  return (
    <select id={id} class={`input select ${cls ?? ""}`} value={value} disabled={disabled} aria-label={label} aria-describedby={describedBy} aria-invalid={invalid ? "true" : undefined} onChange={(e) => onValue((e.target as HTMLSelectElement).value)}>
      {options.map((option) => {
        const o = typeof option === "string" ? { value: option, label: option } : option;
        return (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        );
      })}
    </select>
  );
}

export function Checkbox({ label, checked, onChange, hint, name, disabled }: { label: ComponentChildren; checked: boolean; onChange: (v: boolean) => void; hint?: ComponentChildren; name?: string; disabled?: boolean }): JSX.Element {
  const id = useId();
  const { messages } = useFieldErrors(name);
  return (
    <div class="field field-check">
      <label class="check" for={id}>
        <input id={id} type="checkbox" checked={checked} disabled={disabled} onChange={(e) => onChange((e.target as HTMLInputElement).checked)} aria-describedby={hint ? `${id}-hint` : undefined} />
        <span>{label}</span>
      </label>
      {hint ? (
        <p class="field-hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      <FieldMessages messages={messages} />
    </div>
  );
}

export function Segmented<T extends string>({ label, value, options, onValue }: { label: string; value: T; options: { value: T; label: string }[]; onValue: (v: T) => void }): JSX.Element {
  return (
    <div class="segmented" role="radiogroup" aria-label={label}>
      {options.map((o) => (
        <button key={o.value} type="button" role="radio" aria-checked={o.value === value} class={o.value === value ? "active" : ""} onClick={() => onValue(o.value)}>
          {o.label}
        </button>
      ))}
    </div>
  );
}

/** Form errors not shown beside any field, and the message of a non-field error. */
export function FormError({ error }: { error: unknown }): JSX.Element | null {
  if (!error) return null;
  const message = error instanceof ApiError && Object.keys(error.fields).length ? "Some fields need attention: see the messages beside them." : error instanceof Error ? error.message : String(error);
  return (
    <div class="banner banner-danger" role="alert">
      <Icon name="warning" />
      <span>{message}</span>
    </div>
  );
}

export function CopyButton({ text, label = "Copy" }: { text: string; label?: string }): JSX.Element {
  const [copied, setCopied] = useState(false);
  return (
    <Button
      size="sm"
      icon={copied ? "check" : "copy"}
      onClick={async () => {
        try {
          await navigator.clipboard.writeText(text);
        } catch {
          // Clipboard refused (plain http, permissions): select-and-copy still works.
        }
        setCopied(true);
        setTimeout(() => setCopied(false), 1500);
      }}
    >
      {copied ? "Copied" : label}
    </Button>
  );
}

export function CodeBlock({ code, label }: { code: string; label: string }): JSX.Element {
  return (
    <div class="code-block">
      <div class="code-head">
        <span>{label}</span>
        <CopyButton text={code} label={`Copy`} />
      </div>
      <pre tabIndex={0} aria-label={label}>
        <code>{code}</code>
      </pre>
    </div>
  );
}
