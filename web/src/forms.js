// Forms that say what is happening: a busy button while waiting, each error next to its
// field (and read out), a summary at the top, nothing lost from what the user typed.

import { ApiError } from "./api.js";
import { announce, escape, html } from "./dom.js";

/** One labelled input with room for a hint and an error. */
export function field({ name, label, type = "text", autocomplete, required = true, hint, value = "", inputmode, maxlength }) {
  const hintId = hint ? `${name}-hint` : "";
  const describedBy = [hintId, `${name}-error`].filter(Boolean).join(" ");
  return html`<div class="field">
    <label for="${name}">${label}</label>
    ${hint ? html`<p class="hint" id="${hintId}">${hint}</p>` : ""}
    <input id="${name}" name="${name}" type="${type}" value="${value}" aria-describedby="${describedBy}"
      ${autocomplete ? html` autocomplete="${autocomplete}"` : ""}${inputmode ? html` inputmode="${inputmode}"` : ""}${maxlength ? html` maxlength="${maxlength}"` : ""}${required ? html` required` : ""} />
    <p class="field-error" id="${name}-error" hidden></p>
  </div>`;
}

export function errorSummary() {
  return html`<div class="error-summary" role="alert" tabindex="-1" hidden></div>`;
}

function clearErrors(form) {
  for (const input of form.querySelectorAll("[aria-invalid]")) input.removeAttribute("aria-invalid");
  for (const p of form.querySelectorAll(".field-error")) {
    p.hidden = true;
    p.textContent = "";
  }
  const summary = form.querySelector(".error-summary");
  if (summary) summary.hidden = true;
}

export function showErrors(form, message, fields = {}) {
  for (const [name, reason] of Object.entries(fields)) {
    const input = form.elements.namedItem(name);
    const slot = form.querySelector(`#${CSS.escape(name)}-error`);
    if (input && slot) {
      input.setAttribute("aria-invalid", "true");
      slot.textContent = reason;
      slot.hidden = false;
    }
  }
  const summary = form.querySelector(".error-summary");
  if (summary) {
    summary.innerHTML = `<p>${escape(message)}</p>`;
    summary.hidden = false;
    summary.focus();
  } else {
    announce(message);
  }
}

export function messageFor(error) {
  if (error instanceof ApiError) {
    if (error.status === 429) return "Too many attempts. Please wait a moment and try again.";
    if (error.status >= 500) return "Something went wrong on our side. Please try again in a moment.";
    return error.message;
  }
  return "We couldn't reach the portal. Check your connection and try again.";
}

/**
 * Wire a form: on submit, call onSubmit(values) with the button busy; show errors.
 * onSubmit may return a string to show as a success status.
 */
export function bindForm(form, { busyLabel, onSubmit }) {
  const button = form.querySelector("button[type=submit]");
  const label = button.textContent;
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (form.getAttribute("aria-busy") === "true") return;
    clearErrors(form);
    const values = Object.fromEntries(new FormData(form).entries());
    form.setAttribute("aria-busy", "true");
    button.disabled = true;
    button.textContent = busyLabel;
    try {
      await onSubmit(values);
    } catch (error) {
      showErrors(form, messageFor(error), error instanceof ApiError ? error.fields : {});
    } finally {
      form.removeAttribute("aria-busy");
      if (button.isConnected) {
        button.disabled = false;
        button.textContent = label;
      }
    }
  });
}
