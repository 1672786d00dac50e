import { describe, expect, it } from "vitest";
import { blankField, fromFields, slug, toFields } from "./builder";

describe("the form builder's model", () => {
  it("makes ids and option values from labels, each once", () => {
    expect(slug("What brings you here?")).toBe("what_brings_you_here");
    expect(slug("1st visit")).toBe("field_1st_visit");
    const fields = toFields([
      { ...blankField(1, "single_choice"), label: "Seen before?", options: "Yes\nNo\nYes" },
      { ...blankField(2), label: "Seen before?" },
    ]);
    expect(fields.map((f) => f.id)).toEqual(["seen_before", "seen_before_2"]);
    expect(fields[0]?.options?.map((o) => o.value)).toEqual(["yes", "no", "yes_2"]);
  });

  it("turns 'show only when' into a condition on the earlier field's id and value", () => {
    const fields = toFields([
      { ...blankField(1, "single_choice"), label: "Seen before?", options: "Yes\nNo" },
      { ...blankField(2, "long_text"), label: "Tell us more", showField: "1", showEquals: "yes" },
      { ...blankField(3, "checkbox"), label: "Smoker" },
      { ...blankField(4, "number"), label: "How many", showField: "3", showEquals: "true", required: true },
    ]);
    expect(fields[1]?.show_if).toEqual({ field: "seen_before", equals: "yes" });
    expect(fields[3]?.show_if).toEqual({ field: "smoker", equals: true });
    expect(fields[3]?.required).toBe(true);
  });

  it("keeps the ids of saved fields when they are edited, so versions stay comparable", () => {
    const saved = toFields([
      { ...blankField(1, "single_choice"), label: "Seen before?", options: "Yes\nNo" },
      { ...blankField(2, "long_text"), label: "Tell us more", showField: "1", showEquals: "yes" },
    ]);
    const drafts = fromFields(saved);
    const first = drafts[0];
    if (first) first.label = "Have you been in therapy before?";
    expect(toFields(drafts)).toEqual([{ ...saved[0], label: "Have you been in therapy before?" }, saved[1]]);
  });
});
