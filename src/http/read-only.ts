// A server that reads from PostgreSQL cannot write yet (issue 12's write path): a mutation is
// refused before it runs, with its own code, rather than written to a store its reads never see.
import type { ApolloServerPlugin } from "@apollo/server";
import { ErrorCode, KhabarError } from "../shared/errors.js";

export function readOnlyPlugin(engineName: string): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation }) {
          if (operation?.operation !== "mutation") return;
          throw new KhabarError(ErrorCode.READ_ONLY, `This server reads from ${engineName}, which it cannot write to yet: mutations are refused. Write through a Khabar on SQLite.`);
        },
      };
    },
  };
}
