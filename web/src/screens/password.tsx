// "Create a password": two fields and a strength meter fed by the server's estimator,
// its advice shown as the person types (debounced; a stale answer is dropped).

import { useRef, useState } from "preact/hooks";
import { api, data } from "../api/client";
import { Field, FormProblem, type FormValues } from "../kit";
import { useOwned } from "../lib/hooks";

const WORDS = ["Too guessable", "Too guessable", "Could be stronger", "Strong", "Very strong"];
const WAIT_MS = 300;

export interface StrengthContext {
  email?: string;
  practice?: string;
}

export function PasswordFields({
  context,
  newLabel = "New password",
  confirmLabel = "Re-enter password",
}: {
  context: StrengthContext;
  newLabel?: string;
  confirmLabel?: string;
}) {
  const [typed, setTyped] = useState("");
  const [score, setScore] = useState(0);
  const [feedback, setFeedback] = useState("");
  const asked = useRef(0);
  useOwned(() => {
    if (!typed) {
      setScore(0);
      setFeedback("");
      return undefined;
    }
    const ticket = ++asked.current;
    const timer = window.setTimeout(async () => {
      try {
        const result = await data(
          api.POST("/api/v1/identity/passwords/check", { body: { password: typed, ...context } }),
        );
        if (ticket !== asked.current) return;
        setScore(result.score);
        const advice = [result.warning, ...result.suggestions].filter(Boolean).join(" ");
        setFeedback(`${WORDS[result.score]}. ${result.acceptable ? "" : advice}`.trim());
      } catch {
        if (ticket === asked.current) setFeedback("");
      }
    }, WAIT_MS);
    return () => window.clearTimeout(timer);
  }, [typed]);
  return (
    <>
      <Field
        name="password"
        label={newLabel}
        type="password"
        autocomplete="new-password"
        hint="At least 8 characters. A few unrelated words make a strong, memorable password."
        onInput={setTyped}
      />
      <Meter score={typed ? score : 0} filled={Boolean(typed) && feedback !== ""} />
      <p class="hint" id="password-feedback" aria-live="polite">
        {feedback}
      </p>
      <Field name="password_confirmation" label={confirmLabel} type="password" autocomplete="new-password" />
    </>
  );
}

function Meter({ score, filled }: { score: number; filled: boolean }) {
  // Widths come from classes: the CSP allows no inline styles.
  return (
    <div class="meter" data-score={String(score)} data-filled={filled ? "true" : "false"} aria-hidden="true">
      <span />
    </div>
  );
}

/** Both entries must match before we bother the server. */
export function requireMatch(values: FormValues): void {
  if (values.password !== values.password_confirmation) {
    throw new FormProblem("The two passwords do not match.", {
      password_confirmation: "The two passwords do not match.",
    });
  }
}
