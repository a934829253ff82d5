// How values read when displayed (REPL echo, `print`), the way a Julia/NumPy user expects.
import Foundation
import SFNNumerics
import SFNTape
import SFNSyntax

/// How much of a value a display shows. Scripts and embedders display exactly (``full``); the
/// REPL shows about 6 significant digits and fits values to the terminal (``prompt(width:height:)``),
/// as Julia's and NumPy's prompts do; `print` there shows every element with the same digits.
/// `string` and `save` are always exact.
public struct DisplayOptions: Sendable, Equatable {
    /// Significant digits of a number that is not whole; nil: the shortest text that reads back
    /// to the same double.
    public var digits: Int?
    /// Columns a line of a vector or matrix may take before its middle is elided with `…`; nil:
    /// no limit (a tensor of more than 1000 elements still shows only its corners).
    public var width: Int?
    /// Rows of a matrix shown before its middle rows are elided with `⋮`; nil: no limit.
    public var height: Int?

    public init(digits: Int? = nil, width: Int? = nil, height: Int? = nil) {
        self.digits = digits; self.width = width; self.height = height
    }

    /// Every digit, every element up to 1000 (what scripts and `sfn -e` display).
    public static let full = DisplayOptions()

    /// The prompt's form: 6 significant digits, fitted to a terminal of `width` × `height`.
    public static func prompt(width: Int = 80, height: Int = 24) -> DisplayOptions {
        DisplayOptions(digits: 6, width: max(width, 20), height: max(height - 4, 8))
    }
}

