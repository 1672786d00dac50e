// The form builder: a form's fields (type, question, help, required, options, "show only
// when" an earlier answer is given) or a document's text; Preview shows it as the client
// will see it, conditions working. Saving an existing one makes a new version: what was
// already assigned keeps the version it was assigned at.

import { useState } from "preact/hooks";
import { api, data } from "../../../api/client";
import { ApiError, messageFor } from "../../../api/problems";
import { Button, Card, Form, FormProblem, Loading, Page, SubmitButton } from "../../../kit";
import { useResource } from "../../../lib/hooks";
import { navigate, type ScreenProps } from "../../../lib/router";
import { STAFF } from "../../../lib/session";
import { SignedIn } from "../../../shell/screens";
import { blankField, type FieldDraft, fromFields, toFields } from "../builder";
import { FieldEditor } from "./FieldEditor";
import { Preview } from "./Preview";
import "../documents.css";

type Kind = "form" | "document";

interface Loaded {
  id: string | null;
  kind: Kind;
  title: string;
  description: string;
  body: string;
  fields: FieldDraft[];
  version: number;
  editable: boolean;
}

export default function BuilderScreen({ params, query }: ScreenProps) {
  const slug = params.slug as string;
  const id = params.template_id ?? null;
  const kind: Kind = query.get("kind") === "document" ? "document" : "form";
  return (
    <SignedIn
      slug={slug}
      roles={STAFF}
      current="workspace/forms"
      render={() => <Load slug={slug} id={id} kind={kind} />}
    />
  );
}

async function load(id: string | null, kind: Kind, signal: AbortSignal): Promise<Loaded> {
  if (!id) return { id, kind, title: "", description: "", body: "", fields: [], version: 0, editable: true };
  const t = await data(
    api.GET("/api/v1/forms/templates/{template_id}", { params: { path: { template_id: id }, query: {} }, signal }),
  );
  return {
    id,
    kind: t.kind,
    title: t.title,
    description: t.description,
    body: t.body ?? "",
    fields: t.kind === "form" ? fromFields(t.fields) : [],
    version: t.version,
    editable: t.editable ?? true,
  };
}

function Load({ slug, id, kind }: { slug: string; id: string | null; kind: Kind }) {
  const [found] = useResource((signal) => load(id, kind, signal), [id, kind]);
  if (found.state === "loading") return <Loading label="Loading the form…" />;
  if (found.state === "failed") {
    return (
      <Page title="Form builder">
        <h1>We couldn't open this form</h1>
        <p>{messageFor(found.error)}</p>
      </Page>
    );
  }
  return <Builder slug={slug} loaded={found.value} />;
}

/** The API's reasons about fields ("fields.2.show_if.equals") as "Field 3: ...". */
function builderProblem(error: unknown): unknown {
  if (!(error instanceof ApiError) || !error.problem.errors?.length) return error;
  const lines = error.problem.errors.map((e) => {
    const m = /^fields\.(\d+)/.exec(e.field ?? "");
    return m ? `Field ${Number(m[1]) + 1}: ${e.reason}` : `${e.field}: ${e.reason}`;
  });
  return new FormProblem(`Not saved. ${lines.join("; ")}.`);
}

