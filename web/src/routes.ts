// Every page of the portal: the ones every practice has, then the sections' own (found
// in src/sections/*/index.ts). Signed-in screens and the clinician workspace load
// lazily, so a client's first page downloads only what it shows.

import type { RouteDef } from "./lib/router";
import { Login } from "./screens/login";
import { Landing, NewClient, PortalHome } from "./screens/public";
import { CreatePassword, ForgotPassword, ResetPassword, Welcome } from "./screens/signin";
import { sectionRoutes } from "./sections/registry";

const P = "/p/:slug";

export const CORE_ROUTES: readonly RouteDef[] = [
  { path: "/", screen: Landing },
  { path: P, screen: PortalHome },
  { path: `${P}/new-client`, screen: NewClient },
  { path: `${P}/welcome`, screen: Welcome },
  { path: `${P}/create-password`, screen: CreatePassword },
  { path: `${P}/login`, screen: Login },
  { path: `${P}/forgot-password`, screen: ForgotPassword },
  { path: `${P}/reset-password`, screen: ResetPassword },
  { path: `${P}/home`, screen: () => import("./screens/home"), lazy: true },
  { path: `${P}/account`, screen: () => import("./screens/account"), lazy: true },
  // The clinician workspace.
  { path: `${P}/clinician`, screen: () => import("./workspace/clients"), lazy: true },
  { path: `${P}/team`, screen: () => import("./workspace/team"), lazy: true },
  { path: `${P}/activity`, screen: () => import("./workspace/activity"), lazy: true },
];

export const ROUTES: readonly RouteDef[] = [...CORE_ROUTES, ...sectionRoutes()];
