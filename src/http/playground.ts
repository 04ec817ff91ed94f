// The offline playground: a browser GET of /graphql (Accept: text/html) gets GraphiQL 3.9 served
// entirely from this project's node_modules, never from a CDN — Khabar runs on closed networks.
// GraphiQL 3's UMD build needs only React and ReactDOM 18 UMD globals; the four files (~1.5 MB)
// are served as immutable, versioned, precompressed assets under /graphql/assets/ so the page
// itself stays small. GraphiQL 5 is ESM + Monaco and would need a bundling step.
//
// The files are read through each package's folder: their exports maps block deep imports, so
// the package.json is resolved with createRequire and the path joined from its directory.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { compress, sendBody, type ContentEncoding } from "./compression.js";
import { SAMPLE_QUERIES } from "./sample-queries.js";

export const PLAYGROUND_ASSETS_PATH = "/graphql/assets/";

interface Asset {
  body: Buffer;
  contentType: string;
  compressed: Map<Exclude<ContentEncoding, "identity">, Buffer>;
}

const require = createRequire(import.meta.url);

function packageFolder(name: string): { folder: string; version: string } {
  const manifestPath = require.resolve(`${name}/package.json`);
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as { version: string };
  return { folder: dirname(manifestPath), version: manifest.version };
}

// Tweaks on top of GraphiQL's stylesheet: Arabic (right-to-left) strings in the result and
// editors are laid out each in its own direction (`unicode-bidi: plaintext` isolates a string
// and takes its direction from its first strong character), so punctuation and numbers land
// where an Arabic reader expects them inside otherwise left-to-right JSON.
const PLAYGROUND_CSS = `html, body, #playground { height: 100%; margin: 0; }
.graphiql-container .CodeMirror .cm-string { unicode-bidi: plaintext; }
.graphiql-container .result-window .CodeMirror-line { unicode-bidi: plaintext; }
.graphiql-container .CodeMirror { font-family: "Fira Code", "DejaVu Sans Mono", "Noto Sans Arabic", "Noto Naskh Arabic", monospace; }
`;

// Reads the embedded configuration and mounts GraphiQL with one tab per sample query. Subscriptions
// go over WebSocket to the same path (ws: or wss: as the page's scheme says): GraphiQL's bundled
// graphql-ws client, which sends the headers editor's values (an "authorization" header, say) as
// the connection_init payload the server reads its key from.
const PLAYGROUND_JS = `(function () {
  var config = JSON.parse(document.getElementById("khabar-playground-config").textContent);
  var endpoint = new URL(config.endpoint, window.location.href);
  var socketUrl = new URL(endpoint.href);
  socketUrl.protocol = endpoint.protocol === "https:" ? "wss:" : "ws:";
  var send = GraphiQL.createFetcher({ url: endpoint.href, subscriptionUrl: socketUrl.href });
  // GraphiQL 3.9 can hand the fetcher the previous tab's operation name and parsed document when
  // a tab is run right after switching to it: the server then answers "Unknown operation", and a
  // subscription goes over HTTP (createFetcher picks WebSocket only when that document has a
  // subscription of that name). So both are taken from the text being sent: its operations (the
  // keyword, an optional name, then "(", "{" or "@"; comments left out), and a name it does not
  // define becomes its first operation's.
  var fetcher = function (params, options) {
    var text = String(params.query || "").replace(/#[^\\n]*/g, "");
    var pattern = /\\b(query|mutation|subscription)\\b\\s*([_A-Za-z][_0-9A-Za-z]*)?\\s*[({@]/g;
    var operations = [];
    for (var match = pattern.exec(text); match; match = pattern.exec(text)) operations.push({ operation: match[1], name: match[2] });
    if (operations.length === 0) operations.push({ operation: "query", name: undefined });
    var chosen = operations.filter(function (operation) { return operation.name === (params.operationName || undefined); })[0] || operations[0];
    params = Object.assign({}, params, { operationName: chosen.name || null });
    var documentAST = {
      kind: "Document",
      definitions: operations.map(function (operation) {
        return {
          kind: "OperationDefinition",
          operation: operation.operation,
          name: operation.name ? { kind: "Name", value: operation.name } : undefined,
          selectionSet: { kind: "SelectionSet", selections: [] },
        };
      }),
    };
    return send(params, Object.assign({}, options, { documentAST: documentAST }));
  };
  var root = ReactDOM.createRoot(document.getElementById("playground"));
  root.render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      defaultTabs: config.tabs,
      defaultEditorToolsVisibility: false,
      shouldPersistHeaders: false,
    })
  );
})();
`;

export interface Playground {
  /** Serves the page or an asset; returns false when the request is for neither. */
  handle(request: IncomingMessage, response: ServerResponse, url: URL): boolean;
}

