// The email log in words: which email (by its template) and what became of it.

export const TEMPLATE_WORDS: Record<string, string> = {
  message_received: "New secure message (Read Secure Message link)",
  message_from_client: "A client wrote (to the clinician)",
  appointment_requested: "Appointment request (to the clinician)",
  appointment_approved: "Appointment confirmed (with calendar file)",
  appointment_declined: "Appointment request declined",
  appointment_cancelled: "Appointment cancelled",
  appointment_cancelled_staff: "Appointment cancelled by the client (to the clinician)",
  appointment_rescheduled: "Appointment moved",
  appointment_reminder: "Appointment reminder",
  forms_assigned: "Documents to complete",
  form_urgent: "Urgent response (to the clinician)",
  invoice_issued: "New invoice",
  payment_receipt: "Payment receipt",
  payment_failed: "Payment did not go through",
  statement_issued: "Statement",
};

export function templateWords(template: string): string {
  return TEMPLATE_WORDS[template] ?? template.replace(/_/g, " ");
}

export function outcomeWords(outcome: string, attempts: number, error: string | null | undefined): string {
  if (outcome === "sent") return "Sent";
  if (outcome === "retrying") {
    const tries = attempts === 1 ? "1 attempt" : `${attempts} attempts`;
    return `Not sent yet, retrying (${tries}${error ? `: ${error}` : ""})`;
  }
  return "Waiting to be sent";
}
