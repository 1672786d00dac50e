import { defineConfig } from "vitest/config";
import { firstLoadBudget } from "./scripts/first-load.ts";

// The gateway serves dist/ at "/" and proxies /api; `npm run dev` proxies the same way.
// JSX is Preact's automatic runtime through Vite's own transformer (no plugin needed).
export default defineConfig({
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    assetsDir: "assets",
    sourcemap: false,
    // Vite would inline small assets as data: URLs; the CSP allows them for images only.
    assetsInlineLimit: 0,
  },
  plugins: [firstLoadBudget({ limitKiB: 60 })],
  server: {
    proxy: { "/api": "http://localhost:8080", "/.well-known": "http://localhost:8080" },
  },
  test: {
    environment: "happy-dom",
    include: ["src/**/*.test.{ts,tsx}"],
    restoreMocks: true,
  },
});
