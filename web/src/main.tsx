// Client Portal in the browser: the client portal of each practice (/p/:slug/...) and
// the clinician workspace beside it.

import "./styles.css";
import { render } from "preact";
import { ROUTES } from "./routes";
import { App } from "./shell/App";

const root = document.getElementById("app");
if (root) {
  root.textContent = "";
  render(<App routes={ROUTES} />, root);
}
