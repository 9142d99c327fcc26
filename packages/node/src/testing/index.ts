// Test helpers for packages that build on @dendrite/node, published at `@dendrite/node/testing`.
export type { RouteBehaviour, StaticFileServer, StaticFileServerOptions } from './static-file-server.js';
export { startStaticFileServer } from './static-file-server.js';
