// "Create a password": two fields, a strength meter fed by the server's estimator, and
// the server's feedback shown as the user types (debounced, never logged).

import { post } from "./api.js";
import { html } from "./dom.js";
import { field } from "./forms.js";

const WORDS = ["Too guessable", "Too guessable", "Could be stronger", "Strong", "Very strong"];

export function passwordFields({ newLabel = "New password", confirmLabel = "Re-enter password" } = {}) {
  return html`${field({
    name: "password",
    label: newLabel,
    type: "password",
    autocomplete: "new-password",
    hint: "At least 8 characters. A few unrelated words make a strong, memorable password.",
  })}
  <div class="meter" data-score="0" aria-hidden="true"><span></span></div>
  <p class="hint" id="password-feedback" aria-live="polite"></p>
  ${field({ name: "password_confirmation", label: confirmLabel, type: "password", autocomplete: "new-password" })}`;
}

/** Wire the meter; `context` (email, names, practice) makes guessable passwords visible. */
export function watchStrength(form, context = {}) {
  const input = form.elements.namedItem("password");
  const meter = form.querySelector(".meter");
  const bar = meter.querySelector("span");
  const feedback = form.querySelector("#password-feedback");
  let timer = null;
  let asked = 0;
  input.addEventListener("input", () => {
    window.clearTimeout(timer);
    const value = input.value;
    if (!value) {
      meter.dataset.score = "0";
      bar.style.width = "0";
      feedback.textContent = "";
      return;
    }
    timer = window.setTimeout(async () => {
      const ticket = ++asked;
      try {
        const result = await post("/api/v1/identity/passwords/check", { password: value, ...context });
        if (ticket !== asked) return;
        meter.dataset.score = String(result.score);
        bar.style.width = `${(result.score + 1) * 20}%`;
        const advice = [result.warning, ...result.suggestions].filter(Boolean).join(" ");
        feedback.textContent = `${WORDS[result.score]}. ${result.acceptable ? "" : advice}`.trim();
      } catch {
        feedback.textContent = "";
      }
    }, 300);
  });
}

/** Both entries must match before we bother the server. */
export function mismatch(values) {
  return values.password !== values.password_confirmation
    ? { password_confirmation: "The two passwords do not match." }
    : null;
}
