// Plain words for the audit log's recorded actions; anything else shows as recorded.

interface EntryWords {
  action: string;
  outcome: string;
  actor_id?: string | null;
  actor_name?: string | null;
  actor_role?: string | null;
}

const ACTIONS: Record<string, string> = {
  "client.read": "Read client record",
  "client.list": "Viewed client list",
  "client.invited": "Invited client",
  "client.invitation_resent": "Re-sent invitation",
  "client.updated": "Changed client details",
  "client.email_changed": "Changed client's email",
  "client.activated": "Client created a password",
  "client.deactivated": "Disabled portal access",
  "client.reactivated": "Restored portal access",
  "invitation.accept": "Entered invitation PIN",
  "session.started": "Logged in",
  "session.ended": "Logged out",
  "session.revoked_others": "Logged out other devices",
  "session.refresh_reused": "Reused sign-in token refused",
  "login.totp": "Entered authentication code",
  "password.change": "Confirmed password",
  "password.changed": "Changed password",
  "password_reset.requested": "Asked for a password reset",
  "password_reset.completed": "Password reset",
  "totp.enrolment_started": "Started two-step verification setup",
  "totp.enrolment": "Confirmed password for two-step verification",
  "totp.enrolled": "Turned on two-step verification",
  "staff.added": "Added team member",
  "staff.updated": "Changed team member",
  "staff.deactivated": "Deactivated team member",
  "staff.reactivated": "Reactivated team member",
  "practice.created": "Created practice",
  "practice.updated": "Changed practice details",
  "audit.read": "Viewed activity",
  "tool_credentials.created": "Created tool credentials",
  "tool_credentials.revoked": "Revoked tool credentials",
  "webhook.registered": "Registered webhook",
  "webhook.deleted": "Deleted webhook",
  "message_thread.read": "Read client's messages",
  "message_threads.listed": "Viewed messages",
  "message.sent": "Sent secure message",
  "email_log.read": "Viewed email log",
  "messaging_settings.updated": "Changed messaging settings",
};
const FAILED: Record<string, string> = {
  "login.password": "Failed login",
  "login.totp": "Wrong authentication code",
  "invitation.accept": "Wrong invitation PIN",
  "password.change": "Wrong current password",
  "totp.enrolment": "Wrong current password",
};
export const OUTCOMES: Record<string, { label: string; tone: string }> = {
  success: { label: "Succeeded", tone: "active" },
  failure: { label: "Failed", tone: "disabled" },
  denied: { label: "Denied", tone: "invited" },
};
// The service that wrote the record, as an admin knows that part of the portal.
export const SERVICES: Record<string, string> = {
  identity: "Accounts & sign-in",
  scheduling: "Appointments",
  messaging: "Secure messages",
  forms: "Documents & forms",
  billing: "Billing & payments",
  integrations: "Connected tools",
};
const ROLES: Record<string, string> = { admin: "admin", clinician: "clinician", client: "client" };

export function actionLabel(entry: EntryWords): string {
  if (entry.outcome !== "success" && FAILED[entry.action]) return FAILED[entry.action] as string;
  if (entry.action === "login.password") return "Entered password";
  return ACTIONS[entry.action] ?? entry.action;
}

export function who(entry: EntryWords): string {
  if (!entry.actor_id) return entry.actor_role === "operator" ? "An operator (command line)" : "Someone not signed in";
  const role = entry.actor_role ? ROLES[entry.actor_role] : undefined;
  return `${entry.actor_name || "Unknown account"}${role ? ` (${role})` : ""}`;
}

/** The part of the portal a record came from; a service not named here shows as recorded. */
export function serviceWords(service: string): string {
  return SERVICES[service] ?? service;
}
