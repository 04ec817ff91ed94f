import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    // One graphql instance for project code and libraries ("another module or realm" otherwise).
    alias: [{ find: /^graphql$/, replacement: "graphql/index.js" }],
  },
  test: {
    include: ["test/**/*.test.ts"],
    setupFiles: ["test/helpers/setup.ts"],
    // Fails the run if any process a test started is still alive at the end; then one private
    // PostgreSQL cluster for the run (stopped before the leftover check, which runs last).
    globalSetup: ["test/helpers/no-leftover-processes.ts", "test/helpers/postgres-global-setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: "forks",
  },
});
