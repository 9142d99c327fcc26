import type { AbortSignalLike } from './platform.js';

/** An `AbortController` as both Node and browsers have it. @internal */
export interface AbortControllerLike {
  readonly signal: AbortSignalLike;
  abort(reason?: unknown): void;
}

/** A WHATWG URL, as both Node and browsers have it. @internal */
export interface HostUrl {
  readonly href: string;
  readonly origin: string;
  readonly protocol: string;
  readonly pathname: string;
}

/**
 * The few host globals that core's download code needs. Node 20 and every browser have them, but
 * core compiles without DOM or Node types, so they are declared here once instead of in each user.
 *
 * @internal
 */
interface HostGlobals {
  setTimeout(callback: () => void, milliseconds: number): unknown;
  clearTimeout(handle: unknown): void;
  AbortController: new () => AbortControllerLike;
  DOMException: new (message: string, name: string) => Error;
  performance: { now(): number };
  TextDecoder: new (label?: string) => { decode(bytes: Uint8Array, options?: { stream?: boolean }): string };
  TextEncoder: new () => { encode(text: string): Uint8Array };
  URL: new (url: string, base?: string | HostUrl) => HostUrl;
}

/** The host's globals, typed. @internal */
export const host = globalThis as unknown as HostGlobals;
