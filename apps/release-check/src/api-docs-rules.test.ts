import { describe, expect, it } from 'vitest';
import { apiDocProblems, type DocReflection, Kind } from './api-docs-rules.js';

const summary = (words: string) => ({ summary: [{ text: words }] });
const tags = (...names: string[]) => names.map((tag) => ({ tag }));

function project(declaration: DocReflection, category = 'Models'): DocReflection {
  return {
    id: 0,
    name: 'project',
    kind: 1,
    children: [{ id: 1, name: '@x/pkg', kind: 2, children: [declaration], categories: [{ title: category, children: [declaration.id] }] }],
  };
}

const documentedFunction: DocReflection = {
  id: 10,
  name: 'double',
  kind: Kind.Function,
  signatures: [
    {
      id: 11,
      name: 'double',
      kind: 4096,
      comment: { ...summary('Doubles a number.'), blockTags: tags('@returns', '@example') },
      parameters: [{ id: 12, name: 'value', kind: 32768, comment: summary('the number') }],
      type: { type: 'intrinsic', name: 'number' },
    },
  ],
};

describe('apiDocProblems', () => {
  it('accepts a function with a summary, parameters, @returns, @example and a known category', () => {
    expect(apiDocProblems(project(documentedFunction))).toEqual([]);
  });

  it('reports a missing @example, @returns, parameter description and an unknown category', () => {
    const [signature] = documentedFunction.signatures ?? [];
    const bare: DocReflection = {
      ...documentedFunction,
      signatures: [{ ...signature!, comment: summary('Doubles a number.'), parameters: [{ id: 12, name: 'value', kind: 32768 }] }],
    };
    expect(apiDocProblems(project(bare, 'Misc'))).toEqual([
      '@x/pkg: double: no @example',
      "@x/pkg: double: category 'Misc' is not one of Models, Training, Data, Images, Weights, Platform, Errors",
      "@x/pkg: double: parameter 'value' has no @param description",
      '@x/pkg: double: no @returns',
    ]);
  });

  it('needs no @returns for void or Promise<void>, and checks interface members and methods', () => {
    const iface: DocReflection = {
      id: 20,
      name: 'Thing',
      kind: Kind.Interface,
      comment: { ...summary('A thing.'), blockTags: tags('@example') },
      children: [
        { id: 21, name: 'size', kind: 1024 },
        {
          id: 22,
          name: 'close',
          kind: Kind.Method,
          signatures: [
            {
              id: 23,
              name: 'close',
              kind: 4096,
              comment: summary('Closes it.'),
              type: { type: 'reference', name: 'Promise', typeArguments: [{ type: 'intrinsic', name: 'void' }] },
            },
          ],
        },
      ],
    };
    expect(apiDocProblems(project(iface))).toEqual(['@x/pkg: Thing.size: no summary']);
  });
});
