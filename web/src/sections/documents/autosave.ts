// Autosave of a form's draft: a moment after the client stops typing, the answers go to
// the server with If-Match (the draft's ETag), one save at a time. "Saved" shows when the
// server has them. Another tab that saved first wins visibly (412): this page stops saving
// and says to reload, instead of overwriting what the other tab kept.

import { useRef, useState } from "preact/hooks";
import { api } from "../../api/client";
import { ApiError } from "../../api/problems";
import { useOwned } from "../../lib/hooks";
import type { Answers } from "./answers";

export type SaveState = "idle" | "saving" | "saved" | "failed" | "stale";
const WAIT_MS = 800;
const MESSAGES: Record<SaveState, string> = {
  idle: "",
  saving: "Saving…",
  saved: "Saved",
  failed: "Not saved yet: check your connection. We'll try again as you type.",
  stale:
    "These answers were changed in another tab or window. Reload the page to see the latest answers before you go on.",
};

export interface Autosave {
  state: SaveState;
  message: string;
  /** Save these answers a moment from now (each call restarts the wait). */
  schedule: (answers: Answers) => void;
  /** Save these answers now and wait for it (before checking or submitting). */
  flush: (answers: Answers) => Promise<void>;
}

export function useAutosave(assignmentId: string, etag: string): Autosave {
  const [state, setState] = useState<SaveState>("idle");
  const tag = useRef(etag);
  const timer = useRef<number | undefined>(undefined);
  const running = useRef<Promise<void>>(Promise.resolve());
  const last = useRef<string>("");
  const stale = useRef(false);
  const alive = useRef(true);
  useOwned(
    () => () => {
      alive.current = false;
      window.clearTimeout(timer.current);
    },
    [],
  );

  const save = async (answers: Answers): Promise<void> => {
    const body = JSON.stringify(answers);
    if (stale.current || body === last.current) return;
    if (alive.current) setState("saving");
    const { response } = await api.PUT("/api/v1/forms/assignments/{assignment_id}/draft", {
      params: { path: { assignment_id: assignmentId } },
      body: { answers },
      headers: { "If-Match": tag.current },
    });
    if (response.ok) {
      tag.current = response.headers.get("ETag") ?? tag.current;
      last.current = body;
      if (alive.current) setState("saved");
    } else if (response.status === 412) {
      stale.current = true;
      if (alive.current) setState("stale");
      throw new ApiError(412, { title: "Changed elsewhere", detail: MESSAGES.stale });
    } else if (alive.current) {
      // 422: a malformed answer; Submit names it next to its field.
      setState("idle");
    }
  };
  // One save at a time, in order: the next waits for the one running.
  const queue = (answers: Answers) => {
    running.current = running.current
      .catch(() => undefined)
      .then(() => save(answers))
      .catch((error) => {
        if (!(error instanceof ApiError) && alive.current) setState("failed");
        if (error instanceof ApiError) throw error;
      });
    return running.current;
  };
  return {
    state,
    message: MESSAGES[state],
    schedule: (answers) => {
      window.clearTimeout(timer.current);
      timer.current = window.setTimeout(() => void queue(answers).catch(() => undefined), WAIT_MS);
    },
    flush: (answers) => {
      window.clearTimeout(timer.current);
      if (stale.current)
        return Promise.reject(new ApiError(412, { title: "Changed elsewhere", detail: MESSAGES.stale }));
      return queue(answers);
    },
  };
}
