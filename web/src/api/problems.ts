// Errors from the API in words a client understands: the problem+json a service sends,
// and each field's reason rewritten for a person, next to the field with its own label.

export interface Problem {
  title?: string;
  detail?: string;
  status?: number;
  reason?: string;
  errors?: { field?: string; reason?: string }[];
}

export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem;

  constructor(status: number, problem: Problem) {
    super(problem.detail || problem.title || `Request failed (${status})`);
    this.status = status;
    this.problem = problem;
  }

  /** { field: the server's reason } (the last part of a dotted path), first reason wins. */
  get fieldReasons(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const e of this.problem.errors ?? []) {
      const name = String(e.field ?? "")
        .split(".")
        .pop();
      if (name && e.reason && !(name in out)) out[name] = e.reason;
    }
    return out;
  }

  /** A 422 from request validation: its detail is a list for programmers, not a sentence. */
  get isValidation(): boolean {
    return this.status === 422 && (this.problem.errors?.length ?? 0) > 0 && this.problem.title === "Invalid input";
  }
}

const lower = (label: string) => label.charAt(0).toLowerCase() + label.slice(1);
const sentence = (text: string) => {
  const t = text.trim();
  const capital = t.charAt(0).toUpperCase() + t.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
};

// Specific wording for fields whose format a person cannot guess from the label.
const FORMAT_BY_FIELD: Record<string, string> = {
  pin: "Enter the 4-digit PIN from your welcome email.",
  code: "Enter the 6-digit code from your authenticator app.",
  email: "Enter an email address like name@example.com.",
  phone: "Enter a phone number using digits, spaces and + ( ) - . only.",
};

type Rule = [RegExp, (label: string, m: RegExpMatchArray, field: string) => string];
const RULES: Rule[] = [
  [/^field required$/i, (label) => `Enter ${lower(label)}.`],
  [/^string should have at least 1 character/i, (label) => `Enter ${lower(label)}.`],
  [/^string should have at least (\d+) characters/i, (label, m) => `${label} must be at least ${m[1]} characters.`],
  [/^string should have at most (\d+) characters/i, (label, m) => `${label} must be ${m[1]} characters or fewer.`],
  [/^value is not a valid email address/i, () => FORMAT_BY_FIELD.email as string],
  [
    /^(string should match pattern|invalid)/i,
    (label, _m, field) => FORMAT_BY_FIELD[field] ?? `${label} is not in the expected format.`,
  ],
  [/^input should be a valid date/i, (label) => `Enter a real date for ${lower(label)}.`],
  [/^input should be/i, (label) => `${label} is not in the expected format.`],
  [
    /^may hold letters, spaces and ' - \. , only$/i,
    (label) => `${label} can only use letters, spaces, apostrophes ('), hyphens (-), full stops (.) and commas (,).`,
  ],
  [/^must be a real date of birth/i, () => "Enter a real date of birth, not in the future."],
  [
    /^(must|may|is|can|cannot|should) /i,
    (label, m) => `${label} ${m.input?.charAt(0).toLowerCase()}${m.input?.slice(1)}`,
  ],
];

/** A server's reason for one field, as a sentence that names the field by its label. */
export function plainReason(reason: string, label: string, field = ""): string {
  const stripped = reason.replace(/^(value error|assertion failed),\s*/i, "").trim();
  for (const [pattern, words] of RULES) {
    const m = stripped.match(pattern);
    if (m) return sentence(words(label, m, field));
  }
  return sentence(stripped);
}

/** The one-line message for an error, for a summary or a status line. */
export function messageFor(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 429) return "Too many attempts. Please wait a moment and try again.";
    if (error.status >= 500) return "Something went wrong on our side. Please try again in a moment.";
    if (error.isValidation) return "Some of what you entered needs another look.";
    return error.message;
  }
  return "We couldn't reach the portal. Check your connection and try again.";
}