function Builder({ slug, loaded }: { slug: string; loaded: Loaded }) {
  const [fields, setFields] = useState<FieldDraft[]>(loaded.fields);
  const [nextKey, setNextKey] = useState(loaded.fields.length + 1);
  const [previewing, setPreviewing] = useState(false);
  const [text, setText] = useState({ title: loaded.title, description: loaded.description, body: loaded.body });
  const isForm = loaded.kind === "form";
  const noun = isForm ? "form" : "document";

  const save = async () => {
    if (!text.title.trim()) throw new FormProblem("Give it a title.", { title: "Enter a title." });
    const common = {
      title: text.title,
      description: text.description,
      body: isForm ? null : text.body,
      fields: isForm ? toFields(fields) : [],
    };
    try {
      const saved = loaded.id
        ? await data(
            api.PUT("/api/v1/forms/templates/{template_id}", {
              params: { path: { template_id: loaded.id } },
              body: common,
            }),
          )
        : await data(api.POST("/api/v1/forms/templates", { body: { ...common, kind: loaded.kind } }));
      navigate(`/p/${slug}/workspace/forms?saved=${encodeURIComponent(saved.title)}&version=${saved.version}`);
    } catch (error) {
      throw builderProblem(error);
    }
  };
  const update = (key: number, change: Partial<FieldDraft>) =>
    setFields((all) => all.map((f) => (f.key === key ? { ...f, ...change } : f)));
  const move = (key: number, by: number) =>
    setFields((all) => {
      const at = all.findIndex((f) => f.key === key);
      const to = at + by;
      if (at < 0 || to < 0 || to >= all.length) return all;
      const copy = [...all];
      [copy[at], copy[to]] = [copy[to] as FieldDraft, copy[at] as FieldDraft];
      return copy;
    });
  const add = () => {
    setFields((all) => [...all, blankField(nextKey)]);
    setNextKey((n) => n + 1);
    window.setTimeout(() => document.getElementById(`label-${nextKey}`)?.focus(), 0);
  };

  const title = loaded.id ? `Edit ${noun}` : `New ${noun}`;
  return (
    <Page title={title}>
      <h1>{title}</h1>
      {loaded.id ? (
        <p class="hint">
          Version {loaded.version}. Saving makes version {loaded.version + 1}; clients who already have this {noun} keep
          the version they were given.
        </p>
      ) : null}
      {!loaded.editable ? (
        <p class="notice">This is a validated measure: its wording and scoring stay as published.</p>
      ) : null}
      <Card>
        <Form id="builder" onSubmit={save} class="builder">
          <div class="field">
            <label for="title">Title</label>
            <input
              id="title"
              name="title"
              value={text.title}
              maxLength={200}
              autocomplete="off"
              onInput={(e) => setText({ ...text, title: e.currentTarget.value })}
            />
          </div>
          <div class="field">
            <label for="description">Description (optional)</label>
            <input
              id="description"
              name="description"
              value={text.description}
              maxLength={1000}
              autocomplete="off"
              onInput={(e) => setText({ ...text, description: e.currentTarget.value })}
            />
          </div>
          {isForm ? (
            <>
              <h2>Fields</h2>
              {fields.length === 0 ? <p class="hint">No fields yet: add the first one.</p> : null}
              {fields.map((field, index) => (
                <FieldEditor
                  key={field.key}
                  field={field}
                  index={index}
                  earlier={fields.slice(0, index)}
                  count={fields.length}
                  update={update}
                  move={move}
                  remove={(key) => setFields((all) => all.filter((f) => f.key !== key))}
                />
              ))}
              <Button variant="secondary" onClick={add}>
                Add a field
              </Button>
            </>
          ) : (
            <div class="field">
              <label for="body">The document's text</label>
              <p class="hint" id="body-hint">
                Clients read it, check "I agree" and type their name to sign.
              </p>
              <textarea
                id="body"
                name="body"
                rows={14}
                maxLength={100000}
                value={text.body}
                aria-describedby="body-hint"
                onInput={(e) => setText({ ...text, body: e.currentTarget.value })}
              />
            </div>
          )}
          <div class="actions">
            <Button variant="secondary" aria-expanded={previewing} onClick={() => setPreviewing(!previewing)}>
              {previewing ? "Hide preview" : "Preview"}
            </Button>
            {loaded.editable ? <SubmitButton busyLabel="Saving…">Save {noun}</SubmitButton> : null}
          </div>
        </Form>
      </Card>
      {previewing ? (
        <Preview title={text.title} body={isForm ? null : text.body} fields={isForm ? toFields(fields) : SIGNATURE} />
      ) : null}
    </Page>
  );
}

const SIGNATURE = toFields([{ ...blankField(1), type: "signature", label: "Signature", required: true }]);
