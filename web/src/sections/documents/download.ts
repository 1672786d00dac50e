// Downloading a submission's PDF or FHIR export through the API client (so an expired
// access token is refreshed first, as for any call), then handing the file to the browser.

import { api } from "../../api/client";
import { ApiError } from "../../api/problems";

type Export = "pdf" | "fhir";
const PATHS = {
  pdf: "/api/v1/forms/submissions/{submission_id}/pdf",
  fhir: "/api/v1/forms/submissions/{submission_id}/fhir",
} as const;

export async function downloadSubmission(submissionId: string, kind: Export, filename: string): Promise<void> {
  const { data, response } = await api.GET(PATHS[kind], {
    params: { path: { submission_id: submissionId } },
    parseAs: "blob",
  });
  if (!response.ok || !(data instanceof Blob)) throw new ApiError(response.status, { title: "Download failed" });
  const url = URL.createObjectURL(data);
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
