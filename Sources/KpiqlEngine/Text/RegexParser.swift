/// Parses the regular expression syntax `matches` accepts: literals, `.`, classes `[a-z]`
/// `[^…]`, `\d \w \s` (and upper-case negations), escapes, `^ $`, groups `( )` and `(?: )`,
/// alternation `|`, and the quantifiers `* + ? {m} {m,} {m,n}`. Backreferences and
/// look-arounds are refused: they cannot run in linear time.
package struct RegexParser {
    package indirect enum Node {
        case chars(CharClass)
        case lineStart, lineEnd
        case concat([Node])
        case alternation([Node])
        case repetition(Node, min: Int, max: Int?)
    }

    let s: [Unicode.Scalar]
    var i = 0
    var depth = 0

    package init(_ s: [Unicode.Scalar]) { self.s = s }

    package mutating func parse() throws(RegexError) -> Node {
        let n = try alternation()
        if i < s.count { throw RegexError(message: "unmatched ')'", offset: i) }
        return n
    }

    mutating func alternation() throws(RegexError) -> Node {
        var options = [try concatenation()]
        while i < s.count && s[i] == "|" { i += 1; options.append(try concatenation()) }
        return options.count == 1 ? options[0] : .alternation(options)
    }

    mutating func concatenation() throws(RegexError) -> Node {
        var items: [Node] = []
        while i < s.count && s[i] != "|" && s[i] != ")" { items.append(try quantified()) }
        return .concat(items)
    }

    mutating func quantified() throws(RegexError) -> Node {
        let start = i
        var atom = try self.atom()
        while i < s.count {
            switch s[i] {
            case "*": i += 1; atom = .repetition(atom, min: 0, max: nil)
            case "+": i += 1; atom = .repetition(atom, min: 1, max: nil)
            case "?": i += 1; atom = .repetition(atom, min: 0, max: 1)
            case "{":
                guard let (lo, hi) = try braces() else { return atom }
                atom = .repetition(atom, min: lo, max: hi)
            default: return atom
            }
            // A lazy or possessive suffix changes nothing about whether a match exists.
            if i < s.count && (s[i] == "?" || s[i] == "+"), start < i { i += 1 }
        }
        return atom
    }

    /// `{m}`, `{m,}`, `{m,n}`; a `{` that does not start one of these is a literal.
    mutating func braces() throws(RegexError) -> (Int, Int?)? {
        var j = i + 1
        func number() -> Int? {
            var v = 0, any = false
            while j < s.count, let d = Int(String(s[j])), s[j].isASCII { v = v * 10 + d; j += 1; any = true; if v > 1000 { return 1001 } }
            return any ? v : nil
        }
        guard let lo = number() else { return nil }
        var hi: Int? = lo
        if j < s.count && s[j] == "," { j += 1; hi = number() }
        guard j < s.count && s[j] == "}" else { return nil }
        if lo > 100 || (hi ?? 0) > 100 { throw RegexError(message: "repetition counts above 100 are not supported", offset: i) }
        if let hi, hi < lo { throw RegexError(message: "{\(lo),\(hi)}: the maximum is below the minimum", offset: i) }
        i = j + 1
        return (lo, hi)
    }

    mutating func atom() throws(RegexError) -> Node {
        let c = s[i]
        switch c {
        case "(":
            let open = i
            depth += 1
            guard depth <= 50 else { throw RegexError(message: "groups nested more than 50 deep", offset: i) }
            i += 1
            if i + 1 < s.count && s[i] == "?" {
                guard s[i + 1] == ":" else { throw RegexError(message: "look-arounds and named groups are not supported", offset: i - 1) }
                i += 2
            }
            let inner = try alternation()
            guard i < s.count && s[i] == ")" else { throw RegexError(message: "'(' is never closed", offset: open) }
            i += 1
            depth -= 1
            return inner
        case "[": return .chars(try charClass())
        case ".": i += 1; return .chars(.any)
        case "^": i += 1; return .lineStart
        case "$": i += 1; return .lineEnd
        case "*", "+", "?": throw RegexError(message: "'\(c)' has nothing to repeat", offset: i)
        case "\\":
            i += 1
            guard i < s.count else { throw RegexError(message: "the pattern ends with a lone '\\'", offset: i - 1) }
            let e = s[i]
            i += 1
            if let cls = Self.escapeClass(e) { return .chars(cls) }
            if e.properties.numericType != nil, e != "0" { throw RegexError(message: "backreferences are not supported", offset: i - 2) }
            return .chars(.single(Self.escapeLiteral(e)))
        default:
            i += 1
            return .chars(.single(c))
        }
    }

    mutating func charClass() throws(RegexError) -> CharClass {
        let open = i
        i += 1
        var cls = CharClass(ranges: [])
        if i < s.count && s[i] == "^" { cls.negated = true; i += 1 }
        var first = true
        while i < s.count && (s[i] != "]" || first) {
            first = false
            var lo = s[i]
            i += 1
            if lo == "\\", i < s.count {
                let e = s[i]
                i += 1
                if let sub = Self.escapeClass(e), !sub.negated { cls.ranges += sub.ranges; continue }
                lo = Self.escapeLiteral(e)
            }
            if i + 1 < s.count && s[i] == "-" && s[i + 1] != "]" {
                let hi = s[i + 1]
                i += 2
                guard lo.value <= hi.value else { throw RegexError(message: "range \(lo)-\(hi) is backwards", offset: i - 3) }
                cls.ranges.append(lo.value...hi.value)
            } else {
                cls.ranges.append(lo.value...lo.value)
            }
        }
        guard i < s.count else { throw RegexError(message: "'[' is never closed", offset: open) }
        i += 1
        return cls
    }

    static func escapeClass(_ e: Unicode.Scalar) -> CharClass? {
        switch e {
        case "d": return .digit
        case "w": return .word
        case "s": return .space
        case "D": var c = CharClass.digit; c.negated = true; return c
        case "W": var c = CharClass.word; c.negated = true; return c
        case "S": var c = CharClass.space; c.negated = true; return c
        default: return nil
        }
    }

    static func escapeLiteral(_ e: Unicode.Scalar) -> Unicode.Scalar {
        switch e {
        case "n": return "\n"
        case "t": return "\t"
        case "r": return "\r"
        default: return e
        }
    }
}

