import { binary, compile, group, operator, parse, token, unary, type AST, type Evaluator } from 'subscript';

/**
 * Argo Rollouts' success and failure conditions are written in expr-lang (github.com/expr-lang/expr).
 * No JavaScript port of expr exists, so greenlight evaluates them with subscript, a maintained
 * Pratt parser and evaluator built to host dialects: its C-family preset already reads `a[0]`,
 * `f(x)`, `< <= > >= == !=`, `&& || !` and arithmetic, and the few expr forms Argo users write
 * that C does not have are registered through subscript's own extension API below (a word
 * operator is a `binary`/`unary` shape, a closure a `group`). Nothing here tokenises or parses
 * text by hand.
 *
 * What differs from expr, so that a condition means what Argo makes of it:
 * - `result[i]` outside the array is an error (expr: "index out of range"), as is an unknown
 *   name (expr: "unknown name"); Argo counts an error as an Error measurement, not a Failure.
 * - `==` and `!=` compare without coercion.
 * - A condition must give a boolean (Argo: "expected bool").
 * Not supported (refused when the condition is parsed, with the field named): expr's `matches`,
 * `contains`, `in`, slices `a[1:3]`, pipes `|`, the ternary `?:` and `??`, and predicates that
 * use `.field` shorthand on structured results (Prometheus results are plain numbers).
 */

// Precedences as subscript's C-family preset registers them (feature/op/logical.js).
const LOGICAL_OR = 30;
const LOGICAL_AND = 40;
const PREFIX = 140;
const CLOSURE = 200;
const ELEMENT = '#';

binary('or', LOGICAL_OR);
binary('and', LOGICAL_AND);
unary('not', PREFIX);
// expr's predicate closure `{# < 0.05}` and the element `#` it is called with.
group('{}', CLOSURE);
token(ELEMENT, CLOSURE, (a) => (a ? undefined : [ELEMENT]) as AST);

type Context = Record<string, unknown>;

for (const word of ['or', '||']) operator(word, (a, b) => logical(a, b, true));
for (const word of ['and', '&&']) operator(word, (a, b) => logical(a, b, false));
for (const word of ['not', '!']) {
  operator(word, (a) => {
    const operand = compile(a);
    return (ctx: Context) => !truth(operand(ctx), word);
  });
}
operator('{}', (body) => {
  const predicate = compile(body);
  return (ctx: Context) => (element: unknown) => predicate({ ...ctx, [ELEMENT]: element });
});
operator(ELEMENT, () => (ctx: Context) => {
  if (!(ELEMENT in ctx)) throw new Error('# is only defined inside a predicate {…}');
  return ctx[ELEMENT];
});
operator('==', (a, b) => binaryOf(a, b, (x, y) => x === y));
operator('!=', (a, b) => binaryOf(a, b, (x, y) => x !== y));
operator('[]', (a, b) => {
  if (b === undefined || b === null) return undefined;
  const target = compile(a);
  const index = compile(b);
  return (ctx: Context) => elementAt(target(ctx), index(ctx));
});

// expr refuses names the environment does not define; so does greenlight.
compile.id = (name) =>
  name === undefined
    ? () => undefined
    : (ctx: Context) => {
        if (!Object.hasOwn(ctx, name)) throw new Error(`unknown name ${name}`);
        return ctx[name];
      };

/** `or` stops at the first true operand, `and` at the first false one; both take booleans only. */
function logical(a: AST, b: AST, stopsAt: boolean): Evaluator {
  const left = compile(a);
  const right = compile(b);
  return (ctx: Context) => {
    const first = truth(left(ctx), stopsAt ? 'or' : 'and');
    return first === stopsAt ? first : truth(right(ctx), stopsAt ? 'or' : 'and');
  };
}

function binaryOf(a: AST, b: AST, apply: (x: unknown, y: unknown) => boolean): Evaluator {
  const left = compile(a);
  const right = compile(b);
  return (ctx: Context) => apply(left(ctx), right(ctx));
}

function truth(value: unknown, operator: string): boolean {
  if (typeof value !== 'boolean') throw new Error(`${operator} expects booleans, got ${describe(value)}`);
  return value;
}