/// Display rules:
///
/// - numbers: whole values below 1e15 without a decimal point (`3`, `-2`), others in the shortest
///   text that reads back to the same double, with Julia's exponent form (`0.1`, `1.0e-8`,
///   `2.5e20`), or with ``DisplayOptions/digits`` significant digits (`1.41421`, `1.0e-8`);
///   `inf`, `-inf`, `nan` as they are written in the language;
/// - vectors `[1, 2, 3]`; matrices one row per line, columns aligned, in the literal syntax
///   (`[1, 2;` / ` 3, 4]`), so a displayed value can be pasted back; tensors of more than 1000
///   elements show their first and last 3 entries per axis with `…` between (NumPy's rule); with
///   a ``DisplayOptions/width``, as many leading and trailing elements or columns as fit, and with
///   a ``DisplayOptions/height`` as many leading and trailing rows, with `…` / `⋮` between;
/// - strings quoted with escapes when displayed, raw when printed;
/// - lists `["sgd", "sfn"]`; records `(kind = "saddle", index = 1)`, one field per line when
///   that does not fit in 100 columns (or the width) or a field takes several lines (a matrix:
///   its rows stay aligned under the first); inside a record or list, a tensor of more than 10
///   elements is summarised as `(101-element vector)` / `(10×10 matrix)`, and so is a list of more
///   than 10 items (`(11-item list)`); a list of more than 1000 items shows its first and last 3;
///   past four levels of nesting a list or record shows only its size (values share their items,
///   so `L = [L, L]` forty times is small, but would display 2⁴⁰ items);
/// - functions `function f(x, y)`, `function (x) -> …`, `built-in print(a, b, ...)`.
package enum ValueDisplay {
    /// The display form of a value (what the REPL echoes).
    package static func display(_ v: Value, _ options: DisplayOptions = .full) -> String {
        render(v, nested: false, options)
    }

    /// The print form: every element (no eliding), strings without quotes, numbers with `digits`
    /// significant digits (nil, as in scripts and after `:precision full`: exact).
    package static func printed(_ v: Value, digits: Int? = nil) -> String {
        if case .string(let s) = v { return s }
        return render(v, nested: false, DisplayOptions(digits: digits))
    }

    /// A number as the language writes it: the shortest form that reads back the same, whole
    /// numbers without a point, the exponent without padding (1.0e-6; with `pointInMantissa`
    /// false, 1e-6, as a default is written in a signature).
    package static func number(_ x: Double, pointInMantissa: Bool = true) -> String {
        if x.isNaN { return "nan" }
        if x.isInfinite { return x > 0 ? "inf" : "-inf" }
        if x == x.rounded(), abs(x) < 1e15 { return String(Int64(x)) }
        return exponentForm("\(x)", pointInMantissa: pointInMantissa)
    }

    /// A number with at most `digits` significant digits (whole numbers below 1e15 stay exact):
    /// `1.41421`, `1.0e-8`, and `2.0` for 1.9999999 (the point shows that it was rounded).
    package static func number(_ x: Double, digits: Int?) -> String {
        guard let digits, x.isFinite, !(x == x.rounded() && abs(x) < 1e15) else { return number(x) }
        let s = exponentForm(String(format: "%.\(max(1, digits))g", x), pointInMantissa: true)
        return s.contains(".") || s.contains("e") ? s : s + ".0"
    }

    /// `1e-08` or `1.5e+20` (C's and Swift's forms) as Julia writes them: `1.0e-8`, `1.5e20`.
    private static func exponentForm(_ s: String, pointInMantissa: Bool) -> String {
        guard let e = s.firstIndex(of: "e") else { return s }
        var mantissa = String(s[..<e])
        if pointInMantissa && !mantissa.contains(".") { mantissa += ".0" }
        var exponent = String(s[s.index(after: e)...])
        var sign = ""
        if exponent.hasPrefix("+") { exponent.removeFirst() }
        if exponent.hasPrefix("-") { sign = "-"; exponent.removeFirst() }
        while exponent.count > 1 && exponent.hasPrefix("0") { exponent.removeFirst() }
        return mantissa + "e" + sign + exponent
    }

    /// A string literal with the language's escapes.
    static func quoted(_ s: String) -> String {
        var out = "\""
        for c in s {
            switch c {
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            default: out.append(c)
            }
        }
        return out + "\""
    }

    static func render(_ v: Value, nested: Bool, _ options: DisplayOptions = .full, depth: Int = 0) -> String {
        switch v {
        case .number(let x): return number(x, digits: options.digits)
        case .bool(let b): return b ? "true" : "false"
        case .string(let s): return quoted(s)
        case .tensor(let t):
            if nested && t.count > 10 {
                return t.rank == 1 ? "(\(t.count)-element vector)"
                    : "(" + t.shape.map(String.init).joined(separator: "×") + (t.rank == 2 ? " matrix)" : " tensor)")
            }
            return tensor(t, options)
        case .list(let items):
            if nested && (items.count > 10 || depth >= 4) { return "(\(items.count)-item list)" }
            let parts = shown(items.count, summarise: items.count > 1000)
                .map { $0.map { render(items[$0], nested: true, options, depth: depth + 1) } ?? "…" }
            if parts.contains(where: { $0.contains("\n") }) {
                return "[" + parts.map { indented($0, by: 1) }.joined(separator: ",\n ") + "]"
            }
            return "[" + parts.joined(separator: ", ") + "]"
        case .record(let r):
            if depth >= 4 { return "(record of \(r.fields.count) fields)" }
            return record(r, nested: nested, options, depth: depth)
        case .function(let f): return function(f)
        case .native(let n): return n.displayText
        case .nothing: return "nothing"
        case .traced(let t): return "(traced value %\(t.node.id))"
        }
    }

    static func function(_ f: Function) -> String {
        switch f.body {
        case .builtin(let b): return "built-in " + b.signature
        case .user(let ps, _, _):
            if let n = f.name { return "function \(n)(" + ps.joined(separator: ", ") + ")" }
            return "function (" + ps.joined(separator: ", ") + ") -> …"
        }
    }

    /// `text` with every line after the first indented by `n` spaces (a value that takes several
    /// lines, placed after `n` columns of something else).
    private static func indented(_ text: String, by n: Int) -> String {
        text.replacingOccurrences(of: "\n", with: "\n" + String(repeating: " ", count: n))
    }

    static func record(_ r: Record, nested: Bool, _ options: DisplayOptions = .full, depth: Int = 0) -> String {
        // A field's value starts after "(" or " ", its name and " = ": later lines align under it.
        let parts = r.fields.map { "\($0.name) = " + indented(render($0.value, nested: true, options, depth: depth + 1), by: $0.name.count + 4) }
        let multiline = parts.contains { $0.contains("\n") }
        let line = "(" + parts.joined(separator: ", ") + ")"
        if !multiline && (nested || line.count <= min(100, options.width ?? 100) || parts.count < 2) { return line }
        return "(" + parts.joined(separator: ",\n ") + ")"
    }

    /// Positions shown along an axis of extent n: all, or the first and last 3 with a gap (nil).
    private static func shown(_ n: Int, summarise: Bool) -> [Int?] {
        if !summarise || n <= 6 { return (0..<n).map { $0 } }
        return [0, 1, 2, nil, n - 3, n - 2, n - 1]
    }

    /// Positions shown along an axis of extent n when at most `limit` fit: the first and last
    /// halves of those, with a gap (nil) between.
    private static func shown(_ n: Int, limit: Int) -> [Int?] {
        if n <= limit { return (0..<n).map { $0 } }
        let head = max(1, limit / 2), tail = max(1, limit - 1 - head)
        return (0..<head).map { $0 } + [nil] + (n - tail..<n).map { $0 }
    }

    /// Positions along an axis of extent n whose items, of widths `width(i)` plus `separator`
    /// columns each, fit in `room` columns: all, or items taken from both ends in turn, with a gap
    /// (nil, `gapWidth` columns) between. At least one from each end is kept.
    private static func fitted(_ n: Int, room: Int, separator: Int, gapWidth: Int, width: (Int) -> Int) -> [Int?] {
        var used = 0, all = true
        for i in 0..<n {
            used += width(i) + (i > 0 ? separator : 0)
            if used > room { all = false; break }
        }
        if all { return (0..<n).map { $0 } }
        var head: [Int] = [0], tail: [Int] = [n - 1]
        used = width(0) + width(n - 1) + 2 * separator + gapWidth
        var lo = 1, hi = n - 2
        while lo <= hi {
            let takeHead = head.count <= tail.count
            let i = takeHead ? lo : hi
            let cost = width(i) + separator
            if used + cost > room { break }
            used += cost
            if takeHead { head.append(i); lo += 1 } else { tail.insert(i, at: 0); hi -= 1 }
        }
        return head.map { $0 } + [nil] + tail.map { $0 }
    }

    static func tensor(_ t: Tensor, _ options: DisplayOptions = .full) -> String {
        let fit = options.width != nil
        let summarise = !fit && t.count > 1000
        let text = { (i: Int) in number(t.scalars[i], digits: options.digits) }
        switch t.rank {
        case 1:
            let positions: [Int?]
            if let width = options.width {
                // Only elements that could fit are formatted (each takes at least 3 columns).
                var cache: [Int: Int] = [:]
                positions = fitted(t.count, room: width - 2, separator: 2, gapWidth: 3) { i in
                    if let w = cache[i] { return w }
                    let w = text(i).count; cache[i] = w; return w
                }
            } else {
                positions = shown(t.count, summarise: summarise)
            }
            return "[" + positions.map { $0.map(text) ?? "…" }.joined(separator: ", ") + "]"
        case 2:
            let (r, c) = (t.shape[0], t.shape[1])
            if r == 0 || c == 0 { return "zeros(\(r), \(c))" }
            let rows = options.height.map { shown(r, limit: $0) } ?? shown(r, summarise: summarise)
            var cells: [Int: [String]] = [:]  // by column: the shown rows' texts
            func column(_ j: Int) -> [String] {
                if let col = cells[j] { return col }
                let col = rows.map { i in i.map { text($0 * c + j) } ?? "⋮" }
                cells[j] = col
                return col
            }
            let cols: [Int?]
            if let width = options.width {
                cols = fitted(c, room: width - 3, separator: 2, gapWidth: 3) { j in column(j).map(\.count).max() ?? 0 }
            } else {
                cols = shown(c, summarise: summarise)
            }
            let columns: [[String]] = cols.map { j in
                j.map(column) ?? rows.map { $0 == nil ? "⋱" : "…" }
            }
            let widths = columns.map { $0.map(\.count).max() ?? 0 }
            let lines = rows.indices.map { k in
                columns.indices.map { j in
                    let s = columns[j][k]
                    return String(repeating: " ", count: widths[j] - s.count) + s
                }.joined(separator: ", ")
            }
            return "[" + lines.joined(separator: ";\n ") + "]"
        default:
            return "tensor of shape \(shapeText(t.shape)): " + tensor(Tensor(t.scalars), options)
        }
    }
}

extension Value: CustomStringConvertible {
    /// The display form, what the REPL echoes: `[1, 2, 3]`, `(kind = "saddle", index = 1)`, `function f(x, y)`.
    public var description: String { ValueDisplay.display(self) }
}
