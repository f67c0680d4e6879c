import { collectorInstructionsOfDump, isCollectorFunction } from '../../bench/collector-share';

// A dump as callgrind 3.19 writes one (names compressed, a call's inclusive cost after `calls=`).
const DUMP = `version: 1
creator: callgrind-3.19.0
events: Ir
fl=(1) ???
fn=(1) v8::internal::Scavenger::ScavengePage(v8::internal::MemoryChunk*)
0 1000
cfn=(2) Builtins_LoadIC
calls=1 0
0 500
fn=(2)
0 70
fn=(3) v8::internal::MarkCompactCollector::ProcessMarkingWorklist(unsigned long)
+2 300
* 5
fn=(1)
0 200
fn=(4) 0x000000000d3e9ed4
0 40
totals: 2115
`;

describe('collectorInstructionsOfDump', () => {
  it("sums the collector functions' own costs, not what their calls cost, each time a function is named again", () => {
    // 1000 + 200 (Scavenger, named twice) + 300 + 5 (MarkCompactCollector); LoadIC's 500 and 70, and JIT code's 40, are not the collector's.
    expect(collectorInstructionsOfDump(DUMP)).toBe(1505);
  });

  it('takes another test of a name', () => {
    expect(collectorInstructionsOfDump(DUMP, (name) => name === 'Builtins_LoadIC')).toBe(70);
  });
});

// Names as callgrind wrote them in the dumps of BENCHMARKS.md's counts (Node 20.20, V8 11.3).
describe('isCollectorFunction', () => {
  it.each([
    'v8::internal::Heap::CollectGarbage(v8::internal::AllocationSpace, v8::internal::GarbageCollectionReason, v8::GCCallbackFlags)',
    'void v8::internal::BodyDescriptorBase::IteratePointers<v8::internal::ScavengeVisitor>(v8::internal::HeapObject, int, int, v8::internal::ScavengeVisitor*)',
    'void v8::internal::MarkingVisitorBase<v8::internal::MainMarkingVisitor<v8::internal::MarkingState>, v8::internal::MarkingState>::ProcessStrongHeapObject<v8::internal::FullHeapObjectSlot>(v8::internal::HeapObject, v8::internal::FullHeapObjectSlot, v8::internal::HeapObject)',
    'v8::internal::Sweeper::RawSweep(v8::internal::Page*, v8::internal::FreeSpaceTreatmentMode, v8::internal::Sweeper::SweepingMode)',
    'heap::base::SlotCallbackResult v8::internal::Scavenger::ScavengeObject<v8::internal::FullHeapObjectSlot>(v8::internal::FullHeapObjectSlot, v8::internal::HeapObject)',
    'v8::internal::MarkCompactCollector::ProcessMarkingWorklist(unsigned long, v8::internal::MarkCompactCollector::MarkingWorklistProcessingMode)',
    'v8::internal::(anonymous namespace)::RememberedSetUpdatingItem::Process()',
    'v8::internal::HeapObject::SizeFromMap(v8::internal::Map) const',
    'Builtins_RecordWriteSaveFP',
  ])('names %s the collector', (name) => {
    expect(isCollectorFunction(name)).toBe(true);
  });

  it.each([
    'Builtins_KeyedLoadIC_Megamorphic',
    'v8::internal::LoadIC::Load(v8::internal::Handle<v8::internal::Object>, v8::internal::Handle<v8::internal::Name>, bool, v8::internal::Handle<v8::internal::Object>)',
    'v8::internal::LookupIterator::State v8::internal::LookupIterator::LookupInRegularHolder<false>(v8::internal::Map, v8::internal::JSReceiver)',
    'v8::internal::Handle<v8::internal::HeapObject> v8::internal::Factory::New(v8::internal::Handle<v8::internal::Map>, v8::internal::AllocationType)',
    'node::LibuvStreamWrap::OnUvRead(long, uv_buf_t const*)',
    '0x000000000d3e9ed4',
  ])('leaves %s outside', (name) => {
    expect(isCollectorFunction(name)).toBe(false);
  });
});
