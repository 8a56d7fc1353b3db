// The ceiling: a bare node:http server answering one fixed response (the exact bytes our mock
// answered for the same request), with nothing else to do. RAW_BATCH=1 ends the answers of one turn
// of the event loop together, as our mock does (src/adapters/end-of-turn.ts): the same I/O, none of the work.
// RAW_JSON=1 (for JSON answers) also does the least a JSON API must: JSON.parse the request body and
// JSON.stringify the answer, per request: the floor under any server that reads and writes JSON.
import { createServer } from 'node:http';

const { status, headers, body } = JSON.parse(process.env.RAW_RESPONSE);
const payload = Buffer.from(body, 'base64');
const batched = process.env.RAW_BATCH === '1';
// Only an answer that is JSON has JSON to write (the cold-start floor answers nothing).
const isJson = /json/i.test(headers['content-type'] ?? '') && payload.length > 0;
const json = process.env.RAW_JSON === '1' && isJson ? JSON.parse(payload.toString('utf8')) : undefined;
const pending = [];
const flush = () => {
  for (const [res, answer] of pending.splice(0)) res.end(answer);
};
const server = createServer((req, res) => {
  const chunks = [];
  if (json === undefined) req.resume();
  else req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    if (json !== undefined && chunks.length > 0) JSON.parse(Buffer.concat(chunks).toString('utf8'));
    const answer = json === undefined ? payload : JSON.stringify(json);
    res.writeHead(status, { ...headers, 'Content-Length': Buffer.byteLength(answer) });
    if (!batched) res.end(answer);
    else if (pending.push([res, answer]) === 1) setImmediate(flush);
  });
});
server.listen(Number(process.env.PORT), '127.0.0.1', () => process.send?.('ready'));
