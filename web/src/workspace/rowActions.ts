// Buttons in a list that is redrawn after they act: which one to give focus to next.

import { useLayoutEffect, useRef, useState } from "preact/hooks";

/** The button of the row just changed that is most likely wanted next (Disable <->
 * Restore, Deactivate <-> Reactivate), else the row's first; focused after the redraw. */
export function useRefocus(next: Record<string, string>) {
  const container = useRef<HTMLElement>(null);
  const [target, setTarget] = useState<{ id: string; action: string; version: number } | null>(null);
  const done = useRef(0);
  const asked = useRef(0);
  useLayoutEffect(() => {
    if (!target || !container.current || done.current === target.version) return;
    done.current = target.version;
    const row = `[data-id="${CSS.escape(target.id)}"]`;
    const button =
      container.current.querySelector<HTMLElement>(`${row}[data-action="${next[target.action] ?? ""}"]`) ??
      container.current.querySelector<HTMLElement>(row);
    button?.focus();
  });
  return {
    container,
    /** Call after the list was loaded again. */
    focusAfter: (id: string, action: string) => setTarget({ id, action, version: ++asked.current }),
  };
}
