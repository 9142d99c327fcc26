// What every public name's documentation must hold, checked on typedoc's JSON output (typedoc itself
// checks that names are documented, not that they have examples, parameters or return values).

/** The parts of typedoc's JSON model these rules read. */
export interface DocComment {
  readonly summary?: readonly { readonly text: string }[];
  readonly blockTags?: readonly { readonly tag: string }[];
}

export interface DocType {
  readonly type: string;
  readonly name?: string;
  readonly typeArguments?: readonly DocType[];
}

export interface DocReflection {
  readonly id: number;
  readonly name: string;
  readonly kind: number;
  readonly flags?: { readonly isPrivate?: boolean; readonly isProtected?: boolean };
  readonly comment?: DocComment;
  readonly inheritedFrom?: unknown;
  readonly children?: readonly DocReflection[];
  readonly signatures?: readonly DocReflection[];
  readonly getSignature?: DocReflection;
  readonly parameters?: readonly DocReflection[];
  readonly type?: DocType;
  readonly categories?: readonly { readonly title: string; readonly children: readonly number[] }[];
}

/** typedoc's ReflectionKind values used here. */
export const Kind = { Function: 64, Class: 128, Interface: 256, Constructor: 512, Method: 2048, ConstructorSignature: 16384 } as const;

/** The categories the API documentation is grouped by. */
export const apiCategories = ['Models', 'Training', 'Data', 'Images', 'Weights', 'Platform', 'Errors'] as const;

const text = (comment: DocComment | undefined): string => (comment?.summary ?? []).map((part) => part.text).join('').trim();
const hasTag = (comment: DocComment | undefined, tag: string): boolean => comment?.blockTags?.some((block) => block.tag === tag) ?? false;

/** Whether a signature returns nothing worth describing: void, undefined, unknown or a promise of those. */
function returnsNothing(type: DocType | undefined): boolean {
  if (type === undefined) return true;
  if (type.type === 'intrinsic') return type.name === 'void' || type.name === 'undefined' || type.name === 'unknown';
  return type.type === 'reference' && type.name === 'Promise' && returnsNothing(type.typeArguments?.[0]);
}

function checkSignature(where: string, signature: DocReflection, fallback: DocComment | undefined, problems: string[]): void {
  const comment = signature.comment ?? fallback;
  if (signature.kind !== Kind.ConstructorSignature && text(comment) === '') problems.push(`${where}: no summary`);
  for (const parameter of signature.parameters ?? []) {
    if (text(parameter.comment) === '') problems.push(`${where}: parameter '${parameter.name}' has no @param description`);
  }
  if (signature.kind !== Kind.ConstructorSignature && !returnsNothing(signature.type) && !hasTag(comment, '@returns')) {
    problems.push(`${where}: no @returns`);
  }
}

function checkMembers(where: string, declaration: DocReflection, problems: string[]): void {
  for (const member of declaration.children ?? []) {
    if (member.inheritedFrom !== undefined || member.flags?.isPrivate === true || member.flags?.isProtected === true) continue;
    const name = `${where}.${member.name}`;
    if (member.kind === Kind.Constructor || member.kind === Kind.Method) {
      for (const signature of member.signatures ?? []) checkSignature(name, signature, member.comment, problems);
    } else if (text(member.comment) === '' && text(member.getSignature?.comment) === '' && text(member.signatures?.[0]?.comment) === '') {
      problems.push(`${name}: no summary`);
    }
  }
}

/**
 * Every problem with the documentation of the packages in a typedoc JSON project: each exported name
 * needs a summary and one of {@link apiCategories}, functions and classes an `@example` too; functions and methods need every
 * parameter described and `@returns` when they return something; members need a summary.
 */
export function apiDocProblems(project: DocReflection): string[] {
  const problems: string[] = [];
  for (const module of project.children ?? []) {
    const categoryOf = new Map<number, string>();
    for (const category of module.categories ?? []) for (const id of category.children) categoryOf.set(id, category.title);
    for (const declaration of module.children ?? []) {
      const where = `${module.name}: ${declaration.name}`;
      const comment = declaration.comment ?? declaration.signatures?.[0]?.comment;
      if (text(comment) === '') problems.push(`${where}: no summary`);
      // Examples teach what to call: functions and classes carry one; a type's example would only restate it.
      const callable = declaration.kind === Kind.Function || declaration.kind === Kind.Class;
      if (callable && !hasTag(comment, '@example')) problems.push(`${where}: no @example`);
      const category = categoryOf.get(declaration.id);
      if (category === undefined) problems.push(`${where}: no @category`);
      else if (!(apiCategories as readonly string[]).includes(category)) problems.push(`${where}: category '${category}' is not one of ${apiCategories.join(', ')}`);
      if (declaration.kind === Kind.Function) {
        for (const signature of declaration.signatures ?? []) checkSignature(where, signature, comment, problems);
      }
      if (declaration.kind === Kind.Class || declaration.kind === Kind.Interface) checkMembers(where, declaration, problems);
    }
  }
  return problems;
}
