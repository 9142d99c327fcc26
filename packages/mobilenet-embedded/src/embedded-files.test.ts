import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { decodeBase64 } from './base64.js';
import { EMBEDDED_WEIGHTS_NAME, imagenetClassIndexJson, mobileNetV2Uint8Files } from './embedded-files.js';

const assets = new URL('../assets/', import.meta.url);
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('the embedded files', () => {
  it('are the model files of PROVENANCE.md, byte for byte', async () => {
    const files = await mobileNetV2Uint8Files();
    expect(Object.keys(files).sort()).toEqual(['group1-shard1of2.bin', 'group1-shard2of2.bin', 'model.json']);
    for (const [name, bytes] of Object.entries(files)) {
      expect(Buffer.from(bytes).equals(await readFile(new URL(name, assets))), name).toBe(true);
    }
    expect(sha256(files['group1-shard1of2.bin'] as Uint8Array)).toBe('be2f88877da20ecac22f9d6554e56776a9529bced8f9cb071a7b823a0cf406ec');
    expect(await mobileNetV2Uint8Files()).toBe(files);
  });

  it("holds Keras's class index: 1000 classes, 155 Shih-Tzu, 285 Egyptian_cat", async () => {
    expect(Object.keys(imagenetClassIndexJson)).toHaveLength(1000);
    expect(imagenetClassIndexJson['155']).toEqual(['n02086240', 'Shih-Tzu']);
    expect(imagenetClassIndexJson['285']).toEqual(['n02124075', 'Egyptian_cat']);
    // Serialised as Python's json.dumps does, it is Keras's file (the md5 Keras checks).
    const text = `{${Object.entries(imagenetClassIndexJson).map(([key, [id, name]]) => `"${key}": ["${id}", "${name}"]`).join(', ')}}`;
    expect(createHash('md5').update(text).digest('hex')).toBe('c2c37ea517e94d9795004a39431a14cb');
  });

  it('names the weights as @dendrite/mobilenet knows them', () => {
    expect(EMBEDDED_WEIGHTS_NAME).toBe('imagenet-uint8');
  });
});

describe('decodeBase64', () => {
  it('decodes every padding case as Node does', () => {
    for (const text of ['', 'a', 'ab', 'abc', 'abcd', '\u0000\u00ff\u0080']) {
      const encoded = Buffer.from(text, 'latin1').toString('base64');
      expect(Buffer.from(decodeBase64(encoded)).toString('latin1')).toBe(text);
    }
  });

  it('rejects text that is not base64', () => {
    expect(() => decodeBase64('abc')).toThrow(/multiple of 4/);
    expect(() => decodeBase64('ab!d')).toThrow(/'!'/);
  });
});
