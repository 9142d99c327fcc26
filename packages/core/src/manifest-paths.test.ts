import { describe, expect, it } from 'vitest';
import { DendriteError } from './errors.js';
import { UntrustedPathError } from './io-errors.js';
import { resolveManifestPath } from './manifest-paths.js';

function refusal(manifest: string, path: string, trust = {}): UntrustedPathError {
  try {
    resolveManifestPath(manifest, path, trust);
  } catch (error) {
    expect(DendriteError.isInstance(error)).toBe(true);
    return error as UntrustedPathError;
  }
  throw new Error(`expected ${path} from ${manifest} to be refused`);
}

describe('resolveManifestPath', () => {
  it('puts a shard beside its model.json, for paths, file URLs and http URLs', () => {
    expect(resolveManifestPath('models/a/model.json', 'group1-shard1of2.bin')).toBe('models/a/group1-shard1of2.bin');
    expect(resolveManifestPath('models/a/model.json', './sub/../w.bin')).toBe('models/a/w.bin');
    expect(resolveManifestPath('https://host/m/model.json?v=2#x', 'w.bin')).toBe('https://host/m/w.bin');
    expect(resolveManifestPath('https://host/m/model.json', 'https://host/m/w.bin')).toBe('https://host/m/w.bin');
    expect(resolveManifestPath('C:\\models\\model.json', 'w.bin')).toBe('C:\\models\\w.bin');
    expect(resolveManifestPath('model.json', 'w.bin')).toBe('w.bin');
    expect(resolveManifestPath('file:///srv/m/model.json', 'w.bin')).toBe('file:///srv/m/w.bin');
  });

  it('refuses file: and other schemes from a remote manifest, naming the manifest, the path and the option', () => {
    const error = refusal('https://host/m/model.json', 'file:///etc/secret.bin');
    expect(error).toBeInstanceOf(UntrustedPathError);
    expect(error.manifest).toBe('https://host/m/model.json');
    expect(error.path).toBe('file:///etc/secret.bin');
    expect(error.option).toBe('allowedOrigins');
    expect(error.message).toContain('may not name a file: path');
    expect(refusal('https://host/m/model.json', 'data:application/octet-stream;base64,AAAA').message).toContain('data: path');
  });

  it('refuses another origin unless it is allowed by name', () => {
    const other = 'http://127.0.0.1:9999/w.bin';
    expect(refusal('http://127.0.0.1:8888/m/model.json', other).message).toContain('not on the manifest\'s own origin http://127.0.0.1:8888');
    expect(refusal('https://host/m/model.json', '//evil.example/w.bin').option).toBe('allowedOrigins');
    expect(resolveManifestPath('http://127.0.0.1:8888/m/model.json', other, { allowedOrigins: ['http://127.0.0.1:9999'] })).toBe(other);
  });

  it('refuses paths that leave the folder of a remote manifest, however they are written', () => {
    for (const path of ['../w.bin', '/w.bin', 'a/../../w.bin', '%2e%2e/w.bin', '..%2fw.bin/../../x']) {
      expect(refusal('https://host/m/model.json', path).option).toBe('allowPathsOutsideFolder');
    }
    expect(resolveManifestPath('https://host/m/model.json', '../w.bin', { allowPathsOutsideFolder: true })).toBe('https://host/w.bin');
  });

  it('keeps the relative paths of a local manifest inside its folder unless allowed', () => {
    for (const path of ['../secret.bin', '/etc/passwd', 'a/../../secret.bin', 'C:\\secret.bin', '..\\secret.bin']) {
      expect(refusal('models/a/model.json', path).option).toBe('allowPathsOutsideFolder');
    }
    expect(refusal('file:///srv/m/model.json', '../secret.bin').option).toBe('allowPathsOutsideFolder');
    expect(refusal('file:///srv/m/model.json', 'file:///etc/passwd').option).toBe('allowPathsOutsideFolder');
    expect(resolveManifestPath('models/a/model.json', '../b/w.bin', { allowPathsOutsideFolder: true })).toBe('models/a/../b/w.bin');
  });

  it('lets a local manifest fetch only from origins allowed by name', () => {
    expect(refusal('models/a/model.json', 'https://cdn.example/w.bin').option).toBe('allowedOrigins');
    expect(resolveManifestPath('models/a/model.json', 'https://cdn.example/w.bin', { allowedOrigins: ['https://cdn.example/'] })).toBe(
      'https://cdn.example/w.bin',
    );
  });
});
