// The ceiling: a bare node:http server answering one fixed response (the exact bytes our mock
// answered for the same request), with nothing else to do.
import { createServer } from 'node:http';

const { status, headers, body } = JSON.parse(process.env.RAW_RESPONSE);
const payload = Buffer.from(body, 'base64');
const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(status, { ...headers, 'Content-Length': payload.length });
    res.end(payload);
  });
});
server.listen(Number(process.env.PORT), '127.0.0.1', () => process.send?.('ready'));
