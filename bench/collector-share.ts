/*
 * What of a callgrind dump V8's heap spent: the self costs of its collector's and allocator's
 * functions, found by name. On Express a window of requests holds part of an old-generation
 * collection or not, and its total follows where that lands rather than the route's work
 * (BENCHMARKS.md, "The decorated 200 path counted optimized"); the instructions outside these
 * functions do not. A heuristic: the names are V8's C++ (its 11.3 in Node 20), not an API, and a
 * collector function a later V8 names otherwise would count as outside. JIT code is named by
 * address in a dump, never matched, so write barriers inlined into it count as outside too.
 */

/**
 * Words of V8's heap in a function's qualified name: collections (scavenges, marking, sweeping,
 * compaction, the code and bytecode they visit or flush) and what serves them.
 */
const COLLECTOR_WORDS =
  /(?:v8::internal::|heap::base::|cppgc::)\S*?(?:Heap|Scaveng|Mark|Sweep|Evacuat|Compact|Slot|RememberedSet|FreeList|LiveObject|Worklist|Ephemeron|Pretenuring|WriteBarrier|GCTracer|MemoryChunk|MemoryAllocator|SemiSpace|NewSpace|PagedSpace|LargeObjectSpace|ArrayBufferSweeper|BodyDescriptor|Visitor|Cleaner|RelocIterator|ObjectCache|Flush|SizeFromMap|UsedInstanceSize)/;

/**
 * Whether a dump's function name is one of the collector's: read in what comes before its
 * arguments (a return type included, as callgrind writes them), with `HeapObject`, the type of
 * nearly every object V8 handles, taken out.
 */
export function isCollectorFunction(name: string): boolean {
  if (name.startsWith('Builtins_RecordWrite')) return true;
  const unnamespaced = name.replaceAll('(anonymous namespace)::', '');
  const paren = unnamespaced.indexOf('(');
  const signature = (paren < 0 ? unnamespaced : unnamespaced.slice(0, paren))
    .replaceAll('HeapObject::', 'Object::')
    .replaceAll('HeapObject', '');
  return COLLECTOR_WORDS.test(signature);
}

/**
 * The instructions a dump counted in functions `isCollector` names, by their self costs. The
 * dump's format (callgrind's, names compressed): `fn=(id) name` the first time a function is
 * named, `fn=(id)` after; a cost line, `position cost`, is the current function's own, except the
 * one after a `calls=` line, which is what the call cost in all and belongs to the callee.
 */
export function collectorInstructionsOfDump(
  text: string,
  isCollector: (name: string) => boolean = isCollectorFunction,
): number {
  const names = new Map<string, string>();
  let current = false;
  let callCost = false;
  let total = 0;
  for (const line of text.split('\n')) {
    const named = /^(c?)fn=\((\d+)\)(?: (.*))?$/.exec(line);
    if (named !== null) {
      if (named[3] !== undefined) names.set(named[2], named[3]);
      if (named[1] === '') current = isCollector(names.get(named[2]) ?? '');
      continue;
    }
    if (line.startsWith('calls=')) {
      callCost = true;
      continue;
    }
    if (!/^[+\-*\d]/.test(line)) continue;
    if (callCost) {
      callCost = false;
      continue;
    }
    if (current) total += Number(line.split(' ')[1] ?? 0);
  }
  return total;
}
