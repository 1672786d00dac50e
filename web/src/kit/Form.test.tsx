import { act, cleanup, fireEvent, render, screen } from "@testing-library/preact";
import { afterEach, describe, expect, it } from "vitest";
import { ApiError } from "../api/problems";
import { Field } from "./Field";
import { Form, FormProblem, SubmitButton } from "./Form";
import { PageStatus, PageStatusProvider, usePageStatus } from "./Page";

afterEach(cleanup);

const validation = new ApiError(422, {
  title: "Invalid input",
  detail: "last_name: Value error, may hold letters, spaces and ' - . , only; body.practice: Field required",
  errors: [
    { field: "last_name", reason: "Value error, may hold letters, spaces and ' - . , only" },
    { field: "body.practice", reason: "Field required" },
  ],
});

function Invite({ onSubmit }: { onSubmit: (values: Record<string, string>) => Promise<void> }) {
  return (
    <Form id="invite" onSubmit={onSubmit}>
      <Field name="first_name" label="First name" />
      <Field name="last_name" label="Last name" />
      <SubmitButton busyLabel="Sending invitation…">Send invitation</SubmitButton>
    </Form>
  );
}

const submit = () =>
  act(async () => {
    fireEvent.submit(document.getElementById("invite") as HTMLFormElement);
    await new Promise((resolve) => setTimeout(resolve, 0));
  });

describe("a form", () => {
  it("puts each server error in plain words next to its field, and lists them at the top", async () => {
    render(
      <Invite
        onSubmit={async () => {
          throw validation;
        }}
      />,
    );
    await submit();
    const lastName = screen.getByLabelText("Last name");
    const words =
      "Last name can only use letters, spaces, apostrophes ('), hyphens (-), full stops (.) and commas (,).";
    expect(lastName.getAttribute("aria-invalid")).toBe("true");
    expect(document.getElementById("last_name-error")?.textContent).toBe(words);
    expect(lastName.getAttribute("aria-describedby")).toContain("last_name-error");
    const summary = screen.getByRole("alert");
    expect(summary.textContent).toContain(words);
    expect(summary.textContent).toContain("Enter practice.");
    expect(document.body.textContent).not.toMatch(/Value error|last_name:/);
    expect(document.activeElement).toBe(summary);
  });

  it("keeps the button busy while it works and what was typed afterwards", async () => {
    let finish: () => void = () => undefined;
    render(<Invite onSubmit={() => new Promise<void>((resolve) => (finish = resolve))} />);
    const first = screen.getByLabelText("First name") as HTMLInputElement;
    first.value = "Robin";
    await submit();
    const button = screen.getByRole("button") as HTMLButtonElement;
    expect(button.textContent).toBe("Sending invitation…");
    expect(button.disabled).toBe(true);
    await act(async () => finish());
    expect(button.textContent).toBe("Send invitation");
    expect(first.value).toBe("Robin");
  });

  it("shows a problem found before asking the server", async () => {
    render(
      <Invite
        onSubmit={async () => {
          throw new FormProblem("The two names are the same.", { last_name: "Use your family name here." });
        }}
      />,
    );
    await submit();
    expect(screen.getByRole("alert").textContent).toContain("The two names are the same.");
    expect(document.getElementById("last_name-error")?.textContent).toBe("Use your family name here.");
  });

  it("clears the page's last success when a new attempt starts, so it never sits beside a failure", async () => {
    let say: (text: string) => void = () => undefined;
    const Sayer = () => {
      say = usePageStatus().say;
      return <PageStatus id="list-status" />;
    };
    render(
      <PageStatusProvider>
        <Sayer />
        <Invite
          onSubmit={async () => {
            throw validation;
          }}
        />
      </PageStatusProvider>,
    );
    await act(() => say("Invitation sent to robin@example.com."));
    expect(document.getElementById("list-status")?.textContent).toBe("Invitation sent to robin@example.com.");
    await submit();
    expect(document.getElementById("list-status")?.textContent).toBe("");
    expect(screen.getByRole("alert").hidden).toBe(false);
  });
});
