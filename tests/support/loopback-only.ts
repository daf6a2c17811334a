import net from 'node:net';

// Tests may only talk to loopback: any other outbound connection fails the test loudly.

const allowed = new Set(['127.0.0.1', 'localhost', '::1', '::ffff:127.0.0.1']);
// eslint-disable-next-line @typescript-eslint/unbound-method -- re-applied with the socket as `this` below
const originalConnect = net.Socket.prototype.connect;

function hostOf(args: unknown[]): string | undefined {
  const first = args[0];
  if (Array.isArray(first)) {
    return hostOf(first);
  }
  if (first && typeof first === 'object') {
    const options = first as { host?: string; path?: string };
    if (options.path) {
      return 'localhost';
    }
    return options.host ?? 'localhost';
  }
  if (typeof first === 'string' && Number.isNaN(Number(first))) {
    return 'localhost'; // a unix socket path
  }
  return typeof args[1] === 'string' ? args[1] : 'localhost';
}

net.Socket.prototype.connect = function guardedConnect(this: net.Socket, ...args: unknown[]) {
  const host = hostOf(args);
  if (host && !allowed.has(host)) {
    throw new Error(`test tried to reach ${host}: only loopback is allowed`);
  }
  return (originalConnect as (...a: unknown[]) => net.Socket).apply(this, args);
};
