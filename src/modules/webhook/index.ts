// The webhook module: signed deliveries of what changed to other systems. Its outbox is written by
// a commit hook inside every write's transaction; the server's WebhookSender sends it.
import type { ResolverModule } from "../module.js";
import { queueDeliveries } from "./webhook.outbox.js";

export const webhookModule: ResolverModule = {
  resolvers: [],
  beforeCommit: queueDeliveries,
};
