import { InvalidArgumentError } from '@dendrite/core';

/**
 * Checks a `classNames` option: a non-empty list of distinct, non-empty strings. Returns a copy.
 *
 * @internal
 */
export function validateClassNames(classNames: unknown): string[] {
  const fix = "Pass the class names in label order, for example classNames: ['female', 'male'].";
  if (!Array.isArray(classNames) || classNames.length === 0) {
    throw new InvalidArgumentError('classNames', 'must be a non-empty list of names', fix);
  }
  const seen = new Set<string>();
  for (const name of classNames as unknown[]) {
    if (typeof name !== 'string' || name === '') {
      throw new InvalidArgumentError('classNames', `holds ${JSON.stringify(name) ?? String(name)}, which is not a name`, fix);
    }
    if (seen.has(name)) throw new InvalidArgumentError('classNames', `names '${name}' twice`, fix);
    seen.add(name);
  }
  return [...(classNames as string[])];
}
