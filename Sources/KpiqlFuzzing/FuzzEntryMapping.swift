import Foundation
import KpiqlEngine
import KpiqlData
import KpiqlShell

extension FuzzEntry {
    /// Between the mapping file and the CSV in one `mapping` fuzz input.
    static let mappingSeparator: [UInt8] = Array("\n-----8<-----\n".utf8)

    /// A small metrics CSV for inputs that hold a mapping file only.
    static let mappingDefaultCSV = "Ref,Measure,Direction,Aim,Q1,Q2\nA1,Visits,Higher,10,8,12\nA2,Waits (days),Lower,5,6,4\n"

    /// Where the mapping fuzzer writes its CSV; the mapping file goes beside it, as the loader looks for it.
    static let mappingScratch = FileManager.default.temporaryDirectory.appendingPathComponent("kpiql-fuzz-map-\(getpid()).csv").path

    /// A mapping (sidecar) file and the CSV it describes, through the whole loader: the sidecar
    /// reader, role mapping, the long-layout pivot (Fingertips), LG Inform, then a query over
    /// what loaded. The input is `MAPPING \n-----8<-----\n CSV`, or a mapping file alone.
    public static func mapping(_ data: [UInt8]) {
        var toml = data[...], csv = Array(mappingDefaultCSV.utf8)[...]
        if let r = firstRange(of: mappingSeparator, in: data) {
            toml = data[..<r.lowerBound]
            csv = data[r.upperBound...]
        }
        let sidecar = mappingScratch + ".kpiql.toml"
        guard (try? Data(toml).write(to: URL(fileURLWithPath: sidecar))) != nil,
              (try? Data(csv).write(to: URL(fileURLWithPath: mappingScratch))) != nil else { return }
        do {
            let loaded = try Loader.load(path: mappingScratch, name: "fuzz")
            _ = loaded.report
            let workspace = Workspace()
            workspace.add(loaded.table)
            if let r = try? workspace.engine.run("from fuzz limit 20") { _ = ResultFormatter.render(r, FormatOptions()) }
        } catch {
            _ = DiagnosticRenderer().render(error)
        }
    }

    static func firstRange(of needle: [UInt8], in hay: [UInt8]) -> Range<Int>? {
        guard needle.count <= hay.count else { return nil }
        for i in 0...(hay.count - needle.count) where hay[i] == needle[0] && Array(hay[i..<(i + needle.count)]) == needle {
            return i..<(i + needle.count)
        }
        return nil
    }
}
