// vitest globalSetup: one private PostgreSQL cluster per run (postgres.ts), handed to the test
// files with provide/inject; each file creates its own database in it. Started always, not lazily:
// it costs about a second (initdb with --no-sync + pg_ctl start, measured on the 2-core CI machine),
// and a run that cannot start one must fail, naming why, rather than pass the PostgreSQL tests by
// skipping them. Listed after no-leftover-processes.ts in vitest.config.ts, so its teardown runs
// first (vitest tears down in reverse order) and the stopped server is not reported as a leftover.
import type { TestProject } from "vitest/node";
import { startCluster, type PostgresCluster } from "./postgres.js";

let cluster: PostgresCluster | undefined;

export async function setup(project: TestProject): Promise<void> {
  const started = performance.now();
  cluster = await startCluster();
  if (process.env.KHABAR_TEST_TIMINGS) console.log(`PostgreSQL test cluster started in ${Math.round(performance.now() - started)} ms on port ${cluster.port}`);
  project.provide("postgres", { host: cluster.host, port: cluster.port, user: cluster.user, directory: cluster.directory });
}

export async function teardown(): Promise<void> {
  await cluster?.stop();
  cluster = undefined;
}
