// Values as JSON text, for `save`.
import SFNNumerics
import SFNSyntax

/// Writes a value as JSON:
///
/// - numbers exactly: whole values below 1e15 as integers, others in the shortest text that reads
///   back to the same double (at most 17 significant digits), −0 as `-0.0` (JSON readers such as
///   Python's read `-0` as the integer 0); the non-finite values, which JSON cannot hold as numbers,
///   as the strings `"inf"`, `"-inf"` and `"nan"` (the language's own spellings);
/// - bools, strings (escaped), nothing as `null`;
/// - tensors as nested arrays by their shape (a vector an array, a matrix an array of rows); a
///   tensor with no elements whose shape nested arrays cannot show (a zero extent before the last
///   axis, as in a 0×3 matrix, whose nested form `[]` would read back as an empty vector) as the
///   object `{"shape": [0, 3], "data": []}`, which `np.reshape(d["data"], d["shape"])` turns back
///   into the array;
/// - lists as arrays; records as objects, fields in order; functions as their name (`"<lambda>"`
///   for a lambda); other values (networks) as their display text.
///
/// Output is indented: objects one field per line, arrays of numbers on one line, a matrix one row
/// per line.
enum JSONWriter {
    struct Unwritable: Error { let description: String }

    static func encode(_ v: Value) throws -> String {
        var out = ""
        try write(v, indent: "", into: &out)
        return out + "\n"
    }

    static func number(_ x: Double) -> String {
        if x.isNaN { return "\"nan\"" }
        if x.isInfinite { return x > 0 ? "\"inf\"" : "\"-inf\"" }
        if x == 0 && x.sign == .minus { return "-0.0" }
        if x == x.rounded(), abs(x) < 1e15 { return String(Int64(x)) }
        return "\(x)"
    }

    static func string(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where u.value < 0x20:
                let hex = String(u.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(u)
            }
        }
        return out + "\""
    }

    private static func write(_ v: Value, indent: String, into out: inout String) throws {
        switch v {
        case .number(let x): out += number(x)
        case .bool(let b): out += b ? "true" : "false"
        case .string(let s): out += string(s)
        case .nothing: out += "null"
        case .tensor(let t) where t.shape.dropLast().contains(0):
            out += "{\n" + indent + "  \"shape\": [" + t.shape.map(String.init).joined(separator: ", ") + "],\n"
                + indent + "  \"data\": []\n" + indent + "}"
        case .tensor(let t): tensor(t.scalars, shape: t.shape, indent: indent, into: &out)
        case .list(let items):
            if items.isEmpty { out += "[]"; return }
            let scalarsOnly = items.allSatisfy {
                switch $0 { case .number, .bool, .string, .nothing: return true; default: return false }
            }
            if scalarsOnly {
                out += "["
                for (k, item) in items.enumerated() {
                    if k > 0 { out += ", " }
                    try write(item, indent: indent, into: &out)
                }
                out += "]"
            } else {
                out += "[\n"
                for (k, item) in items.enumerated() {
                    out += indent + "  "
                    try write(item, indent: indent + "  ", into: &out)
                    out += k + 1 < items.count ? ",\n" : "\n"
                }
                out += indent + "]"
            }
        case .record(let r):
            if r.names.isEmpty { out += "{}"; return }
            out += "{\n"
            for (k, field) in r.fields.enumerated() {
                out += indent + "  " + string(field.name) + ": "
                try write(field.value, indent: indent + "  ", into: &out)
                out += k + 1 < r.names.count ? ",\n" : "\n"
            }
            out += indent + "}"
        case .function(let f): out += string(f.name ?? "<lambda>")
        case .native(let n): out += string(n.displayText)
        case .traced:
            throw Unwritable(description: "cannot save a value that depends on the objective's parameters")
        }
    }

    /// A tensor as nested arrays: the innermost axis on one line, outer axes one entry per line.
    private static func tensor(_ xs: [Double], shape: [Int], indent: String, into out: inout String) {
        guard let first = shape.first else { out += number(xs.first ?? 0); return }
        if shape.count == 1 {
            out += "[" + xs.map(number).joined(separator: ", ") + "]"
            return
        }
        let stride = xs.count / first
        out += "[\n"
        for k in 0..<first {
            out += indent + "  "
            tensor(Array(xs[k * stride..<(k + 1) * stride]), shape: Array(shape.dropFirst()), indent: indent + "  ", into: &out)
            out += k + 1 < first ? ",\n" : "\n"
        }
        out += indent + "]"
    }
}
