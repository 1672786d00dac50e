// What the Integrations page says about a credential or a delivery, in plain words.

export const CREDENTIAL_STATUS: Record<string, string> = {
  active: "Active",
  revoking: "Revoking…",
  revoked: "Revoked",
};

/** The status class the stylesheet colours: green, amber, red. */
export const STATUS_TONE: Record<string, string> = {
  active: "active",
  delivered: "active",
  revoking: "invited",
  pending: "invited",
  revoked: "disabled",
  failed: "disabled",
};

export const DELIVERY_STATUS: Record<string, string> = {
  delivered: "Delivered",
  pending: "Retrying",
  failed: "Failed",
};

interface Last {
  status: string;
  http_status?: number | null;
  error?: string | null;
}

/** The last delivery of a webhook in a few words: "Delivered", "Failed: HTTP 503 ...". */
export function lastDeliveryWords(last: Last | null | undefined): string {
  if (!last) return "Nothing sent yet";
  const state = DELIVERY_STATUS[last.status] ?? last.status;
  return last.error ? `${state}: ${last.error}` : state;
}

/** "3 failed, 1 retrying" or "" when nothing waits or failed. */
export function backlogWords(failed: number, pending: number): string {
  const parts = [];
  if (failed) parts.push(`${failed} failed`);
  if (pending) parts.push(`${pending} retrying`);
  return parts.join(", ");
}
