// What both floors (SQLite, PostgreSQL) share: Khabar's id and cursor encodings, and the bare
// node:http server that answers the benchmark's operations by operationName.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";

export const globalId = (type: string, id: number) => Buffer.from(`${type}:${id}`, "utf8").toString("base64");
export const opaqueId = (type: string, ...parts: number[]) => Buffer.from(`${type}:${parts.join(":")}`, "utf8").toString("base64");
export const cursor = (values: (string | number)[]) => Buffer.from(JSON.stringify(values), "utf8").toString("base64url");
export const actorId = (row: { id: number; actor_type: string }) => globalId(row.actor_type === "PERSON" ? "Person" : "Organization", row.id);

export interface PageInfo {
  hasNextPage: boolean;
  endCursor: string | null;
}

export const pageInfo = (edges: readonly { cursor: string }[], hasNextPage: boolean): PageInfo => ({ hasNextPage, endCursor: edges.at(-1)?.cursor ?? null });

/** A page of at most `first` edges of rows read with one more than the page: a row past it means there is a next page. */
export function connection<Row, Edge extends { cursor: string }>(rows: readonly Row[], first: number, toEdge: (row: Row) => Edge): { edges: Edge[]; pageInfo: PageInfo } {
  const edges = rows.slice(0, first).map(toEdge);
  return { edges, pageInfo: pageInfo(edges, rows.length > first) };
}

/** The incident-detail reply, whichever statements the floor read it with. */
export function incidentReply(
  incident: { id: number; title: string; kind: string; occurredOn: string; killed: number | null; injured: number | null },
  articles: ReturnType<typeof connection>,
  statements: ReturnType<typeof connection>,
) {
  return {
    incident: {
      id: globalId("Incident", incident.id),
      title: incident.title,
      kind: incident.kind,
      occurredOn: incident.occurredOn,
      killed: incident.killed,
      injured: incident.injured,
      articles,
      statements,
    },
  };
}

/** The floor's answer to one operation: the response's `data`, synchronously (SQLite) or not (PostgreSQL). */
export type FloorOperations = Record<string, (variables: never) => unknown>;

export function floorHttpServer(operations: FloorOperations): Server {
  return createServer((request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const answer = (status: number, body: string) => {
        response.writeHead(status, { "content-type": "application/json; charset=utf-8" });
        response.end(body);
      };
      const failed = (error: unknown) => answer(500, JSON.stringify({ errors: [{ message: (error as Error).message }] }));
      try {
        const { operationName, variables } = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { operationName: string; variables: never };
        const operation = operations[operationName];
        if (!operation) return answer(400, JSON.stringify({ errors: [{ message: `the floor does not know ${operationName}` }] }));
        const data = operation(variables);
        if (data instanceof Promise) data.then((value: unknown) => answer(200, JSON.stringify({ data: value })), failed);
        else answer(200, JSON.stringify({ data }));
      } catch (error) {
        failed(error);
      }
    });
  });
}
