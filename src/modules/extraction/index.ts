// The extraction module: `extractStatements` over the pure extractor (src/extraction/). It owns no
// data; it reads people and organizations to resolve speakers.
import type { ResolverModule } from "../module.js";
import { ExtractionResolver, ProposedStatementResolver } from "./extraction.resolver.js";

export const extractionModule: ResolverModule = {
  resolvers: [ExtractionResolver, ProposedStatementResolver],
};
