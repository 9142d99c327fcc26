import { createHash } from 'node:crypto';
import { ChecksumMismatchError, InvalidDataError, setPlatform } from '@dendrite/core';
import { clearPlatform } from '@dendrite/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import {
  KERAS_IMAGENET_CLASS_INDEX_URL,
  forgetImageNetClassIndexes,
  loadImageNetClassIndex,
  parseImageNetClassIndex,
} from './imagenet-class-index.js';
import { createFilePlatform, memoryFiles } from './testing/file-platform.js';

function fakeIndex(count = 1000): Record<string, [string, string]> {
  const entries: Record<string, [string, string]> = {};
  for (let i = 0; i < count; i++) entries[String(i)] = [`n${String(i).padStart(8, '0')}`, `class_${i}`];
  return entries;
}

afterEach(() => {
  clearPlatform();
  forgetImageNetClassIndexes();
});

describe('parseImageNetClassIndex', () => {
  it('turns Keras\'s form into 1000 classes in index order', () => {
    const classes = parseImageNetClassIndex(fakeIndex(), 'test');
    expect(classes).toHaveLength(1000);
    expect(classes[999]).toEqual({ classIndex: 999, wordnetId: 'n00000999', className: 'class_999' });
  });

  it('rejects anything else, saying what is wrong', () => {
    const missing = fakeIndex();
    delete missing['500'];
    missing['1000'] = ['n1', 'extra'];
    const malformed: Record<string, unknown> = fakeIndex();
    malformed['7'] = ['n00000007'];
    const cases: Array<[unknown, RegExp]> = [
      [[], /not a JSON object/],
      [fakeIndex(999), /has 999 entries but ImageNet has 1000/],
      [missing, /no entry "500"/],
      [malformed, /entry "7" is \["n00000007"\]/],
    ];
    for (const [json, message] of cases) {
      expect(() => parseImageNetClassIndex(json, 'labels.json')).toThrow(InvalidDataError);
      expect(() => parseImageNetClassIndex(json, 'labels.json')).toThrow(message);
    }
  });
});

describe('loadImageNetClassIndex', () => {
  it('reads through the platform once per source', async () => {
    const platform = createFilePlatform({ readFile: memoryFiles({ 'labels.json': JSON.stringify(fakeIndex()) }) });
    setPlatform(platform);
    const first = await loadImageNetClassIndex('labels.json');
    const second = await loadImageNetClassIndex('labels.json');
    expect(second).toBe(first);
    expect(platform.reads).toEqual(['labels.json']);
  });

  it('forgets failures so that a later call can succeed', async () => {
    const files: Record<string, string> = { 'labels.json': '{"0": ' };
    const platform = createFilePlatform({ readFile: memoryFiles(files) });
    setPlatform(platform);
    await expect(loadImageNetClassIndex('labels.json')).rejects.toThrow(/not valid JSON/);
    files['labels.json'] = JSON.stringify(fakeIndex());
    expect(await loadImageNetClassIndex('labels.json')).toHaveLength(1000);
  });

  it('downloads any other URL once into the cache, and keeps no download that is not a class index', async () => {
    const files: Record<string, string> = { 'https://host/labels.json': '{"0": ' };
    const platform = createFilePlatform({ readFile: memoryFiles(files) });
    setPlatform(platform);
    await expect(loadImageNetClassIndex('https://host/labels.json')).rejects.toThrow(/not valid JSON/);
    expect(platform.stored.size).toBe(0);
    files['https://host/labels.json'] = JSON.stringify(fakeIndex());
    expect(await loadImageNetClassIndex(new URL('https://host/labels.json'))).toHaveLength(1000);
    forgetImageNetClassIndexes();
    expect(await loadImageNetClassIndex('https://host/labels.json')).toHaveLength(1000);
    expect(platform.reads).toEqual(['https://host/labels.json', 'https://host/labels.json']);
    expect([...platform.stored.keys()]).toEqual(['imagenet/https://host/labels.json']);
  });

  it("downloads Keras's file by default, checking its sha256 before caching it", async () => {
    const sha256 = async (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
    const platform = createFilePlatform({ readFile: memoryFiles({ [KERAS_IMAGENET_CLASS_INDEX_URL]: JSON.stringify(fakeIndex()) }), sha256 });
    setPlatform(platform);
    await expect(loadImageNetClassIndex()).rejects.toThrow(ChecksumMismatchError);
    expect(platform.reads).toEqual([KERAS_IMAGENET_CLASS_INDEX_URL]);
    expect(platform.stored.size).toBe(0);
  });
});
