/// A regular expression matcher that runs in time linear in the text (a Thompson NFA run
/// as a Pike VM), for `matches`. Written by hand because backtracking engines
/// (NSRegularExpression) take exponential time on patterns such as `(a+)+$`, and a query
/// must never hang. It matches case-insensitively, as every text comparison in kpiql does.
public struct LinearRegex: Sendable {
    enum Inst: Sendable {
        case char(CharClass)
        case split(Int, Int)
        case jump(Int)
        case lineStart, lineEnd
        case accept
    }

    let program: [Inst]
    /// Limits that keep a hostile pattern from building an enormous program.
    public static let maxPatternLength = 1000
    public static let maxProgramSize = 20_000

    public init(_ pattern: String) throws(RegexError) {
        guard pattern.unicodeScalars.count <= Self.maxPatternLength else {
            throw RegexError(message: "the pattern is longer than \(Self.maxPatternLength) characters", offset: Self.maxPatternLength)
        }
        var parser = RegexParser(Array(pattern.lowercased().unicodeScalars))
        let node = try parser.parse()
        var compiler = RegexCompiler()
        try compiler.emit(node)
        compiler.program.append(.accept)
        program = compiler.program
    }

    /// Whether the pattern matches anywhere in `text`.
    public func matches(_ text: String) -> Bool {
        let input = Array(text.lowercased().unicodeScalars)
        var current: [Int] = [], next: [Int] = []
        var onList = [Int](repeating: -1, count: program.count)
        var step = 0
        // Adds a thread and follows its jumps and splits; `onList` stops loops and duplicates.
        func add(_ pc: Int, _ at: Int, _ list: inout [Int]) -> Bool {
            var stack = [pc]
            while let p = stack.popLast() {
                if onList[p] == step { continue }
                onList[p] = step
                switch program[p] {
                case .jump(let t): stack.append(t)
                case .split(let a, let b): stack.append(b); stack.append(a)
                case .lineStart: if at == 0 { stack.append(p + 1) }
                case .lineEnd: if at == input.count { stack.append(p + 1) }
                case .accept: return true
                case .char: list.append(p)
                }
            }
            return false
        }
        for i in 0...input.count {
            // An unanchored search starts a new thread at every position.
            if add(0, i, &current) { return true }
            guard i < input.count else { break }
            step += 1
            next.removeAll(keepingCapacity: true)
            for pc in current {
                if case .char(let c) = program[pc], c.contains(input[i]) {
                    if add(pc + 1, i + 1, &next) { return true }
                }
            }
            swap(&current, &next)
            if current.isEmpty && program.first.map({ if case .lineStart = $0 { return true } else { return false } }) == true { return false }
        }
        return false
    }
}

/// Why a pattern was refused, with the character offset for the caret.
public struct RegexError: Error, Sendable {
    public var message: String
    public var offset: Int
}

/// A set of characters: ranges, optionally negated.
package struct CharClass: Sendable {
    package var ranges: [ClosedRange<UInt32>]
    package var negated = false

    func contains(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        let hit = ranges.contains { $0.contains(v) }
        return hit != negated
    }

    static func single(_ s: Unicode.Scalar) -> CharClass { CharClass(ranges: [s.value...s.value]) }
    static let any = CharClass(ranges: [0x0A...0x0A], negated: true)
    static let digit = CharClass(ranges: [0x30...0x39])
    static let word = CharClass(ranges: [0x30...0x39, 0x61...0x7A, 0x41...0x5A, 0x5F...0x5F])
    static let space = CharClass(ranges: [0x20...0x20, 0x09...0x0D, 0xA0...0xA0])
}
