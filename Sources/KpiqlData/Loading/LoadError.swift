import Foundation
import KpiqlEngine

/// Factories for the loader's diagnostics (codes K41x–K43x). Every one says FILE:LINE:COL and
/// what to do instead; where there is a line to show, it is shown with a caret under the place.
enum LoadError {
    /// A diagnostic at a place in a data file, showing the line and a caret `width` characters wide.
    ///
    /// `column` is a 1-based byte column into `lineText`; the renderer turns it into characters.
    static func at(_ file: String, line: Int, column: Int, lineText: String?, width: Int = 1, _ message: String,
                   hints: [String] = [], code: String = "K410") -> Diagnostic {
        guard let lineText else {
            return Diagnostic(.data, code: code, message, source: SourceFile(name: "\(file):\(line):\(column)", text: ""), hints: hints)
        }
        let start = max(0, min(column - 1, lineText.utf8.count))
        return Diagnostic(.data, code: code, message, span: SourceSpan(start, start + max(1, width)),
                          source: SourceFile(name: file, text: lineText, firstLine: line), hints: hints)
    }

    /// A problem with the file as a whole, placed at its start.
    static func file(_ file: String, _ message: String, hints: [String] = [], code: String) -> Diagnostic {
        Diagnostic(.data, code: code, message, source: SourceFile(name: "\(file):1:1", text: ""), hints: hints)
    }

    static func cannotRead(_ path: String, reason: String) -> Diagnostic {
        Diagnostic(.io, code: "K411", "cannot read \(path): \(reason)",
                   hints: ["check the path (relative paths start from the folder kpiql was started in) and that the file is readable"])
    }

    static func empty(_ path: String) -> Diagnostic {
        file(path, "the file is empty: expected a header row and rows of data",
             hints: ["export the table again; a CSV file starts with a row of column headings"], code: "K412")
    }

    static func headerOnly(_ path: String, headerLine: Int, columns: Int) -> Diagnostic {
        at(path, line: headerLine, column: 1, lineText: nil,
           "the file has a header row (\(columns) column\(columns == 1 ? "" : "s")) but no rows of data: nothing to load",
           hints: ["export the table again with its rows; a filter in the spreadsheet may have hidden them"], code: "K413")
    }

    static func tooLarge(_ path: String, size: Int64, limit: Int64, reason: String) -> Diagnostic {
        file(path, "the file is \(bytes(size)), more than \(reason) (\(bytes(limit))): refusing to load it rather than run out of memory",
             hints: ["kpiql keeps tables in memory; load a smaller extract (fewer columns or years), or raise the limit with .set max_load_mb N"],
             code: "K414")
    }

    static func workbook(_ path: String, kind: String) -> Diagnostic {
        file(path, "this is \(kind), not a CSV file",
             hints: ["in Excel use File › Save As › \"CSV UTF-8 (Comma delimited)\", then load the .csv"], code: "K415")
    }

    static func utf16(_ path: String) -> Diagnostic {
        file(path, "the file is UTF-16 text (Excel's \"Unicode Text\"), which kpiql does not read",
             hints: ["in Excel use File › Save As › \"CSV UTF-8 (Comma delimited)\"; or convert it: iconv -f UTF-16 -t UTF-8 FILE > FILE.csv"],
             code: "K416")
    }

    static func binary(_ path: String, line: Int, column: Int) -> Diagnostic {
        at(path, line: line, column: column, lineText: nil, "the file contains a NUL byte: it is not text (a binary file or UTF-16)",
           hints: ["load a CSV or TSV export; in Excel use File › Save As › \"CSV UTF-8 (Comma delimited)\""], code: "K416")
    }

    static func mixedEncoding(_ path: String, line: Int, column: Int, lineText: String, byte: UInt8, firstUTF8Line: Int) -> Diagnostic {
        at(path, line: line, column: column, lineText: lineText,
           "byte 0x\(hex(byte)) is not UTF-8, but line \(firstUTF8Line) is UTF-8: the file mixes two encodings",
           hints: ["the file was probably pasted together from two exports; save it again from one program as \"CSV UTF-8\""],
           code: "K417")
    }

    static func undefinedWindows1252(_ path: String, line: Int, column: Int, lineText: String, byte: UInt8) -> Diagnostic {
        at(path, line: line, column: column, lineText: lineText,
           "byte 0x\(hex(byte)) is neither UTF-8 nor Windows-1252 text: the file's encoding is not one kpiql reads",
           hints: ["save the file again as \"CSV UTF-8\", or convert it: iconv -f ENCODING -t UTF-8 FILE > FILE.csv"], code: "K417")
    }

    static func ragged(_ path: String, line: Int, column: Int, lineText: String, fields: Int, expected: Int, headerLine: Int,
                       delimiter: UInt8) -> Diagnostic {
        let few = fields < expected
        let d = delimiter == 0x09 ? "a tab" : "'\(Character(UnicodeScalar(delimiter)))'"
        return at(path, line: line, column: column, lineText: lineText,
                  "this row has \(fields) field\(fields == 1 ? "" : "s") but the header (line \(headerLine)) has \(expected)",
                  hints: [few ? "add the missing fields (empty ones are fine), or quote a field that holds a line break"
                              : "put a field that contains \(d) in quotes (\"Assessments, %\"), or remove the extra fields"],
                  code: "K418")
    }

    static func hex(_ b: UInt8) -> String {
        let s = String(b, radix: 16, uppercase: true)
        return s.count == 1 ? "0" + s : s
    }

    /// 1.2 GB, 340 MB, 12 KB: sizes for messages.
    static func bytes(_ n: Int64) -> String {
        let units: [(Double, String)] = [(1_073_741_824, "GB"), (1_048_576, "MB"), (1024, "KB")]
        for (scale, unit) in units where Double(n) >= scale {
            let v = Double(n) / scale
            return (v >= 100 ? String(Int(v.rounded())) : String(format: "%.1f", v)) + " " + unit
        }
        return "\(n) bytes"
    }
}
