// A small static file server for www/, on the loopback interface only.
//
//   node scripts/serve.mjs [--host 127.0.0.1] [--port 8080] [DIR]
//
// Node is on every machine that builds smtpscope, so the page needs nothing
// else to be served. `.wasm` is served as application/wasm (required by
// WebAssembly.instantiateStreaming). The browser tests import `serve`.

import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { extname, join, normalize, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".wasm": "application/wasm",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".ts": "text/plain; charset=utf-8",
};

/** Start serving `root`. Resolves to `{ server, url }`; port 0 picks a free port. */
export function serve({ root, host = "127.0.0.1", port = 8080, quiet = true } = {}) {
  const base = resolve(root);
  const server = createServer(async (req, res) => {
    const send = (status, body, type = "text/plain; charset=utf-8") => {
      res.writeHead(status, {
        "Content-Type": type,
        "Cache-Control": "no-store",
        "X-Content-Type-Options": "nosniff",
      });
      res.end(req.method === "HEAD" ? undefined : body);
    };
    if (req.method !== "GET" && req.method !== "HEAD") return send(405, "method not allowed\n");
    let path;
    try {
      path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    } catch {
      return send(400, "bad request\n");
    }
    if (path.endsWith("/")) path += "index.html";
    const file = normalize(join(base, path));
    if (file !== base && !file.startsWith(base + sep)) return send(403, "forbidden\n");
    try {
      if (!(await stat(file)).isFile()) return send(404, "not found\n");
      const body = await readFile(file);
      if (!quiet) console.log(`${req.method} ${path} 200`);
      send(200, body, TYPES[extname(file).toLowerCase()] ?? "application/octet-stream");
    } catch {
      if (!quiet) console.log(`${req.method} ${path} 404`);
      send(404, "not found\n");
    }
  });
  return new Promise((ok, fail) => {
    server.once("error", fail);
    server.listen(port, host, () => {
      const { port: p } = server.address();
      ok({ server, url: `http://${host}:${p}/` });
    });
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  let host = "127.0.0.1";
  let port = 8080;
  let root = "www";
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "--host") host = args[++i];
    else if (args[i] === "--port") port = Number(args[++i]);
    else root = args[i];
  }
  const { url } = await serve({ root, host, port, quiet: false });
  console.log(`Serving ${root} at ${url} (Ctrl-C to stop)`);
}
