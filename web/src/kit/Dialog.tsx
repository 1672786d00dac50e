// A modal dialog on the browser's own <dialog>: focus moves in and is kept there, Escape
// closes it (onClose), and focus returns where it was. Closed when unmounted.

import type { ComponentChildren } from "preact";
import { useRef } from "preact/hooks";
import { useOwned } from "../lib/hooks";

export interface DialogProps {
  open: boolean;
  title: string;
  /** Escape or a close button: the owner decides what closing means. */
  onClose: () => void;
  /** An alert dialog needs an answer (a warning before logging out). */
  alert?: boolean;
  children: ComponentChildren;
}

export function Dialog({ open, title, onClose, alert = false, children }: DialogProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  useOwned(() => {
    const element = dialog.current;
    if (!element || !open) return undefined;
    const before = document.activeElement as HTMLElement | null;
    if (!element.open) element.showModal?.();
    return () => {
      if (element.open) element.close?.();
      before?.focus?.();
    };
  }, [open]);
  if (!open) return null;
  return (
    <dialog
      ref={dialog}
      class="dialog"
      role={alert ? "alertdialog" : undefined}
      aria-labelledby="dialog-title"
      aria-describedby="dialog-body"
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <h2 id="dialog-title">{title}</h2>
      <div id="dialog-body">{children}</div>
    </dialog>
  );
}
