import { isIP } from 'node:net';

/**
 * Whether a request's `Host` header names this server: `localhost`, an address in 127.0.0.0/8
 * or `[::1]` (or the address the server was explicitly bound to), with the port it listens on
 * (or none, for port 80). A page of another site that points its own name at 127.0.0.1 (DNS
 * rebinding) sends its own name here, so this is what keeps the docs of this machine to it.
 */
export function isServedHost(
  header: string | undefined,
  server: { port: number; boundHost: string },
): boolean {
  if (header === undefined) return false;
  const match = /^(\[[^\]]*\]|[^:[\]]+)(?::(\d+))?$/.exec(header.trim().toLowerCase());
  if (!match) return false;
  const [, name, portText] = match;
  if ((portText === undefined ? 80 : Number(portText)) !== server.port) return false;
  return isLoopbackName(name!) || name === bracketed(server.boundHost.toLowerCase());
}

function bracketed(address: string): string {
  return isIP(address) === 6 ? `[${address}]` : address;
}

function isLoopbackName(name: string): boolean {
  if (name === 'localhost' || name === 'localhost.') return true;
  if (name === '[::1]') return true;
  return isIP(name) === 4 && name.split('.')[0] === '127';
}
