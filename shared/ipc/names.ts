/**
 * How contract channel names become preload API names. Kept apart from ./contract (which pulls in
 * zod) so the sandboxed preload can use it: a sandboxed preload cannot require packages.
 */

/** Main → renderer event channels (the payloads are typed in ./contract's EventPayloads). */
export const EVENT_CHANNEL_NAMES = ['job:progress', 'job:done', 'job:failed'] as const;

type Camel<S extends string> = S extends `${infer A}-${infer B}` ? `${A}${Camel<Capitalize<B>>}` : S;
/** `settings:get` → `settingsGet`, `package:checkSignature` → `packageCheckSignature`. */
export type ApiMethodName<C extends string> = C extends `${infer D}:${infer V}` ? Camel<`${D}${Capitalize<V>}`> : never;
/** `job:progress` → `onJobProgress`. */
export type ApiEventName<C extends string> = C extends `${infer D}:${infer V}` ? Camel<`on${Capitalize<D>}${Capitalize<V>}`> : never;

const camel = (s: string) => s.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
/** The preload API's function name for an invoke channel. */
export function apiMethodName<C extends string>(channel: C): ApiMethodName<C> {
  const [d, v] = channel.split(':') as [string, string];
  return camel(`${d}${cap(v)}`) as ApiMethodName<C>;
}
/** The preload API's subscription name for an event channel. */
export function apiEventName<C extends string>(channel: C): ApiEventName<C> {
  const [d, v] = channel.split(':') as [string, string];
  return camel(`on${cap(d)}${cap(v)}`) as ApiEventName<C>;
}

