/**
 * Relations and functions every program has without declaring them. Their
 * facts come from the deployment (see LANGUAGE.md, "Deployment file").
 */
import type { Attr, FnInfo } from './types.js';

export const BUILTIN_RELATIONS: ReadonlyMap<string, readonly Attr[]> = new Map<string, readonly Attr[]>([
  ['self', [{ name: 'me', type: 'loc' }]],
  ['partition_of', [{ name: 'addr', type: 'loc' }, { name: 'index', type: 'int' }, { name: 'node', type: 'loc' }]],
  ['partition_count', [{ name: 'addr', type: 'loc' }, { name: 'k', type: 'int' }]],
  ['self_partition', [{ name: 'i', type: 'int' }]],
]);

/** The attributes of the built-in relation listing a component's instances. */
export const COMPONENT_RELATION_ATTRS: readonly Attr[] = [{ name: 'addr', type: 'loc' }];

export const BUILTIN_FUNCTIONS: ReadonlyMap<string, FnInfo> = new Map([
  ['hash', { name: 'hash', params: null, result: 'int', builtin: true } satisfies FnInfo],
]);

/** Words that cannot name a relation, function or component. */
export const RESERVED_WORDS: ReadonlySet<string> = new Set(['true', 'false', '_', 'count', 'sum', 'min', 'max']);