export function createPlayground(options: { endpoint: string }): Playground {
  // Read and hashed on the first playground request, not at startup (~15 ms of a cold start).
  let built: { assets: Map<string, Asset>; page: string } | undefined;
  const load = () => (built ??= buildPlayground(options));

  return {
    handle(request, response, url) {
      const method = request.method ?? "GET";
      if (method !== "GET" && method !== "HEAD") return false;
      if (url.pathname.startsWith(PLAYGROUND_ASSETS_PATH)) {
        const asset = load().assets.get(url.pathname.slice(PLAYGROUND_ASSETS_PATH.length));
        if (!asset) {
          response.statusCode = 404;
          response.setHeader("content-type", "text/plain; charset=utf-8");
          response.end("No such playground asset.");
          return true;
        }
        response.statusCode = 200;
        response.setHeader("content-type", asset.contentType);
        response.setHeader("cache-control", "public, max-age=31536000, immutable");
        sendBody(request, response, asset.body, (encoding) => {
          let compressed = asset.compressed.get(encoding);
          if (!compressed) {
            compressed = compress(asset.body, encoding);
            asset.compressed.set(encoding, compressed);
          }
          return compressed;
        });
        return true;
      }
      if (!wantsPlayground(request, url)) return false;
      const { page } = load();
      response.statusCode = 200;
      response.setHeader("content-type", "text/html; charset=utf-8");
      // The page is tiny and names the current asset hashes: revalidate it every time.
      response.setHeader("cache-control", "no-cache");
      response.setHeader("vary", "Accept");
      response.setHeader("x-content-type-options", "nosniff");
      sendBody(request, response, page);
      return true;
    },
  };
}

/** The assets (by versioned, hashed file name) and the page that names them. */
function buildPlayground(options: { endpoint: string }): { assets: Map<string, Asset>; page: string } {
  const graphiql = packageFolder("graphiql");
  const react = packageFolder("react");
  const reactDom = packageFolder("react-dom");

  const assets = new Map<string, Asset>();
  const addAsset = (name: string, extension: string, body: Buffer, contentType: string): string => {
    // The content hash in the URL makes the asset immutable: a new version is a new URL.
    const hash = createHash("sha256").update(body).digest("hex").slice(0, 12);
    const fileName = `${name}.${hash}${extension}`;
    assets.set(fileName, { body, contentType, compressed: new Map() });
    return `${PLAYGROUND_ASSETS_PATH}${fileName}`;
  };
  const javascript = "text/javascript; charset=utf-8";
  const css = "text/css; charset=utf-8";
  const urls = {
    react: addAsset(`react-${react.version}`, ".production.min.js", readFileSync(join(react.folder, "umd", "react.production.min.js")), javascript),
    reactDom: addAsset(`react-dom-${reactDom.version}`, ".production.min.js", readFileSync(join(reactDom.folder, "umd", "react-dom.production.min.js")), javascript),
    graphiqlJs: addAsset(`graphiql-${graphiql.version}`, ".min.js", readFileSync(join(graphiql.folder, "graphiql.min.js")), javascript),
    graphiqlCss: addAsset(`graphiql-${graphiql.version}`, ".min.css", readFileSync(join(graphiql.folder, "graphiql.min.css")), css),
    playgroundCss: addAsset("playground", ".css", Buffer.from(PLAYGROUND_CSS), css),
    playgroundJs: addAsset("playground", ".js", Buffer.from(PLAYGROUND_JS), javascript),
  };

  const config = {
    endpoint: options.endpoint,
    tabs: SAMPLE_QUERIES.map((sample) => ({ query: sample.query })),
  };
  // `<` is escaped so no query text can close the script element.
  const configJson = JSON.stringify(config).replace(/</g, "\\u003c");
  const page = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Khabar · GraphQL playground</title>
<link rel="stylesheet" href="${urls.graphiqlCss}">
<link rel="stylesheet" href="${urls.playgroundCss}">
</head>
<body>
<div id="playground">Loading the playground…</div>
<script type="application/json" id="khabar-playground-config">${configJson}</script>
<script src="${urls.react}"></script>
<script src="${urls.reactDom}"></script>
<script src="${urls.graphiqlJs}"></script>
<script src="${urls.playgroundJs}"></script>
</body>
</html>
`;
  return { assets, page };
}

/**
 * A browser navigation: GET /graphql with no operation in the URL and an Accept header that
 * prefers HTML to JSON. GraphQL clients (which send application/json or
 * application/graphql-response+json, or no Accept) never get the page.
 */
function wantsPlayground(request: IncomingMessage, url: URL): boolean {
  if (url.searchParams.has("query") || url.searchParams.has("extensions")) return false;
  const accept = (request.headers.accept ?? "").toLowerCase();
  if (!accept.includes("text/html")) return false;
  const qualityOf = (mediaType: string): number => {
    for (const part of accept.split(",")) {
      const [name, ...parameters] = part.trim().split(";");
      if (name?.trim() !== mediaType) continue;
      const q = parameters.map((parameter) => parameter.trim()).find((parameter) => parameter.startsWith("q="));
      return q ? Number(q.slice(2)) : 1;
    }
    return 0;
  };
  const html = qualityOf("text/html");
  return html > 0 && html >= qualityOf("application/json") && html >= qualityOf("application/graphql-response+json");
}
