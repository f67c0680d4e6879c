import { type IncomingHttpHeaders, type ServerResponse, createServer, get } from 'node:http';
import { type AddressInfo } from 'node:net';

/** The one writeHead wrapper of a response, on a bare node:http server. */
export async function answer(
  write: (response: ServerResponse) => void,
): Promise<{ status: number; headers: IncomingHttpHeaders }> {
  const server = createServer((_request, response) => write(response));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = server.address() as AddressInfo;
    return await new Promise((resolve, reject) => {
      get(`http://127.0.0.1:${port}/`, (response) => {
        response.resume();
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers }));
      }).on('error', reject);
    });
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}
