// The ceiling: a bare node:http server answering one fixed response (the exact bytes our mock
// answered for the same request), with nothing else to do. RAW_BATCH=1 ends the answers of one turn
// of the event loop together, as our mock does (src/mock/batch.ts): the same I/O, none of the work.
import { createServer } from 'node:http';

const { status, headers, body } = JSON.parse(process.env.RAW_RESPONSE);
const payload = Buffer.from(body, 'base64');
const batched = process.env.RAW_BATCH === '1';
const pending = [];
const flush = () => {
  for (const res of pending.splice(0)) res.end(payload);
};
const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(status, { ...headers, 'Content-Length': payload.length });
    if (!batched) res.end(payload);
    else if (pending.push(res) === 1) setImmediate(flush);
  });
});
server.listen(Number(process.env.PORT), '127.0.0.1', () => process.send?.('ready'));
