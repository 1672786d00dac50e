// Moving through what the clinician shared, as the guide walks it: Get Started opens the
// first pending item; each Continue or Submit goes on to the next; the last one ends on
// the confirmation page.

import { api, data, type Schemas } from "../../api/client";

export type AssignmentView = Schemas["AssignmentView"];
export type Opened = Schemas["OpenedView"];

export const documentsPath = (slug: string) => `/p/${slug}/documents`;
export const fillPath = (slug: string, id: string) => `/p/${slug}/documents/${id}`;
export const reviewPath = (slug: string, id: string) => `/p/${slug}/documents/${id}/review`;
export const completePath = (slug: string) => `/p/${slug}/documents/complete`;

/** The guide's first visit: documents wait and none is started or done yet, so the
 * clinician's welcome message and Get Started come first. */
export function welcomeDue(mine: { pending: AssignmentView[]; completed: AssignmentView[] }): boolean {
  return mine.pending.length > 0 && mine.completed.length === 0 && !mine.pending.some((a) => a.in_progress);
}

/** Where to go after finishing `done`: the next pending item, or the confirmation page. */
export async function nextAfter(slug: string, done: string): Promise<string> {
  const mine = await data(api.GET("/api/v1/forms/assignments"));
  const next = mine.pending.find((a) => a.id !== done);
  return next ? fillPath(slug, next.id) : completePath(slug);
}

/** The assignment with the draft's ETag (for If-Match on the next save). */
export async function openAssignment(id: string, signal?: AbortSignal): Promise<{ opened: Opened; etag: string }> {
  const result = await api.GET("/api/v1/forms/assignments/{assignment_id}", {
    params: { path: { assignment_id: id } },
    signal,
  });
  const opened = await data(Promise.resolve(result));
  return { opened, etag: result.response.headers.get("ETag") ?? '"0"' };
}

/** The answers the client works on: the draft, else (a correction) the last submission's. */
export function workingAnswers(opened: Opened): Record<string, unknown> {
  return opened.draft?.answers ?? opened.last_answers ?? {};
}
