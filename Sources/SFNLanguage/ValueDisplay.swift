// How values read when displayed (REPL echo, `print`), the way a Julia/NumPy user expects.
import SFNNumerics
import SFNTape
import SFNSyntax

/// Display rules:
///
/// - numbers: whole values below 1e15 without a decimal point (`3`, `-2`), others in the shortest
///   text that reads back to the same double, with Julia's exponent form (`0.1`, `1.0e-8`,
///   `2.5e20`); `inf`, `-inf`, `nan` as they are written in the language;
/// - vectors `[1, 2, 3]`; matrices one row per line, columns aligned, in the literal syntax
///   (`[1, 2;` / ` 3, 4]`), so a displayed value can be pasted back; tensors of more than 1000
///   elements show their first and last 3 entries per axis with `…` between (NumPy's rule);
/// - strings quoted with escapes when displayed, raw when printed;
/// - lists `["sgd", "sfn"]`; records `(kind = "saddle", index = 1)`, one field per line when
///   that does not fit in 100 columns; inside a record or list, a tensor of more than 10
///   elements is summarised as `(101-element vector)` / `(10×10 matrix)`, and so is a list of more
///   than 10 items (`(11-item list)`); a list of more than 1000 items shows its first and last 3;
///   past four levels of nesting a list or record shows only its size (values share their items,
///   so `L = [L, L]` forty times is small, but would display 2⁴⁰ items);
/// - functions `function f(x, y)`, `function (x) -> …`, `built-in print(a, b, ...)`.
package enum ValueDisplay {
    /// The display form of a value (what the REPL echoes).
    package static func display(_ v: Value) -> String { render(v, nested: false) }

    /// The print form: like `display`, but strings without quotes.
    package static func printed(_ v: Value) -> String {
        if case .string(let s) = v { return s }
        return render(v, nested: false)
    }

    /// A number as the language writes it: the shortest form that reads back the same, whole
    /// numbers without a point, the exponent without padding (1.0e-6; with `pointInMantissa`
    /// false, 1e-6, as a default is written in a signature).
    package static func number(_ x: Double, pointInMantissa: Bool = true) -> String {
        if x.isNaN { return "nan" }
        if x.isInfinite { return x > 0 ? "inf" : "-inf" }
        if x == x.rounded(), abs(x) < 1e15 { return String(Int64(x)) }
        let s = "\(x)"
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

    static func render(_ v: Value, nested: Bool, depth: Int = 0) -> String {
        switch v {
        case .number(let x): return number(x)
        case .bool(let b): return b ? "true" : "false"
        case .string(let s): return quoted(s)
        case .tensor(let t):
            if nested && t.count > 10 {
                return t.rank == 1 ? "(\(t.count)-element vector)"
                    : "(" + t.shape.map(String.init).joined(separator: "×") + (t.rank == 2 ? " matrix)" : " tensor)")
            }
            return tensor(t)
        case .list(let items):
            if nested && (items.count > 10 || depth >= 4) { return "(\(items.count)-item list)" }
            return "[" + shown(items.count, summarise: items.count > 1000)
                .map { $0.map { render(items[$0], nested: true, depth: depth + 1) } ?? "…" }.joined(separator: ", ") + "]"
        case .record(let r):
            if depth >= 4 { return "(record of \(r.fields.count) fields)" }
            return record(r, nested: nested, depth: depth)
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

    static func record(_ r: Record, nested: Bool, depth: Int = 0) -> String {
        let parts = r.fields.map { "\($0.name) = " + render($0.value, nested: true, depth: depth + 1) }
        let line = "(" + parts.joined(separator: ", ") + ")"
        if nested || line.count <= 100 || parts.count < 2 { return line }
        return "(" + parts.joined(separator: ",\n ") + ")"
    }

    /// Positions shown along an axis of extent n: all, or the first and last 3 with a gap (nil).
    private static func shown(_ n: Int, summarise: Bool) -> [Int?] {
        if !summarise || n <= 6 { return (0..<n).map { $0 } }
        return [0, 1, 2, nil, n - 3, n - 2, n - 1]
    }

    static func tensor(_ t: Tensor) -> String {
        let summarise = t.count > 1000
        switch t.rank {
        case 1:
            return "[" + shown(t.count, summarise: summarise).map { $0.map { number(t.scalars[$0]) } ?? "…" }
                .joined(separator: ", ") + "]"
        case 2:
            let (r, c) = (t.shape[0], t.shape[1])
            if r == 0 || c == 0 { return "zeros(\(r), \(c))" }
            let rows = shown(r, summarise: summarise), cols = shown(c, summarise: summarise)
            let cells: [[String]] = rows.map { i in
                cols.map { j in
                    guard let i, let j else { return i == nil && j == nil ? "⋱" : (i == nil ? "⋮" : "…") }
                    return number(t.scalars[i * c + j])
                }
            }
            var widths = [Int](repeating: 0, count: cols.count)
            for row in cells { for (j, s) in row.enumerated() { widths[j] = max(widths[j], s.count) } }
            let lines = cells.map { row in
                row.enumerated().map { j, s in String(repeating: " ", count: widths[j] - s.count) + s }
                    .joined(separator: ", ")
            }
            return "[" + lines.joined(separator: ";\n ") + "]"
        default:
            return "tensor of shape \(shapeText(t.shape)): " + tensor(Tensor(t.scalars))
        }
    }
}

extension Value: CustomStringConvertible {
    /// The display form, what the REPL echoes: `[1, 2, 3]`, `(kind = "saddle", index = 1)`, `function f(x, y)`.
    public var description: String { ValueDisplay.display(self) }
}
