import { createReadStream, existsSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, relative, resolve, sep } from 'node:path';
import type { Connect, Plugin } from 'vite';

const contentTypes: Record<string, string> = {
  '.json': 'application/json',
  '.bin': 'application/octet-stream',
  '.h5': 'application/octet-stream',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.bmp': 'image/bmp',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
};

/**
 * Serves a folder's `models` and `data` subfolders (such as ../shared) at `/models/` and
 * `/data/`, from the dev server and the preview server, so that the page (and its tests) can load
 * weights and photos from its own origin without a network and without copying them into the repo.
 * Nothing is served when the folder is absent.
 */
export function sharedAssets(sharedFolder: string): Plugin {
  const mounts = [
    { prefix: '/models/', folder: join(sharedFolder, 'models') },
    { prefix: '/data/', folder: join(sharedFolder, 'data') },
  ].filter((mount) => existsSync(mount.folder));
  const middleware: Connect.NextHandleFunction = (request, response, next) => serve(mounts, request, response, next);
  return {
    name: 'dendrite-shared-assets',
    configureServer: (server) => void server.middlewares.use(middleware),
    configurePreviewServer: (server) => void server.middlewares.use(middleware),
  };
}

function serve(
  mounts: readonly { prefix: string; folder: string }[],
  request: IncomingMessage,
  response: ServerResponse,
  next: Connect.NextFunction,
): void {
  const pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
  const mount = mounts.find((candidate) => pathname.startsWith(candidate.prefix));
  if (mount === undefined || (request.method !== 'GET' && request.method !== 'HEAD')) return next();
  const file = resolve(mount.folder, pathname.slice(mount.prefix.length));
  // Never outside the mounted folder, whatever `..` the URL holds.
  const inside = relative(mount.folder, file);
  if (inside.startsWith('..') || inside.startsWith(sep) || !existsSync(file) || !statSync(file).isFile()) {
    response.statusCode = 404;
    response.end();
    return;
  }
  response.setHeader('Content-Type', contentTypes[extname(file).toLowerCase()] ?? 'application/octet-stream');
  response.setHeader('Content-Length', String(statSync(file).size));
  response.setHeader('Cache-Control', 'no-cache');
  if (request.method === 'HEAD') {
    response.end();
    return;
  }
  createReadStream(file).pipe(response);
}
