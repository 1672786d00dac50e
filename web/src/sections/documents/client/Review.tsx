// The review page after Submit: every answer, with Make Corrections (back to the form)
// and Submit (final: the clinician gets it; a later correction is a new version).

import { useState } from "preact/hooks";
import { api, data } from "../../../api/client";
import { messageFor } from "../../../api/problems";
import { Button, Card, Loading, Page, PageStatus, usePageStatus } from "../../../kit";
import { useResource } from "../../../lib/hooks";
import { navigate, type ScreenProps } from "../../../lib/router";
import { SignedIn } from "../../../shell/screens";
import { AnswerList } from "../AnswerList";
import { documentsPath, fillPath, nextAfter, type Opened, openAssignment, workingAnswers } from "../flow";
import "../documents.css";

const CLIENTS = new Set(["client"]);

export default function ReviewScreen({ params }: ScreenProps) {
  const slug = params.slug as string;
  const id = params.assignment_id as string;
  return <SignedIn slug={slug} roles={CLIENTS} current="documents" render={() => <Review slug={slug} id={id} />} />;
}

function Review({ slug, id }: { slug: string; id: string }) {
  const [loaded] = useResource((signal) => openAssignment(id, signal), [id]);
  if (loaded.state === "loading") return <Loading label="Loading your answers…" />;
  if (loaded.state === "failed") {
    return (
      <Page title="Review">
        <h1>We couldn't open this</h1>
        <p>{messageFor(loaded.error)}</p>
        <a href={documentsPath(slug)}>Back to your documents</a>
      </Page>
    );
  }
  return <Confirm slug={slug} opened={loaded.value.opened} etag={loaded.value.etag} />;
}

function Confirm({ slug, opened, etag }: { slug: string; opened: Opened; etag: string }) {
  const status = usePageStatus();
  const [busy, setBusy] = useState(false);
  const [key] = useState(() => crypto.randomUUID()); // a Submit sent twice submits once
  const id = opened.assignment.id;
  const answers = workingAnswers(opened);
  const submit = async () => {
    status.clear();
    setBusy(true);
    try {
      await data(
        api.POST("/api/v1/forms/assignments/{assignment_id}/submissions", {
          params: { path: { assignment_id: id } },
          body: { answers },
          headers: { "If-Match": etag, "Idempotency-Key": key },
        }),
      );
      navigate(await nextAfter(slug, id));
    } catch (error) {
      status.say(`${messageFor(error)} Choose Make Corrections to fix it.`);
      setBusy(false);
    }
  };
  return (
    <Page title={`Review: ${opened.form.title}`}>
      <h1>Review your answers</h1>
      <Card>
        <h2>{opened.form.title}</h2>
        <p>
          Check your answers. To change something, choose Make Corrections. When everything is right, choose Submit.
        </p>
        <AnswerList fields={opened.form.fields} answers={answers} />
        <PageStatus id="review-status" />
        <div class="actions">
          <Button variant="secondary" onClick={() => navigate(fillPath(slug, id))}>
            Make Corrections
          </Button>
          <Button busy={busy} busyLabel="Submitting…" onClick={() => void submit()}>
            Submit
          </Button>
        </div>
      </Card>
    </Page>
  );
}
