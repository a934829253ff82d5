// Values as CSV text, for `save` to a .csv file (LANGUAGE.md §6): columns of numbers with a
// header, which load (with target=), pandas.read_csv and np.genfromtxt(names=True) read back.
import SFNNumerics

/// Writes columns of numbers:
///
/// - a vector as one column named `x`; a matrix as its columns, named `x1`, `x2`, …; a record of
///   equal-length vectors as one column per field, named after the field, in field order;
/// - a header line, then one line per row, lines ending in "\n";
/// - numbers exactly: the shortest text that reads back to the same double (as in JSON), −0 as
///   `-0.0`, and the non-finite values as `nan`, `inf`, `-inf` (which load, pandas and NumPy read
///   as numbers).
///
/// Anything else (a string, a number on its own, a list, a tensor of rank 3 or more, a record with
/// a field that is not a vector, or vectors of different lengths) cannot be written.
enum CSVColumnWriter {
    struct Unwritable: Error { let description: String }

    static let holds = "a .csv file holds a vector, a matrix, or a record of equal-length vectors"

    static func encode(_ v: Value) throws(Unwritable) -> String {
        var names: [String] = [], columns: [[Double]] = []
        switch v {
        case .tensor(let t) where t.rank == 1:
            names = ["x"]; columns = [t.scalars]
        case .tensor(let t) where t.rank == 2:
            let (n, d) = (t.shape[0], t.shape[1])
            guard d > 0 else { throw Unwritable(description: "the matrix has no columns; \(holds)") }
            names = (1...d).map { "x\($0)" }
            columns = (0..<d).map { c in (0..<n).map { t.scalars[$0 * d + c] } }
        case .record(let r):
            guard !r.names.isEmpty else { throw Unwritable(description: "the record has no fields; \(holds)") }
            for (name, value) in r.fields {
                guard case .tensor(let t) = value, t.rank == 1 else {
                    throw Unwritable(description: "field '\(name)' is \(value.kindDescription); \(holds)")
                }
                if let first = columns.first, first.count != t.count {
                    throw Unwritable(description: "field '\(name)' has \(t.count) value\(t.count == 1 ? "" : "s") but '\(names[0])' has \(first.count); \(holds)")
                }
                names.append(name); columns.append(t.scalars)
            }
        default:
            throw Unwritable(description: "cannot write \(v.kindDescription); \(holds)")
        }
        var out = names.map(field).joined(separator: ",") + "\n"
        for r in 0..<(columns.first?.count ?? 0) {
            for c in columns.indices {
                if c > 0 { out += "," }
                out += number(columns[c][r])
            }
            out += "\n"
        }
        return out
    }

    static func number(_ x: Double) -> String {
        if x.isNaN { return "nan" }
        if x.isInfinite { return x > 0 ? "inf" : "-inf" }
        return JSONWriter.number(x)
    }

    /// A header field, quoted (RFC 4180) when it holds a comma, a quote, a line break or edge spaces.
    static func field(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) || s.first == " " || s.last == " " else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
