// A server given an engine to read from but none to write to (a read-only deployment: createServer
// with `engine` and no `writes`): a mutation is refused before it runs, with its own code, rather
// than written to a store its reads never see.
import type { ApolloServerPlugin } from "@apollo/server";
import { ErrorCode, KhabarError } from "../shared/errors.js";

export function readOnlyPlugin(engineName: string): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation }) {
          if (operation?.operation !== "mutation") return;
          throw new KhabarError(ErrorCode.READ_ONLY, `This server reads from ${engineName} and is read-only: mutations are refused. Write through a Khabar that writes to it.`);
        },
      };
    },
  };
}
