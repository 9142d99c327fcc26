// A vitest reporter that counts every test that did not pass as not passed, and writes the counts for
// scripts/run-tests.mjs (to the file named by DENDRITE_TEST_SUMMARY). vitest's own counts let a failing
// hook, a crashed worker or a file that never ran read as "skipped" or vanish; here:
// - a test whose beforeAll/afterAll (of its file or any enclosing describe) failed counts as failed,
//   by name, with the hook's error; beforeEach/afterEach failures already fail their test;
// - a test that never finished (its worker was killed, or the run stopped) counts as failed;
// - a file that failed to load, or was planned and never reported, counts as one failed;
// - every unhandled error counts as one failed;
// - a skipped test counts as skipped and its reason is printed (the skip note, or the "(skipped: ...)"
//   its name carries); when Chromium is absent, @dendrite/web's browser tests are listed without
//   running them and counted as skipped with that reason.
import { readdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { findChromium } from './find-chromium.mjs';

const browserProjectName = 'web-browser';

/** The errors of the hooks (beforeAll/afterAll) that guard `test`: those of every enclosing suite and its file. */
function guardErrors(test) {
  const errors = [];
  for (let parent = test.parent; parent; parent = parent.type === 'module' ? undefined : parent.parent) {
    errors.push(...parent.errors());
  }
  return errors;
}

function firstLine(error) {
  return String(error?.message ?? error).split('\n')[0];
}

/** The reason a skipped test gives: its skip note, or the "(skipped: ...)" in its own or a suite's name. */
function skipReason(test) {
  const note = test.result().note;
  if (note) return note;
  const named = /\((?:skipped: |needs )([^)]*)\)/.exec(test.fullName);
  if (named) return named[1];
  if (test.options.mode === 'todo') return 'todo';
  return 'no reason given';
}

export default class SummaryReporter {
  vitest;
  planned = new Set();

  onInit(vitest) {
    this.vitest = vitest;
  }

  onTestRunStart(specifications) {
    for (const specification of specifications) this.planned.add(specification.moduleId);
  }

  async onTestRunEnd(testModules, unhandledErrors, reason) {
    const root = this.vitest?.config.root ?? process.cwd();
    const where = (file) => relative(root, file);
    const notPassed = [];
    const skipped = [];
    let passed = 0;

    for (const module of testModules) {
      this.planned.delete(module.moduleId);
      const tests = [...module.children.allTests()];
      const moduleErrors = module.errors();
      if (tests.length === 0) {
        if (moduleErrors.length > 0) notPassed.push(`${where(module.moduleId)}: did not load: ${firstLine(moduleErrors[0])}`);
        else if (module.state() !== 'passed' && module.state() !== 'skipped') notPassed.push(`${where(module.moduleId)}: did not run`);
        continue;
      }
      for (const test of tests) {
        const name = `${where(module.moduleId)} > ${test.fullName}`;
        const result = test.result();
        const guards = guardErrors(test);
        if (result.state === 'failed') {
          notPassed.push(`${name}: ${firstLine(result.errors?.[0] ?? 'failed')}`);
        } else if (result.state === 'pending') {
          notPassed.push(`${name}: did not finish (its worker died, or the run was stopped)`);
        } else if (guards.length > 0 && !(result.state === 'skipped' && test.options.mode !== 'run')) {
          notPassed.push(`${name}: a beforeAll/afterAll hook guarding it failed: ${firstLine(guards[0])}`);
        } else if (result.state === 'skipped') {
          skipped.push({ name, reason: skipReason(test) });
        } else {
          passed += 1;
        }
      }
    }
    for (const moduleId of this.planned) notPassed.push(`${where(moduleId)}: never reported (the run ended ${reason === 'passed' ? 'early' : `as ${reason}`})`);
    for (const error of unhandledErrors) notPassed.push(`unhandled error: ${firstLine(error)}`);
    skipped.push(...(await this.browserTestsNotRun()).map((entry) => ({ name: `${where(entry.file)} > ${entry.test}`, reason: entry.reason })));

    printSkipped(skipped);
    if (notPassed.length > 0) {
      console.log(`\nNot passed (${notPassed.length}):`);
      for (const line of notPassed) console.log(`  ✗ ${line}`);
    }
    const summaryFile = process.env.DENDRITE_TEST_SUMMARY;
    if (summaryFile) {
      writeFileSync(summaryFile, JSON.stringify({ passed, failed: notPassed.length, skipped: skipped.length, notPassed, skippedTests: skipped }));
    }
  }

  /** @dendrite/web's browser tests, listed without running, when its project is in the run but Chromium is absent. */
  async browserTestsNotRun() {
    const project = this.vitest?.projects.find((candidate) => candidate.name === browserProjectName);
    if (!project) return [];
    const chromium = findChromium();
    if (chromium.path) return [];
    const filters = JSON.parse(process.env.DENDRITE_TEST_FILTERS ?? '[]');
    const source = join(project.config.root, 'src');
    const files = readdirSync(source, { recursive: true })
      .map((file) => join(source, String(file)))
      .filter((file) => file.endsWith('.browser.test.ts'))
      .filter((file) => filters.length === 0 || filters.some((filter) => file.includes(filter)));
    const modules = await this.vitest.experimental_parseSpecifications(files.map((file) => project.createSpecification(file)));
    return modules.flatMap((module) =>
      [...module.children.allTests()].map((test) => ({ file: module.moduleId, test: test.fullName, reason: chromium.reason })),
    );
  }
}

function printSkipped(skipped) {
  if (skipped.length === 0) return;
  const byReason = new Map();
  for (const { name, reason } of skipped) byReason.set(reason, [...(byReason.get(reason) ?? []), name]);
  console.log(`\nSkipped (${skipped.length}):`);
  for (const [reason, names] of byReason) {
    console.log(`  ${names.length} skipped: ${reason}`);
    if (reason === 'no reason given' || names.length <= 3) for (const name of names) console.log(`    - ${name}`);
  }
}
