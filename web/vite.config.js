import { defineConfig } from "vite";

// The gateway serves dist/ at "/" and proxies /api; `npm run dev` proxies the same way.
export default defineConfig({
  build: { outDir: "dist", emptyOutDir: true, assetsDir: "assets", sourcemap: false },
  server: {
    proxy: { "/api": "http://localhost:8080", "/.well-known": "http://localhost:8080" },
  },
});
