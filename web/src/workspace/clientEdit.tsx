// Edit a client's name, email and date of birth (the Clients page's Edit dialog).
//
// Who may change what (docs/identity.md): any staff member changes names and the date of
// birth, and corrects the email of a client who has not created a password yet (the
// welcome email goes again to the new address). Once the client has a password, only an
// admin changes the email: it signs the client out everywhere and both addresses are told,
// so the admin confirms that first. Only the fields that changed are sent.

import { api, data, type Schemas } from "../api/client";
import { Button, Dialog, Field, Form, type FormValues, SubmitButton } from "../kit";
import type { Account } from "../lib/session";

type Client = Schemas["ClientView"];
type Change = Schemas["UpdateClientRequest"];

export const EMAIL_ADMIN_ONLY =
  "Only an admin can change this client's email, because they have created a password: the change signs them out everywhere and both addresses are told.";

/** The client has (or had, if now disabled) a password of their own. */
export function hasActivated(client: Client): boolean {
  return client.status === "active" || client.activated_at !== null;
}

export function changesOf(client: Client, values: FormValues, emailEditable: boolean): Change {
  const change: Change = {};
  const first = (values.first_name ?? "").trim();
  const last = (values.last_name ?? "").trim();
  if (first !== client.first_name) change.first_name = first;
  if (last !== client.last_name) change.last_name = last;
  const email = (values.email ?? "").trim().toLowerCase();
  if (emailEditable && email !== client.email) change.email = email;
  const birth = values.date_of_birth ?? "";
  if (birth !== (client.date_of_birth ?? "")) change.date_of_birth = birth || null;
  return change;
}

interface Props {
  account: Account;
  client: Client | null;
  onClose: () => void;
  onSaved: (client: Client, emailChanged: boolean) => void;
}

export function EditClientDialog({ account, client, onClose, onSaved }: Props) {
  const name = client ? `${client.first_name} ${client.last_name}` : "client";
  const activated = client ? hasActivated(client) : false;
  const emailEditable = !activated || account.role === "admin";

  const save = async (values: FormValues) => {
    if (!client) return;
    const change = changesOf(client, values, emailEditable);
    if (!Object.keys(change).length) return onClose();
    if (
      change.email &&
      activated &&
      !window.confirm(
        `Change ${name}'s email to ${change.email}? They will be signed out everywhere, and both their old and new addresses will be told.`,
      )
    )
      return;
    const saved = await data(
      api.PATCH("/api/v1/identity/clients/{client_id}", { params: { path: { client_id: client.id } }, body: change }),
    );
    onSaved(saved, change.email !== undefined);
  };

  return (
    <Dialog open={client !== null} title={`Edit ${name}`} onClose={onClose}>
      {client ? (
        <Form id="edit-client" onSubmit={save}>
          <Field name="first_name" id="edit-client-first" label="First name" defaultValue={client.first_name} />
          <Field name="last_name" id="edit-client-last" label="Last name" defaultValue={client.last_name} />
          {emailEditable ? (
            <Field
              name="email"
              id="edit-client-email"
              label="Email"
              type="email"
              autocomplete="off"
              defaultValue={client.email}
              hint={
                activated
                  ? "Changing it signs them out everywhere; both addresses are told."
                  : "A new welcome email with a new PIN goes to the new address."
              }
            />
          ) : (
            <div class="field">
              <label for="edit-client-email">Email</label>
              <p class="hint" id="edit-client-email-why">
                {EMAIL_ADMIN_ONLY}
              </p>
              <input
                id="edit-client-email"
                type="email"
                value={client.email}
                readOnly
                aria-describedby="edit-client-email-why"
              />
            </div>
          )}
          <Field
            name="date_of_birth"
            id="edit-client-birth"
            label="Date of birth (optional)"
            type="date"
            required={false}
            defaultValue={client.date_of_birth ?? ""}
          />
          <div class="actions">
            <SubmitButton busyLabel="Saving…">Save changes</SubmitButton>
            <Button variant="secondary" onClick={onClose}>
              Cancel
            </Button>
          </div>
        </Form>
      ) : null}
    </Dialog>
  );
}
