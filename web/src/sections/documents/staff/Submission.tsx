// One submission as staff see it (the read is audited): the answers, the score and the
// urgent flag, what changed since the version before, the signing record, and the PDF
// and FHIR exports.

import { useState } from "preact/hooks";
import { api, data, type Schemas } from "../../../api/client";
import { messageFor } from "../../../api/problems";
import { Button, Card, DateTime, Loading, Page } from "../../../kit";
import { useResource } from "../../../lib/hooks";
import type { ScreenProps } from "../../../lib/router";
import { type Practice, STAFF } from "../../../lib/session";
import { SignedIn } from "../../../shell/screens";
import { AnswerList } from "../AnswerList";
import { PdfButton } from "../client/Fill";
import { downloadSubmission } from "../download";
import { scoreText } from "./ClientForms";
import "../documents.css";

type View = Schemas["SubmissionView"];

export default function SubmissionScreen({ params }: ScreenProps) {
  const slug = params.slug as string;
  const id = params.submission_id as string;
  return (
    <SignedIn
      slug={slug}
      roles={STAFF}
      current="workspace/documents"
      render={(info) => <Submission key={id} id={id} info={info} />}
    />
  );
}

function Submission({ id, info }: { id: string; info: Practice }) {
  const [found] = useResource(
    (signal) =>
      data(api.GET("/api/v1/forms/submissions/{submission_id}", { params: { path: { submission_id: id } }, signal })),
    [id],
  );
  if (found.state === "loading") return <Loading label="Loading the submission…" />;
  if (found.state === "failed") {
    return (
      <Page title="Submission">
        <h1>We couldn't open this submission</h1>
        <p>{messageFor(found.error)}</p>
      </Page>
    );
  }
  const s = found.value;
  return (
    <Page title={s.form.title}>
      <h1>{s.form.title}</h1>
      <Card>
        <p>
          Submitted <DateTime value={s.submitted_at} timeZone={info.time_zone} /> · version {s.version} of the{" "}
          {s.form.kind}
          {s.number > 1 ? ` · correction ${s.number - 1}` : ""}
        </p>
        {s.score !== null && s.score !== undefined ? <p class="lead">Score: {scoreText(s)}</p> : null}
        {s.urgent ? (
          <p class="notice">
            <span class="urgent">Urgent</span> Item 9 (thoughts of being better off dead or of self-harm) was answered
            above 0. Follow up with the client.
          </p>
        ) : null}
        {s.previous_id ? (
          <p class="hint">
            {s.changed.length
              ? `Changed since the submission before: ${s.changed.length} answer${s.changed.length === 1 ? "" : "s"}, marked below.`
              : "No answer changed since the submission before."}
          </p>
        ) : null}
        {s.form.kind === "document" ? <DocumentText body={s.form.body ?? ""} /> : null}
        <AnswerList fields={s.form.fields} answers={s.answers} changed={s.changed} previous={s.previous_answers} />
        {s.signing ? <SigningRecord signing={s.signing} zone={info.time_zone} /> : null}
        <div class="actions">
          <PdfButton submissionId={s.id} title={s.form.title} />
          <FhirButton s={s} />
        </div>
      </Card>
    </Page>
  );
}

function DocumentText({ body }: { body: string }) {
  return (
    <details>
      <summary>The text that was signed</summary>
      <div class="document-text">
        {body.split(/\n\s*\n/).map((p) => (
          <p key={p}>{p}</p>
        ))}
      </div>
    </details>
  );
}

function SigningRecord({ signing, zone }: { signing: Schemas["SigningView"]; zone: string }) {
  return (
    <section aria-labelledby="signing-title">
      <h2 id="signing-title">Signature</h2>
      <dl class="answers">
        <div class="answer">
          <dt>Signed electronically by</dt>
          <dd>{signing.name}</dd>
        </div>
        <div class="answer">
          <dt>Signed</dt>
          <dd>
            <DateTime value={signing.signed_at} timeZone={zone} />
          </dd>
        </div>
        <div class="answer">
          <dt>IP address</dt>
          <dd>{signing.ip ?? "Not known"}</dd>
        </div>
        <div class="answer">
          <dt>Device (user agent)</dt>
          <dd>{signing.user_agent ?? "Not known"}</dd>
        </div>
        <div class="answer">
          <dt>SHA-256 of the signed text</dt>
          <dd class="hash">{signing.document_sha256}</dd>
        </div>
      </dl>
    </section>
  );
}

function FhirButton({ s }: { s: View }) {
  const [error, setError] = useState("");
  const run = async () => {
    setError("");
    try {
      await downloadSubmission(s.id, "fhir", `${s.form.title}-fhir.json`);
    } catch (failure) {
      setError(messageFor(failure));
    }
  };
  return (
    <>
      <Button variant="secondary" onClick={() => void run()}>
        Export as FHIR<span class="visually-hidden"> QuestionnaireResponse</span>
      </Button>
      {error ? <span class="field-error">{error}</span> : null}
    </>
  );
}