function elementAt(target: unknown, index: unknown): unknown {
  if (Array.isArray(target)) {
    if (typeof index !== 'number' || !Number.isInteger(index)) throw new Error(`array index ${String(index)}`);
    const at = index < 0 ? target.length + index : index;
    if (at < 0 || at >= target.length) throw new Error(`index out of range: ${index} (len ${target.length})`);
    return target[at] as unknown;
  }
  if (target !== null && typeof target === 'object' && typeof index === 'string' && Object.hasOwn(target, index)) {
    return (target as Record<string, unknown>)[index];
  }
  throw new Error(`cannot index ${describe(target)} with ${String(index)}`);
}

function describe(value: unknown): string {
  if (value === undefined || value === null) return 'nil';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}

/** A compiled condition: true or false for a measurement's `result`, or an error. */
export type Condition = (result: unknown) => boolean;

/**
 * Compiles an Argo condition. Throws a SyntaxError (from subscript) when the text does not
 * parse, or an Error naming the unsupported operator.
 */
export function compileCondition(text: string): Condition {
  const evaluate = compile(parse(text));
  return (result) => {
    const value: unknown = evaluate(environment(result));
    if (typeof value !== 'boolean') throw new Error(`expected bool, but got ${describe(value)}`);
    return value;
  };
}

/** Argo's own functions (utils/evaluate/evaluate.go) and expr's builtins that conditions use. */
function environment(result: unknown): Context {
  const list = (value: unknown, name: string): unknown[] => {
    if (!Array.isArray(value)) throw new Error(`${name}() expects an array, got ${describe(value)}`);
    return value;
  };
  const test = (predicate: unknown, element: unknown): boolean => {
    if (typeof predicate !== 'function') throw new Error('expected a predicate {…}');
    return truth((predicate as (x: unknown) => unknown)(element), 'predicate');
  };
  const number = (value: unknown, name: string): number => {
    if (typeof value !== 'number') throw new Error(`${name}() expects a number, got ${describe(value)}`);
    return value;
  };
  return {
    result,
    isNaN: (value: unknown) => Number.isNaN(number(value, 'isNaN')),
    isInf: (value: unknown) => {
      const n = number(value, 'isInf');
      return n === Infinity || n === -Infinity;
    },
    isNil: () => result === null || result === undefined,
    default: (_value: unknown, fallback: unknown) => (result === null || result === undefined ? fallback : result),
    asInt: (value: unknown) => Math.trunc(typeof value === 'string' ? Number(value) : number(value, 'asInt')),
    asFloat: (value: unknown) => (typeof value === 'string' ? Number(value) : number(value, 'asFloat')),
    len: (value: unknown) => {
      if (typeof value === 'string') return value.length;
      return list(value, 'len').length;
    },
    all: (items: unknown, predicate: unknown) => list(items, 'all').every((x) => test(predicate, x)),
    any: (items: unknown, predicate: unknown) => list(items, 'any').some((x) => test(predicate, x)),
    none: (items: unknown, predicate: unknown) => !list(items, 'none').some((x) => test(predicate, x)),
    one: (items: unknown, predicate: unknown) => list(items, 'one').filter((x) => test(predicate, x)).length === 1,
    count: (items: unknown, predicate: unknown) => list(items, 'count').filter((x) => test(predicate, x)).length,
    filter: (items: unknown, predicate: unknown) => list(items, 'filter').filter((x) => test(predicate, x)),
    map: (items: unknown, mapper: unknown) =>
      list(items, 'map').map((x) => (typeof mapper === 'function' ? (mapper as (y: unknown) => unknown)(x) : x)),
    abs: (value: unknown) => Math.abs(number(value, 'abs')),
    int: (value: unknown) => Math.trunc(number(value, 'int')),
    float: (value: unknown) => number(value, 'float'),
    max: (...values: unknown[]) => Math.max(...values.flat().map((v) => number(v, 'max'))),
    min: (...values: unknown[]) => Math.min(...values.flat().map((v) => number(v, 'min'))),
    sum: (items: unknown) => list(items, 'sum').reduce((total: number, v) => total + number(v, 'sum'), 0),
  };
}
