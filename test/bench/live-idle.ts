// `tsx test/bench/live-idle.ts [--subscribers N]`: what N idle subscribers cost the server. A
// Khabar server runs in a child process (live-idle-server.ts, with --expose-gc); this process opens
// N graphql-ws clients, one connection and one `statementAdded` subscription each (as N phones
// would), waits until the server runs all of them, and prints the server's memory after a full
// GC, before and after, and per subscriber. Then one statement is created and the script waits
// until every subscriber has received it (the fan-out works at that scale). A figure to report,
// never to assert: it depends on the machine and Node's heap.
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { createClient, type Client } from "graphql-ws";
import WebSocket from "ws";
import { projectPath } from "../../src/shared/project-root.js";

const argv = process.argv.slice(2);
const subscriberIndex = argv.indexOf("--subscribers");
const subscribers = subscriberIndex >= 0 ? Number(argv[subscriberIndex + 1]) : 1_000;
const roundIndex = argv.indexOf("--rounds");
/** More rounds connect and leave again, to show that what the clients cost goes with them. */
const rounds = roundIndex >= 0 ? Number(argv[roundIndex + 1]) : 1;
if (!Number.isInteger(subscribers) || subscribers <= 0) throw new Error("--subscribers must be a positive integer");

interface Sample {
  rss: number;
  heapUsed: number;
  external: number;
  connections: number;
  subscriptions: number;
  gc: boolean;
}

const child = spawn(process.execPath, ["--expose-gc", "--import", "tsx", projectPath("test", "bench", "live-idle-server.ts")], {
  cwd: projectPath(),
  stdio: ["pipe", "pipe", "inherit"],
  env: { ...process.env, NODE_ENV: "production" },
});
const replies = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
const nextLine = async <Value>(): Promise<Value> => {
  const line = await replies.next();
  if (line.done) throw new Error("the server exited");
  return JSON.parse(line.value) as Value;
};
const sample = async (): Promise<Sample> => {
  child.stdin!.write("measure\n");
  return nextLine<Sample>();
};

const { url } = await nextLine<{ url: string }>();
const wsUrl = url.replace(/^http/, "ws");
await sample(); // warm-up: the schema and the first GC
const before = await sample();

for (let round = 1; round <= rounds; round += 1) {
  const clients: Client[] = [];
  let received = 0;
  let allReceived: () => void = () => undefined;
  const everyoneHasIt = new Promise<void>((resolve) => (allReceived = resolve));
  for (let index = 0; index < subscribers; index += 1) {
    const client = createClient({ url: wsUrl, webSocketImpl: WebSocket, retryAttempts: 0, lazy: true });
    clients.push(client);
    client.subscribe(
      { query: "subscription { statementAdded { id text speaker { name } article { headline } } }" },
      {
        next: () => {
          received += 1;
          if (received === subscribers) allReceived();
        },
        error: (error) => console.error("subscription error", error),
        complete: () => undefined,
      },
    );
  }
  let during = await sample();
  while (during.subscriptions < subscribers) during = await sample();
  
  const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
  const perSubscriber = (bytes: number) => ((bytes / subscribers) / 1024).toFixed(1);
  console.log(`round ${round}: ${subscribers} idle subscribers (one connection each), server memory after a full GC (gc: ${during.gc}):`);
  console.log(`  heap used  ${mb(before.heapUsed)} MB → ${mb(during.heapUsed)} MB  (+${mb(during.heapUsed - before.heapUsed)} MB, ${perSubscriber(during.heapUsed - before.heapUsed)} kB each)`);
  console.log(`  external   ${mb(before.external)} MB → ${mb(during.external)} MB  (+${mb(during.external - before.external)} MB)`);
  console.log(`  rss        ${mb(before.rss)} MB → ${mb(during.rss)} MB  (+${mb(during.rss - before.rss)} MB, ${perSubscriber(during.rss - before.rss)} kB each)`);
  
  // One event to every subscriber: a statement written in the server process.
  const writeStarted = process.hrtime.bigint();
  child.stdin!.write("write\n");
  await nextLine<{ written: boolean }>();
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([everyoneHasIt, new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`only ${received} of ${subscribers} received the event`)), 30_000)))]);
  clearTimeout(timer);
  console.log(`  one statement reached all ${subscribers} subscribers in ${(Number(process.hrtime.bigint() - writeStarted) / 1e6).toFixed(0)} ms (write → last client)`);
  await Promise.all(clients.map((client) => client.dispose()));
  let after = await sample();
  while (after.subscriptions > 0) after = await sample();
  console.log(`  after every client left: ${after.connections} connections, ${after.subscriptions} subscriptions, heap ${mb(after.heapUsed)} MB`);
}
child.stdin!.end();
await new Promise((resolve) => child.on("exit", resolve));
