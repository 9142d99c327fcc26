import { host, type HostUrl } from './host-globals.js';
import { UntrustedPathError } from './io-errors.js';

/**
 * What a manifest (a model.json) may name besides the files in its own folder.
 *
 * @category Platform
 * @example
 * ```ts
 * const trust: ManifestTrust = { allowedOrigins: ['https://cdn.example.com'] };
 * ```
 */
export interface ManifestTrust {
  /**
   * Origins (`'https://cdn.example.com'`) a manifest may fetch shards from besides its own. Default:
   * none, so a remote manifest reads only from its own origin and a local one only local files.
   */
  readonly allowedOrigins?: readonly string[];
  /** Let relative paths leave the manifest's folder (`../x.bin`, `/x.bin`). Default false. */
  readonly allowPathsOutsideFolder?: boolean;
}

const hasScheme = (text: string): boolean => /^[a-z][a-z0-9+.-]*:/i.test(text) && !/^[a-z]:[\\/]/i.test(text);
const isHttp = (text: string): boolean => /^https?:\/\//i.test(text);

/**
 * Resolves a path named inside a manifest (a weights shard of a model.json) against the manifest's
 * folder, refusing, before anything is read, what the manifest should not reach: from an http(s)
 * manifest, a `file:` or other non-http path, another origin (unless allowed by name), or a path
 * outside its folder; from a local manifest, a path outside its folder or any http(s) URL whose origin
 * is not allowed.
 *
 * @param manifest - the path or URL of the manifest
 * @param path - the path as written in it
 * @param trust - origins and folder escapes the caller allows
 * @returns the path or URL to read
 * @throws {@link UntrustedPathError} naming the manifest, the path and the option that allows it
 * @internal
 * @example
 * ```ts
 * resolveManifestPath('https://a.example/m/model.json', 'group1-shard1of2.bin'); // 'https://a.example/m/group1-shard1of2.bin'
 * resolveManifestPath('https://a.example/m/model.json', 'file:///etc/passwd'); // throws UntrustedPathError
 * ```
 */
export function resolveManifestPath(manifest: string, path: string, trust: ManifestTrust = {}): string {
  const refuse = (reason: string, option: string): never => {
    throw new UntrustedPathError(manifest, path, reason, option);
  };
  const allowed = new Set((trust.allowedOrigins ?? []).map(originOf));
  if (isHttp(manifest)) {
    const base = new host.URL(manifest);
    let target: HostUrl;
    try {
      target = new host.URL(path, base);
    } catch {
      return refuse('it is not a valid URL', 'allowedOrigins');
    }
    if (target.protocol !== 'http:' && target.protocol !== 'https:') {
      return refuse(`a manifest downloaded from ${base.origin} may not name a ${target.protocol} path`, 'allowedOrigins');
    }
    if (target.origin !== base.origin) {
      if (allowed.has(target.origin)) return target.href;
      return refuse(`it is on ${target.origin}, not on the manifest's own origin ${base.origin}`, 'allowedOrigins');
    }
    const folder = base.pathname.slice(0, base.pathname.lastIndexOf('/') + 1);
    if (!target.pathname.startsWith(folder) && trust.allowPathsOutsideFolder !== true) {
      return refuse(`it is outside the manifest's folder ${base.origin}${folder}`, 'allowPathsOutsideFolder');
    }
    return target.href;
  }
  if (hasScheme(path)) {
    if (isHttp(path)) {
      const origin = originOf(path);
      if (allowed.has(origin)) return path;
      return refuse(`a local manifest may fetch only from origins allowed by name, and ${origin} is not one`, 'allowedOrigins');
    }
    if (!/^file:/i.test(path) || !/^file:/i.test(manifest)) {
      return refuse('a local manifest may name only paths beside it', 'allowPathsOutsideFolder');
    }
  }
  if (/^file:/i.test(manifest)) {
    const base = new host.URL(manifest);
    const target = new host.URL(path, base);
    const folder = base.pathname.slice(0, base.pathname.lastIndexOf('/') + 1);
    if (target.protocol !== 'file:' || (!target.pathname.startsWith(folder) && trust.allowPathsOutsideFolder !== true)) {
      return refuse(`it is outside the manifest's folder ${folder}`, 'allowPathsOutsideFolder');
    }
    return target.href;
  }
  return besideLocal(manifest, path, trust.allowPathsOutsideFolder === true, refuse);
}

/** A local path joined to the manifest's folder, with `..` resolved so that it cannot climb out. */
function besideLocal(manifest: string, path: string, outsideAllowed: boolean, refuse: (reason: string, option: string) => never): string {
  const slash = Math.max(manifest.lastIndexOf('/'), manifest.lastIndexOf('\\'));
  const folder = slash < 0 ? '' : manifest.slice(0, slash + 1);
  const absolute = /^([\\/]|[a-z]:[\\/])/i.test(path);
  if (absolute) {
    if (outsideAllowed) return path;
    return refuse(`it is an absolute path, outside the manifest's folder ${folder === '' ? '.' : folder}`, 'allowPathsOutsideFolder');
  }
  const kept: string[] = [];
  let climbed = false;
  for (const part of path.split(/[\\/]/)) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (kept.length === 0) climbed = true;
      else kept.pop();
      continue;
    }
    kept.push(part);
  }
  if (climbed && !outsideAllowed) {
    return refuse(`it climbs out of the manifest's folder ${folder === '' ? '.' : folder}`, 'allowPathsOutsideFolder');
  }
  return climbed ? folder + path : folder + kept.join('/');
}

function originOf(url: string): string {
  try {
    return new host.URL(url).origin;
  } catch {
    return url;
  }
}
