// The form builder's model: what staff edit (a list of field drafts with options as lines
// and "show only when" as a pick of an earlier field) and the form definition the API
// takes. Ids of existing fields never change, so versions stay comparable and conditions
// keep pointing where they did; new ones come from their label.

import type { Schemas } from "../../api/client";
import type { FormField } from "./answers";

export type FieldType = FormField["type"];

export interface FieldDraft {
  key: number;
  id: string | null;
  type: FieldType;
  label: string;
  help: string;
  required: boolean;
  /** One option per line (choices only). */
  options: string;
  /** The key of the earlier field this one depends on, or "" for always shown. */
  showField: string;
  /** The option value (or "true"/"false" for a checkbox) that shows it. */
  showEquals: string;
}

export const FIELD_TYPES: readonly (readonly [FieldType, string])[] = [
  ["short_text", "Short text"],
  ["long_text", "Long text"],
  ["number", "Number"],
  ["date", "Date"],
  ["email", "Email"],
  ["phone", "Phone"],
  ["single_choice", "Single choice"],
  ["multiple_choice", "Multiple choice"],
  ["checkbox", "Checkbox"],
  ["heading", "Section heading"],
  ["instructions", "Instructions"],
  ["signature", "Signature (typed name and I agree)"],
];

export const CHOICES = new Set<FieldType>(["single_choice", "multiple_choice"]);
export const CAN_CONTROL = new Set<FieldType>(["single_choice", "multiple_choice", "checkbox"]);

/** A value for a label: lower case letters, digits and underscores. */
export function slug(label: string, fallback = "field"): string {
  const words = label
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");
  const base = words || fallback;
  return (/^[a-z]/.test(base) ? base : `${fallback}_${base}`).slice(0, 40);
}

function unique(base: string, taken: Set<string>): string {
  let candidate = base;
  for (let n = 2; taken.has(candidate); n += 1) candidate = `${base.slice(0, 36)}_${n}`;
  taken.add(candidate);
  return candidate;
}

export function optionLines(draft: FieldDraft): string[] {
  return draft.options
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean);
}

/** Option (value, label) pairs of a draft: values from labels, each once. */
export function optionsOf(draft: FieldDraft): { value: string; label: string }[] {
  const taken = new Set<string>();
  return optionLines(draft).map((label) => ({ value: unique(slug(label, "option"), taken), label }));
}

/** The definition the API takes, from the drafts. */
export function toFields(drafts: readonly FieldDraft[]): FormField[] {
  const taken = new Set(drafts.flatMap((d) => (d.id ? [d.id] : [])));
  const ids = new Map<number, string>();
  for (const d of drafts) ids.set(d.key, d.id ?? unique(slug(d.label), taken));
  return drafts.map((d) => {
    const field: FormField = {
      id: ids.get(d.key) as string,
      type: d.type,
      label: d.label.trim(),
      required: d.required,
    };
    if (d.help.trim()) field.help = d.help.trim();
    if (CHOICES.has(d.type)) field.options = optionsOf(d);
    const target = drafts.find((other) => String(other.key) === d.showField);
    if (target && d.showEquals) {
      const equals = target.type === "checkbox" ? d.showEquals === "true" : d.showEquals;
      field.show_if = { field: ids.get(target.key) as string, equals };
    }
    return field;
  });
}

/** Drafts from a saved version's fields. */
export function fromFields(fields: readonly FormField[]): FieldDraft[] {
  const keys = new Map(fields.map((f, index) => [f.id, index + 1]));
  return fields.map((f, index) => ({
    key: index + 1,
    id: f.id,
    type: f.type,
    label: f.label,
    help: f.help ?? "",
    required: f.required ?? false,
    options: (f.options ?? []).map((o) => o.label).join("\n"),
    showField: f.show_if ? String(keys.get(f.show_if.field) ?? "") : "",
    showEquals: f.show_if ? String(f.show_if.equals) : "",
  }));
}

export function blankField(key: number, type: FieldType = "short_text"): FieldDraft {
  return { key, id: null, type, label: "", help: "", required: false, options: "", showField: "", showEquals: "" };
}

export type TemplateBody = Schemas["CreateTemplateRequest"];
