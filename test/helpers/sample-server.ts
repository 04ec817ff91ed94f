// The setup most API tests share: the sample content in a fresh database, a server on a loopback
// port, and an editor and an admin key — made before the file's tests, closed after them.
import { afterAll, beforeAll } from "vitest";
import type { OpenDatabaseOptions } from "../../src/db/client.js";
import { createSampleDatabase, type TestDatabase } from "./database.js";
import { createTestKeys, type TestKeys } from "./keys.js";
import { startTestServer, type TestServer } from "./server.js";

export interface SampleServer {
  readonly database: TestDatabase;
  readonly server: TestServer;
  readonly keys: TestKeys;
}

/** Registers the file's beforeAll/afterAll; read the fields inside tests (they are set by then). */
export function useSampleServer(options: OpenDatabaseOptions = {}): SampleServer {
  let database: TestDatabase | undefined;
  let server: TestServer | undefined;
  let keys: TestKeys | undefined;
  beforeAll(async () => {
    database = await createSampleDatabase(options);
    server = await startTestServer(database);
    keys = createTestKeys(database);
  });
  afterAll(async () => {
    await server?.close();
    database?.destroy();
  });
  const ready = <Value>(value: Value | undefined): Value => {
    if (value === undefined) throw new Error("useSampleServer's fields are set in beforeAll: read them inside tests");
    return value;
  };
  return {
    get database() {
      return ready(database);
    },
    get server() {
      return ready(server);
    },
    get keys() {
      return ready(keys);
    },
  };
}
