// A form's answers in the browser: read from the inputs, which fields show (the same rule
// as the server: a field shows when the earlier one it depends on is shown and has the
// answer), an answer in words, and what changed between two submissions.

import type { Schemas } from "../../api/client";

export type FormField = Schemas["FormField"];
export type Answers = Record<string, unknown>;
export interface Signature {
  name: string;
  agreed: boolean;
}

export const DISPLAY_ONLY = new Set(["heading", "instructions"]);

export function isSignature(value: unknown): value is Signature {
  return typeof value === "object" && value !== null && "agreed" in value && "name" in value;
}

function matches(answer: unknown, equals: string | boolean): boolean {
  if (Array.isArray(answer)) return answer.includes(equals);
  return answer === equals;
}

/** The fields a person sees given these answers (conditions only look upward). */
export function visibleFields(fields: readonly FormField[], answers: Answers): FormField[] {
  const shown = new Set<string>();
  const out: FormField[] = [];
  for (const field of fields) {
    const condition = field.show_if;
    if (!condition || (shown.has(condition.field) && matches(answers[condition.field], condition.equals))) {
      shown.add(field.id);
      out.push(field);
    }
  }
  return out;
}

/** Answers as the inputs of `form` hold them (empty ones left out). Inputs are named by
 * field id; a signature's are `<id>.name` and `<id>.agreed`. */
export function readAnswers(form: HTMLFormElement, fields: readonly FormField[]): Answers {
  const data = new FormData(form);
  const answers: Answers = {};
  for (const field of fields) {
    const value = answerFrom(data, field);
    if (value !== undefined) answers[field.id] = value;
  }
  return answers;
}

function answerFrom(data: FormData, field: FormField): unknown {
  const text = (name: string) => {
    const v = data.get(name);
    return typeof v === "string" ? v : "";
  };
  switch (field.type) {
    case "heading":
    case "instructions":
      return undefined;
    case "multiple_choice": {
      const picked = data.getAll(field.id).filter((v): v is string => typeof v === "string");
      return picked.length ? picked : undefined;
    }
    case "checkbox":
      return data.has(field.id) ? true : undefined;
    case "signature": {
      const name = text(`${field.id}.name`).trim();
      const agreed = data.has(`${field.id}.agreed`);
      return name || agreed ? { name, agreed } : undefined;
    }
    case "number": {
      const raw = text(field.id).trim();
      if (!raw) return undefined;
      const n = Number(raw);
      return Number.isFinite(n) ? n : raw; // the server names what is wrong
    }
    default: {
      const raw = text(field.id);
      return raw.trim() ? raw : undefined;
    }
  }
}

/** An answer in words: option labels, Yes/No, the typed name. */
export function answerText(field: FormField, value: unknown): string {
  if (value === undefined || value === null || value === "") return "Not answered";
  const labels = new Map((field.options ?? []).map((o) => [o.value, o.label]));
  if (field.type === "single_choice") return labels.get(String(value)) ?? String(value);
  if (field.type === "multiple_choice" && Array.isArray(value)) {
    return value.map((v) => labels.get(String(v)) ?? String(v)).join("; ");
  }
  if (field.type === "checkbox") return value ? "Yes" : "No";
  if (field.type === "signature" && isSignature(value)) {
    return value.agreed && value.name ? `${value.name} (I agree)` : "Not signed";
  }
  return String(value);
}

/** Ids of the fields whose answer differs between two sets of answers. */
export function changedFields(fields: readonly FormField[], now: Answers, before: Answers): string[] {
  return fields.filter((f) => JSON.stringify(now[f.id]) !== JSON.stringify(before[f.id])).map((f) => f.id);
}

/** The ETag the server sent ("0" until a first save), for If-Match. */
export function etagOf(response: Response): string {
  return response.headers.get("ETag") ?? '"0"';
}