/// Turns the parsed pattern into NFA instructions.
struct RegexCompiler {
    var program: [LinearRegex.Inst] = []

    mutating func emit(_ n: RegexParser.Node) throws(RegexError) {
        guard program.count < LinearRegex.maxProgramSize else {
            throw RegexError(message: "the pattern expands to more than \(LinearRegex.maxProgramSize) steps", offset: 0)
        }
        switch n {
        case .chars(let c): program.append(.char(c))
        case .lineStart: program.append(.lineStart)
        case .lineEnd: program.append(.lineEnd)
        case .concat(let items): for item in items { try emit(item) }
        case .alternation(let options):
            var jumps: [Int] = []
            for (k, option) in options.enumerated() {
                if k < options.count - 1 {
                    let split = program.count
                    program.append(.split(split + 1, 0))
                    try emit(option)
                    jumps.append(program.count)
                    program.append(.jump(0))
                    program[split] = .split(split + 1, program.count)
                } else {
                    try emit(option)
                }
            }
            for j in jumps { program[j] = .jump(program.count) }
        case .repetition(let inner, let lo, let hi):
            for _ in 0..<lo { try emit(inner) }
            if let hi {
                for _ in lo..<hi {
                    let split = program.count
                    program.append(.split(split + 1, 0))
                    try emit(inner)
                    program[split] = .split(split + 1, program.count)
                }
            } else {
                let split = program.count
                program.append(.split(split + 1, 0))
                try emit(inner)
                program.append(.jump(split))
                program[split] = .split(split + 1, program.count)
            }
        }
    }
}
