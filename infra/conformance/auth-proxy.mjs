// A loopback proxy that adds "Authorization: Bearer $MCP_TOKEN" to every request, so that tools
// which cannot send headers (the official MCP conformance suite) can test an authenticated server.
//   MCP_TOKEN=... node auth-proxy.mjs <listen-port> <target-base-url>
import http from 'node:http';

const [listenPort, target] = process.argv.slice(2);
const token = process.env.MCP_TOKEN;
if (!listenPort || !target || !token) {
  console.error('usage: MCP_TOKEN=... node auth-proxy.mjs <listen-port> <target-base-url>');
  process.exit(2);
}
const upstream = new URL(target);
http.createServer((req, res) => {
  const headers = { ...req.headers, host: upstream.host, authorization: `Bearer ${token}` };
  const out = http.request({ hostname: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers },
    (answer) => { res.writeHead(answer.statusCode, answer.headers); answer.pipe(res); });
  out.on('error', () => { res.writeHead(502); res.end(); });
  req.pipe(out);
}).listen(Number(listenPort), '127.0.0.1', () => console.error(`proxy on 127.0.0.1:${listenPort} -> ${target}`));
