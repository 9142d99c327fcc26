/** Keras config class names of layers that are whole models nested inside another model. */
export const modelClassNames: ReadonlySet<string> = new Set(['Sequential', 'Functional', 'Model']);

/**
 * Strips what HDF5 and TensorFlow add to a stored weight name: NUL padding of fixed-length strings
 * and the `:0` output slot (`Conv1/kernel:0` -> `Conv1/kernel`).
 *
 * @internal
 * @param stored - a name from a `weight_names` attribute
 * @returns the variable name
 */
export function variableName(stored: string): string {
  return stored.replace(/\0+$/, '').replace(/:\d+$/, '');
}

/**
 * Whether a top-level layer group holds a nested model's weights rather than one layer's. The
 * model config says so when the file has one; otherwise its weights belong to two or more inner
 * layers (`Conv1/kernel`, `bn_Conv1/gamma`, ... under `sequential_9`).
 *
 * @internal
 * @param layer - the top-level layer's name
 * @param names - its variable names, as {@link variableName} gives them
 * @param className - its class in the model config, when the file has one
 */
export function isNestedModel(layer: string, names: readonly string[], className: string | undefined): boolean {
  if (className !== undefined) return modelClassNames.has(className);
  const owners = new Set<string>();
  for (const name of names) {
    const inner = innerParts(layer, name);
    if (inner.length >= 2 && inner[0] !== undefined) owners.add(inner[0]);
  }
  return owners.size > 1;
}

/** The parts of `name` after the scopes that enclose `layer` and `layer` itself. */
function innerParts(layer: string, name: string): string[] {
  const parts = name.split('/');
  const at = parts.indexOf(layer);
  return at < 0 ? parts : parts.slice(at + 1);
}

/**
 * The key a weight gets in the map `readKerasH5Weights` returns: `<layer name>/<weight name>`, the
 * name TensorFlow.js gives the same variable.
 *
 * - Keras 2 names weights `Conv1/kernel:0`: the key is `Conv1/kernel`.
 * - A bare name (`kernel`) gets the layer's name in front: `dense/kernel`.
 * - Keras 3 names them by path, with the scopes of enclosing models (`sequential/dense/kernel`):
 *   those scopes are dropped, giving `dense/kernel`.
 * - In a nested model the inner layer names are kept (`Conv1/kernel` under `sequential_9`), and a
 *   leading scope naming the nested model itself is dropped (`sequential_9/Conv1/kernel` ->
 *   `Conv1/kernel`).
 *
 * @internal
 * @param layer - the top-level layer group the weight is stored under
 * @param name - the variable name, as {@link variableName} gives it
 * @param nested - whether `layer` is a nested model ({@link isNestedModel})
 * @returns the key
 */
export function weightKey(layer: string, name: string, nested: boolean): string {
  if (!name.includes('/')) return `${layer}/${name}`;
  if (!name.split('/').includes(layer)) return name;
  const inner = innerParts(layer, name);
  if (nested && inner.length >= 2) return inner.join('/');
  return [layer, ...inner].join('/');
}
