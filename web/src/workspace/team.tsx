// Admins manage the team: add a clinician or admin (a setup link goes out), change a
// role, deactivate and reactivate.

import { useRef, useState } from "preact/hooks";
import { api, data, type Schemas } from "../api/client";
import { messageFor } from "../api/problems";
import {
  Button,
  Card,
  type Column,
  DataTable,
  Field,
  Form,
  Loading,
  Page,
  PageStatus,
  SelectField,
  SubmitButton,
  usePageStatus,
} from "../kit";
import { useResource } from "../lib/hooks";
import type { ScreenProps } from "../lib/router";
import type { Account } from "../lib/session";
import { SignedIn } from "../shell/screens";
import { EmailCell } from "./emailCell";
import { useRefocus } from "./rowActions";

type Member = Schemas["AccountView"];
const ADMINS = new Set(["admin"]);
const ROLES: Record<string, string> = { clinician: "Clinician", admin: "Admin" };
const STATUS: Record<string, string> = { invited: "Invited", active: "Active", disabled: "Disabled" };
const NEXT: Record<string, string> = { deactivate: "reactivate", reactivate: "deactivate", role: "role" };

export default function TeamScreen({ params }: ScreenProps) {
  const slug = params.slug as string;
  return <SignedIn slug={slug} roles={ADMINS} current="team" render={(_i, account) => <Team account={account} />} />;
}

function Team({ account }: { account: Account }) {
  const status = usePageStatus();
  const [members, reload] = useResource(
    () => data(api.GET("/api/v1/identity/staff", { params: { query: { limit: 200 } } })),
    [],
  );
  const [round, setRound] = useState(0);
  const add = async (values: Record<string, string>) => {
    const member = await data(
      api.POST("/api/v1/identity/staff", {
        body: {
          first_name: values.first_name ?? "",
          last_name: values.last_name ?? "",
          email: (values.email ?? "").trim(),
          role: values.role === "admin" ? "admin" : "clinician",
        },
      }),
    );
    setRound((n) => n + 1);
    await reload();
    status.say(`Setup link sent to ${member.email}.`, "add");
  };
  return (
    <Page title="Team">
      <h1>Team</h1>
      <Card>
        <PageStatus id="members-status" slot="members" />
        {members.state === "loading" ? <Loading label="Loading the team…" /> : null}
        {members.state === "failed" ? <p>{messageFor(members.error)}</p> : null}
        {members.state === "ready" ? <Members account={account} members={members.value} reload={reload} /> : null}
      </Card>
      <Card>
        <h2>Add a clinician or admin</h2>
        <p class="hint">They'll get an email with a link to set their password, then set up two-step verification.</p>
        <PageStatus id="team-status" slot="add" />
        <Form id="add-staff" onSubmit={add} key={round}>
          <Field name="first_name" label="First name" autocomplete="off" />
          <Field name="last_name" label="Last name" autocomplete="off" />
          <Field name="email" label="Email" type="email" autocomplete="off" />
          <SelectField name="role" label="Role" options={Object.entries(ROLES)} />
          <SubmitButton busyLabel="Sending…">Send setup link</SubmitButton>
        </Form>
      </Card>
    </Page>
  );
}

type Change = { unchanged: string } | { busy: string; send: () => Promise<Member>; done: (m: Member) => string };

function change(action: string, member: Member, role: string): Change | null {
  const name = `${member.first_name} ${member.last_name}`;
  const path = { params: { path: { staff_id: member.id } } };
  if (action === "role") {
    if (role === member.role)
      return { unchanged: `${name} is already ${role === "admin" ? "an admin" : "a clinician"}.` };
    return {
      busy: "Saving…",
      send: () => data(api.PATCH("/api/v1/identity/staff/{staff_id}", { ...path, body: { role: role as "admin" } })),
      done: () =>
        role === "admin"
          ? `${name} is now an admin.`
          : `${name} is now a clinician. They were logged out and will sign in again with the new role.`,
    };
  }
  if (action === "deactivate") {
    if (!window.confirm(`Deactivate ${name}? They will be logged out everywhere at once.`)) return null;
    return {
      busy: "Deactivating…",
      send: () => data(api.POST("/api/v1/identity/staff/{staff_id}/deactivate", path)),
      done: () => `${name} is deactivated.`,
    };
  }
  return {
    busy: "Reactivating…",
    send: () => data(api.POST("/api/v1/identity/staff/{staff_id}/reactivate", path)),
    done: (m) =>
      m.status === "active"
        ? `${name} is reactivated and can log in again.`
        : `${name} is reactivated: a new setup link is on its way to ${m.email}.`,
  };
}

function Members({ account, members, reload }: { account: Account; members: Member[]; reload: () => Promise<void> }) {
  const status = usePageStatus();
  const [busy, setBusy] = useState<string | null>(null);
  const roles = useRef(new Map<string, string>());
  const { container, focusAfter } = useRefocus(NEXT);

  const act = async (action: string, member: Member) => {
    const wanted = change(action, member, roles.current.get(member.id) ?? member.role);
    if (!wanted) return;
    status.clear();
    if ("unchanged" in wanted) {
      status.say(wanted.unchanged, "members");
      return;
    }
    setBusy(`${member.id}:${action}`);
    try {
      const changed = await wanted.send();
      status.say(wanted.done(changed), "members");
      await reload();
      focusAfter(member.id, action);
    } catch (error) {
      status.say(messageFor(error), "members");
    } finally {
      setBusy(null);
    }
  };

  const button = (action: string, m: Member, label: string, busyLabel: string) => {
    const name = `${m.first_name} ${m.last_name}`;
    return (
      <Button
        variant="secondary"
        data-action={action}
        data-id={m.id}
        busy={busy === `${m.id}:${action}`}
        busyLabel={busyLabel}
        onClick={() => void act(action, m)}
      >
        {label}
        <span class="visually-hidden">
          {action === "role" ? " for " : " "}
          {name}
        </span>
      </Button>
    );
  };

  const actions = (m: Member) => {
    if (m.id === account.id) return <span class="hint">This is you</span>;
    const name = `${m.first_name} ${m.last_name}`;
    return (
      <>
        <label class="visually-hidden" for={`role-${m.id}`}>
          Role for {name}
        </label>
        <select
          id={`role-${m.id}`}
          defaultValue={m.role}
          onChange={(e) => roles.current.set(m.id, (e.currentTarget as HTMLSelectElement).value)}
        >
          {Object.entries(ROLES).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
        <div class="actions">
          {button("role", m, "Save role", "Saving…")}
          {m.status === "disabled"
            ? button("reactivate", m, "Reactivate", "Reactivating…")
            : button("deactivate", m, "Deactivate", "Deactivating…")}
        </div>
      </>
    );
  };

  const columns: Column<Member>[] = [
    { header: "Name", cell: (m) => `${m.first_name} ${m.last_name}` },
    { header: "Email", cell: (m) => <EmailCell account={m} /> },
    { header: "Role", cell: (m) => ROLES[m.role] ?? m.role },
    {
      header: "Status",
      cell: (m) => <span class={`status ${m.status}`}>{STATUS[m.status] ?? m.status}</span>,
    },
    { header: "Actions", cell: actions },
  ];
  return (
    <div id="members" ref={container as preact.RefObject<HTMLDivElement>}>
      <DataTable caption="Team" columns={columns} rows={members} rowKey={(m) => `${m.id}:${m.role}:${m.status}`} />
    </div>
  );
}
