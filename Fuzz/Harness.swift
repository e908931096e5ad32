import Foundation
import KpiqlFuzzing

// libFuzzer harness, linked by `make fuzz` (Fuzz/run.sh) with the modules kpiql is built from.
// One binary serves every target; KPIQL_FUZZ_TARGET picks one (query, csv, saved, scanner, mapping).
let fuzzTarget = ProcessInfo.processInfo.environment["KPIQL_FUZZ_TARGET"] ?? "query"

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    switch fuzzTarget {
    case "csv": FuzzEntry.csv(bytes)
    case "saved": FuzzEntry.savedQuery(bytes)
    case "scanner": FuzzEntry.scanner(bytes)
    case "mapping": FuzzEntry.mapping(bytes)
    default: FuzzEntry.query(bytes)
    }
    return 0
}
