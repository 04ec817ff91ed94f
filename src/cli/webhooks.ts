// `khabar webhooks add URL [--events a,b] [--secret S] | list | remove ID | deliveries ID [--limit N]`, on the
// database DATABASE_URL names (SQLite's file or PostgreSQL's primary).
import { parseArgs } from "node:util";
import { WEBHOOK_EVENTS } from "../modules/webhook/webhook.outbox.js";
import type { WebhookStore } from "../modules/webhook/webhook.store.js";

/** The newest deliveries `deliveries ID` shows without --limit. */
const DELIVERIES_SHOWN = 50;

export async function webhooksCommand(store: WebhookStore, args: string[], allowPrivate: boolean, usage: (message: string) => Error): Promise<string> {
  const [action, ...rest] = args;
  const { values, positionals } = parseArgs({ args: rest, options: { events: { type: "string" }, secret: { type: "string" }, limit: { type: "string" } }, allowPositionals: true, strict: true });
  switch (action) {
    case "add": {
      if (positionals.length !== 1) throw usage("webhooks add needs exactly one URL");
      const events = values.events?.split(",").map((event) => event.trim()).filter(Boolean);
      const { row, secret } = await store.add({ url: positionals[0]!, events, secret: values.secret }, allowPrivate);
      const which = row.events === null ? "every event" : (JSON.parse(row.events) as string[]).join(", ");
      return `Added webhook ${row.id} for ${which} at ${row.url}. Deliveries are signed with this secret (Khabar-Signature: t=…,v1=HMAC-SHA256 of "t.body"); it is shown only this once:\n${secret}\n`;
    }
    case "list": {
      const rows = await store.list();
      if (rows.length === 0) return "no webhooks\n";
      return `${["id\tevents\turl\tcreated", ...rows.map((row) => [row.id, row.events === null ? "all" : (JSON.parse(row.events) as string[]).join(","), row.url, row.createdAt].join("\t"))].join("\n")}\n`;
    }
    case "remove": {
      const id = Number(positionals[0]);
      if (!Number.isInteger(id) || positionals.length !== 1) throw usage("webhooks remove needs one webhook ID");
      if (!(await store.remove(id))) throw new Error(`no webhook has the id ${id}`);
      return `removed webhook ${id} and its delivery log\n`;
    }
    case "deliveries": {
      const id = Number(positionals[0]);
      if (!Number.isInteger(id) || positionals.length !== 1) throw usage("webhooks deliveries needs one webhook ID");
      const limit = values.limit === undefined ? DELIVERIES_SHOWN : Number(values.limit);
      if (!Number.isInteger(limit) || limit < 1) throw usage("--limit must be a whole number, 1 or more");
      const rows = await store.deliveries(id, limit);
      return `${["id\tevent\tstatus\tattempts\tlast status\tlast error\tcreated", ...rows.map((row) => [row.id, row.event, row.status, row.attempts, row.lastStatus ?? "", row.lastError ?? "", row.createdAt].join("\t"))].join("\n")}\n`;
    }
    default:
      throw usage(`webhooks needs add, list, remove or deliveries (events: ${WEBHOOK_EVENTS.join(", ")})`);
  }
}
