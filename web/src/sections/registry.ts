// The sections of the portal (appointments, documents, messages, billing...), each in its
// own folder, found at build time: a folder with an index.ts exporting `section` is part
// of the app without any shared file being edited. See web/README.md, "Adding a section".

import type { ComponentType } from "preact";
import type { RouteDef } from "../lib/router";
import type { Role } from "../lib/session";

export interface NavEntry {
  /** The page under /p/:slug/, e.g. "appointments". */
  page: string;
  label: string;
  /** Who sees the link; default everyone signed in. */
  roles?: readonly Role[];
  /** Drawn inside the link instead of the bare label: an icon with a live badge (the
   * Secure Message icon and its orange dot). It renders `label` (visible or not), so the
   * link keeps its name; it is mounted while the header shows the link, so whatever it
   * opens (a socket, a timer) must go through the hooks that clean up. */
  content?: ComponentType<NavContentProps>;
}

export interface NavContentProps {
  slug: string;
  label: string;
}

export interface HomeCount {
  /** 0 hides the badge. */
  count: number;
  /** What the number counts, for screen readers and the badge: "2 unread". */
  label: string;
}

export interface HomeArea {
  /** The guide's words: "Appointments", "Documents", "Messages", "Billing & Payments". */
  title: string;
  description: string;
  page: string;
  /** Unread messages, documents due...: asked when the client home opens. */
  count?: (signal: AbortSignal) => Promise<HomeCount>;
}

/** A page a client should see first after logging in, while something there must come
 * first (the guide's welcome message and Get Started while the intake documents wait). */
export interface Landing {
  page: string;
  /** Whether to land there now. Asked with a short deadline: an error or no answer in
   * time counts as no, so logging in never waits on a busy service. */
  wanted: (signal: AbortSignal) => Promise<boolean>;
}

/** A page for someone with no account yet, linked from the New Client page. */
export interface PublicLink {
  page: string;
  label: string;
}

export interface Section {
  name: string;
  /** Position in menus and on the home page (the guide's order: 10, 20, 30, 40). */
  order: number;
  /** Client-portal and clinician-workspace screens, each a lazy import. */
  routes: readonly RouteDef[];
  nav?: readonly NavEntry[];
  /** The section's area on the client home. */
  home?: HomeArea;
  /** What someone who has never logged in can do here (the New Client page links it). */
  newClient?: PublicLink;
  /** Where a client lands after logging in, when this section has something to do first. */
  landing?: Landing;
}

/** Sections from glob results, in order; a folder without a `section` export is a mistake. */
export function sectionsFrom(modules: Record<string, { section?: Section }>): Section[] {
  return Object.entries(modules)
    .map(([path, module]) => {
      if (!module.section) throw new Error(`${path} must export a \`section\``);
      return module.section;
    })
    .sort((a, b) => a.order - b.order || a.name.localeCompare(b.name));
}

export const SECTIONS: readonly Section[] = sectionsFrom(
  import.meta.glob<{ section?: Section }>("./*/index.ts", { eager: true }),
);

export function sectionRoutes(sections: readonly Section[] = SECTIONS): RouteDef[] {
  return sections.flatMap((s) => s.routes.map((r) => ({ lazy: true, ...r })));
}

export function navFor(role: string, sections: readonly Section[] = SECTIONS): NavEntry[] {
  return sections.flatMap((s) => (s.nav ?? []).filter((n) => !n.roles || n.roles.includes(role as Role)));
}

export function homeAreas(sections: readonly Section[] = SECTIONS): HomeArea[] {
  return sections.flatMap((s) => (s.home ? [s.home] : []));
}

export function newClientLinks(sections: readonly Section[] = SECTIONS): PublicLink[] {
  return sections.flatMap((s) => (s.newClient ? [s.newClient] : []));
}

/** The first page (in the guide's order) that a client should land on after logging in,
 * or null for their home. Staff always land on their own home. */
export async function landingFor(
  role: string,
  signal: AbortSignal,
  sections: readonly Section[] = SECTIONS,
): Promise<string | null> {
  if (role !== "client") return null;
  for (const { landing } of sections) {
    if (landing && (await landing.wanted(signal).catch(() => false))) return landing.page;
  }
  return null;
}
