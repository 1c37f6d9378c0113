// jemalloc's options for the binaries that link it (arledger_allocator in CMakeLists.txt): read
// by jemalloc when it starts, before main. MALLOC_CONF in the environment still overrides them.
//
// thp:always backs jemalloc's extents with transparent huge pages (this machine, like most,
// gives them only to regions that ask: THP "madvise"). The projector's batch arenas, RocksDB's
// memtable arenas and the write batches are fresh memory for every batch or memtable, and their
// first touches were ~12% of a replay's time in page faults (perf); with huge pages a full-size
// journal replay took 10.4-10.7 s instead of 11.8-12.5 s, at ~60 MB more peak resident memory.
extern "C" {
// NOLINTNEXTLINE: the name and type jemalloc looks for.
const char* malloc_conf = "thp:always,metadata_thp:always";
}
