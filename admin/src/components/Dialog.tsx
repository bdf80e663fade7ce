// A modal on the native <dialog>: focus moves in, Tab stays inside, Esc closes, and
// focus returns to where it was, all by the browser.
import type { ComponentChildren, JSX } from "preact";
import { useEffect, useId, useRef } from "preact/hooks";
import { Button } from "./ui";

export function Dialog({ title, open, onClose, children, footer, wide }: { title: string; open: boolean; onClose: () => void; children: ComponentChildren; footer?: ComponentChildren; wide?: boolean }): JSX.Element | null {
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  if (!open) return null;
  return (
    <dialog
      ref={ref}
      class={`dialog ${wide ? "dialog-wide" : ""}`}
      aria-labelledby={`${id}-title`}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      <div class="dialog-header">
        <h2 id={`${id}-title`}>{title}</h2>
        <button type="button" class="icon-btn" aria-label="Close" onClick={onClose}>
          ×
        </button>
      </div>
      <div class="dialog-body">{children}</div>
      {footer ? <div class="dialog-footer">{footer}</div> : null}
    </dialog>
  );
}

export function ConfirmDialog({ title, open, onCancel, onConfirm, confirmLabel, danger, busy, children }: { title: string; open: boolean; onCancel: () => void; onConfirm: () => void; confirmLabel: string; danger?: boolean; busy?: boolean; children: ComponentChildren }): JSX.Element | null {
  return (
    <Dialog
      title={title}
      open={open}
      onClose={onCancel}
      footer={
        <>
          <Button onClick={onCancel}>Cancel</Button>
          <Button variant={danger ? "danger" : "primary"} busy={busy} onClick={onConfirm}>
            {confirmLabel}
          </Button>
        </>
      }
    >
      {children}
    </Dialog>
  );
}
