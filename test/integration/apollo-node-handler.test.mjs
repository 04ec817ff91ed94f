// Apollo's own test suite for Apollo Server integrations, run against Khabar's node:http handler
// (src/http/apollo-node-handler.ts, compiled to dist/). The suite builds an ApolloServer per test
// from its options; this factory mounts it with the handler on a loopback port chosen by the OS,
// as any embedder of the handler would, without any of Khabar's own layers.
//
// An ES module, run with --experimental-vm-modules (see package.json): the handler is compiled to
// ESM, and Jest's module loader cannot require() ESM before Node 24.9 (Node itself can).
//
// What the suite skips on its own: the incremental delivery tests marked "require graphql@17" and
// "includes all fields with defer" need graphql 17's @defer/@stream execution; Khabar runs graphql
// 16, so they cannot apply. Its mocked incremental-delivery tests do run and pass. The one test
// excluded on purpose, the lockstep version check, is explained in jest.config.cjs.
import { createServer } from "node:http";
import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import { defineIntegrationTestSuite } from "@apollo/server-integration-testsuite";
import { createApolloNodeHandler } from "../../dist/src/http/apollo-node-handler.js";

defineIntegrationTestSuite(
  async (serverOptions, testOptions) => {
    const httpServer = createServer();
    const server = new ApolloServer({
      ...serverOptions,
      plugins: [...(serverOptions.plugins ?? []), ApolloServerPluginDrainHttpServer({ httpServer })],
    });
    await server.start();
    httpServer.on("request", createApolloNodeHandler(server, { context: testOptions?.context ?? (async () => ({})) }));
    await new Promise((resolve) => httpServer.listen(0, "127.0.0.1", resolve));
    const { port } = httpServer.address();
    return {
      server,
      url: `http://127.0.0.1:${port}/`,
      // server.stop() closes httpServer through the drain plugin; this covers a server never stopped.
      extraCleanup: () => new Promise((resolve) => (httpServer.listening ? httpServer.close(() => resolve()) : resolve())),
    };
  },
  { serverIsStartedInBackground: false },
);
