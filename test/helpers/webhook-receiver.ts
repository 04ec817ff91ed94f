// A webhook receiver on loopback: a real HTTP server that records every delivery, answers with
// the statuses it is told to, and lets a test wait for a number of deliveries instead of sleeping.
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/** Answers each request with the next status of `statuses` (200 once they run out); `"hold"` leaves it unanswered until `close`. */
export class WebhookReceiver {
  readonly requests: Received[] = [];
  statuses: (number | "hold")[] = [];
  private waiters: (() => void)[] = [];
  private held: ServerResponse[] = [];
  private server: Server | undefined;
  url = "";

  async start(): Promise<this> {
    this.server = createServer((request, response) => {
      let body = "";
      request.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
      request.on("end", () => {
        this.requests.push({ headers: request.headers, body });
        const status = this.statuses.shift() ?? 200;
        if (status === "hold") this.held.push(response);
        else response.writeHead(status).end();
        for (const waiter of [...this.waiters]) waiter();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hook`;
    return this;
  }

  /** Resolves once `count` requests have arrived. */
  received(count: number): Promise<Received[]> {
    return new Promise((resolve) => {
      const check = () => {
        if (this.requests.length < count) return;
        this.waiters = this.waiters.filter((waiter) => waiter !== check);
        resolve(this.requests);
      };
      this.waiters.push(check);
      check();
    });
  }

  /** The `Khabar-Delivery` ids received, in arrival order. */
  deliveryIds(): string[] {
    return this.requests.map((request) => String(request.headers["khabar-delivery"]));
  }

  close(): Promise<void> {
    for (const response of this.held.splice(0)) response.destroy();
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
