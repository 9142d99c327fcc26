import { getPlatform, hasPlatform } from './platform-registry.js';

/**
 * Where text goes when the caller passes no `print`: the platform's print when one is set, else the
 * global console (present in Node and browsers, reached without DOM types).
 *
 * @internal
 */
export function defaultPrint(): (line: string) => void {
  if (hasPlatform()) {
    const platform = getPlatform();
    return (line) => platform.print(line);
  }
  const console = (globalThis as { console?: { log?: (...values: unknown[]) => void } }).console;
  return (line) => console?.log?.(line);
}
