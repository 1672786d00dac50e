import { describe, expect, it } from "vitest";
import { answerText, changedFields, type FormField, readAnswers, visibleFields } from "./answers";

const f = (field: Partial<FormField> & { id: string; type: FormField["type"] }): FormField => ({
  label: field.id,
  ...field,
});
const YES_NO = [
  { value: "yes", label: "Yes" },
  { value: "no", label: "No" },
];
const FIELDS: FormField[] = [
  f({ id: "seen", type: "single_choice", options: YES_NO }),
  f({ id: "details", type: "long_text", show_if: { field: "seen", equals: "yes" } }),
  f({ id: "when", type: "date", show_if: { field: "details", equals: "x" } }),
  f({ id: "smoke", type: "checkbox" }),
  f({ id: "much", type: "number", show_if: { field: "smoke", equals: true } }),
  f({ id: "sign", type: "signature" }),
  f({ id: "many", type: "multiple_choice", options: YES_NO }),
];

describe("which fields show", () => {
  it("shows a conditional field only when the earlier answer matches", () => {
    expect(visibleFields(FIELDS, { seen: "no" }).map((x) => x.id)).toEqual(["seen", "smoke", "sign", "many"]);
    expect(visibleFields(FIELDS, { seen: "yes", smoke: true }).map((x) => x.id)).toContain("details");
    expect(visibleFields(FIELDS, { seen: "yes", smoke: true }).map((x) => x.id)).toContain("much");
  });

  it("hides what depends on a hidden field, whatever its own answer", () => {
    expect(visibleFields(FIELDS, { seen: "no", details: "x" }).map((x) => x.id)).not.toContain("when");
  });
});

describe("reading answers from the inputs", () => {
  it("reads each type and leaves empty ones out", () => {
    document.body.innerHTML = `<form id="f">
      <input type="radio" name="seen" value="yes" checked><input name="details" value="  ">
      <input type="checkbox" name="smoke" checked><input name="much" value="12">
      <input name="sign.name" value="Jo Bloggs"><input type="checkbox" name="sign.agreed" checked>
      <input type="checkbox" name="many" value="yes" checked><input type="checkbox" name="many" value="no" checked>
    </form>`;
    const form = document.getElementById("f") as HTMLFormElement;
    expect(readAnswers(form, FIELDS)).toEqual({
      seen: "yes",
      smoke: true,
      much: 12,
      sign: { name: "Jo Bloggs", agreed: true },
      many: ["yes", "no"],
    });
  });

  it("sends a number that is not one as typed, for the server to name", () => {
    document.body.innerHTML = `<form id="f"><input name="much" value="twelve"></form>`;
    expect(readAnswers(document.getElementById("f") as HTMLFormElement, FIELDS)).toEqual({ much: "twelve" });
  });
});

describe("answers in words", () => {
  it("uses option labels, Yes and No, and the typed name", () => {
    expect(answerText(FIELDS[0] as FormField, "yes")).toBe("Yes");
    expect(answerText(FIELDS[3] as FormField, true)).toBe("Yes");
    expect(answerText(FIELDS[5] as FormField, { name: "Jo", agreed: true })).toBe("Jo (I agree)");
    expect(answerText(FIELDS[6] as FormField, ["no", "yes"])).toBe("No; Yes");
    expect(answerText(FIELDS[1] as FormField, undefined)).toBe("Not answered");
  });

  it("keeps script as text (it is rendered as text, never markup)", () => {
    expect(answerText(FIELDS[1] as FormField, "<b>hi</b>")).toBe("<b>hi</b>");
  });

  it("finds the fields whose answers changed", () => {
    expect(changedFields(FIELDS, { seen: "yes", many: ["yes"] }, { seen: "no", many: ["yes"] })).toEqual(["seen"]);
  });
});
