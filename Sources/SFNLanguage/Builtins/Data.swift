// Datasets and files (LANGUAGE.md §2, §6 "Networks and data", "Output"): load, save (Save.swift), digits, chars, subset. A dataset is a record
// of type "dataset" with fields x (n×d), y (n, or n×classes one-hot) and n; its tensors become
// data inputs of an objective's tape under data= (Tracing.swift).
import Foundation
import SFNNumerics
import SFNSyntax
import SFNDigits

extension Builtins {
    static var data: [Builtin] { [
        Builtin("load", summary: "read a file back: a CSV file as a dataset (x, y, n), a .json file as a value, a .npy file as a tensor",
                help: """
                    The extension picks the format (as for save).
                    .json gives back the value save wrote: numbers (and the strings "nan", "inf", "-inf" as
                    numbers), strings, bools, null as nothing, arrays of numbers as vectors and arrays of
                    equal-shaped arrays as matrices (and higher), {"shape": […], "data": […]} as that tensor,
                    other objects as records and other arrays as lists.
                    .npy (NumPy's np.save format, versions 1.0 to 3.0) gives the tensor with its shape, a 0-d
                    array as a number; float64 exactly, and float32, integer and bool arrays converted to
                    float64; big-endian and Fortran-order arrays too. Object, structured, complex and string
                    arrays are refused.
                    Any other file is CSV with a header line (RFC 4180: fields in double quotes may hold
                    commas, line breaks and doubled quotes ""; CRLF or LF line ends; a UTF-8 BOM is skipped;
                    blank lines are skipped). The column named by target becomes y, the other columns (in
                    file order) the rows of x (n×d); every value but the target's must be a number.
                    When the target column holds names (any entry not a number), its distinct names sorted
                    (by code point) are the classes: y holds each row's class index 0 … K−1, and the dataset
                    gets a field classes, the list of names (so classes[y[i] + 1] is row i's name).
                    onehot=true turns whole-number labels 0 … K−1 into rows of an n×K matrix (label c
                    sets column c+1; K is the largest label + 1, or the number of classes); otherwise y is
                    the vector of labels.
                    A relative path is looked up next to the running script, then in the working directory.
                    """,
                parameters: [.required("file"), .named("target", .string("label")), .named("onehot", .bool(false))]) { args in
            let file = try args.string("file")
            let target = try args.string("target")
            let onehot = try args.bool("onehot")
            let format = file.lowercased().hasSuffix(".json") ? ".json" : file.lowercased().hasSuffix(".npy") ? ".npy" : nil
            if let format {
                for option in ["target", "onehot"] where args.has(option) {
                    throw args.error("\(option)= applies to CSV files; a \(format) file is read back as the value it holds", at: option)
                }
            }
            if format == ".npy" {
                let bytes = try readBytes(args, file)
                do {
                    let t = try NPYFormat.decode(bytes)
                    return t.rank == 0 ? .number(t.scalars[0]) : .tensor(t)
                } catch { throw args.error("'\(file)' is not a .npy file load can read: \(error)", at: "file") }
            }
            let text = try readText(args, file)
            if format == ".json" {
                do { return try JSONReader.decode(text) } catch {
                    throw args.error("'\(file)' is not valid JSON: \(error)", at: "file")
                }
            }
            let table = try parseCSV(text, target: target, file: file, args: args)
            guard let column = table.header.firstIndex(of: target) else {
                var message = "file '\(file)' has no column '\(target)' (give the label column with target=)"
                if let best = Suggestions.closest(to: target, among: table.header) { message += "; did you mean '\(best)'?" }
                else { message += "; columns: " + table.header.prefix(12).joined(separator: ", ") + (table.header.count > 12 ? ", …" : "") }
                throw args.error(message, at: "target")
            }
            let n = table.rows, width = table.header.count
            var x: [Double] = []
            x.reserveCapacity(n * (width - 1))
            for r in 0..<n {
                for c in 0..<width where c != column { x.append(table.values[r * width + c]) }
            }
            let labels = table.labels
            let y: Tensor
            if onehot {
                for (r, l) in labels.enumerated() where !(l == l.rounded() && l >= 0 && l < 100_000) {
                    throw args.error("onehot=true needs labels 0, 1, 2, …; '\(file)' line \(table.lines[r]) has \(target) = \(ValueDisplay.number(l))", at: "onehot")
                }
                let k = table.classes?.count ?? Int(labels.max() ?? 0) + 1
                var scalars = [Double](repeating: 0, count: n * k)
                for (r, l) in labels.enumerated() { scalars[r * k + Int(l)] = 1 }
                y = Tensor(shape: [n, k], scalars: scalars)
            } else {
                y = Tensor(labels)
            }
            return dataset(x: Tensor(shape: [n, width - 1], scalars: x), y: y, classes: table.classes)
        },
        save,
        Builtin("digits", summary: "the bundled 8×8 handwritten digits: 1797 rows, pixels in [0, 1], one-hot labels",
                help: """
                    x is 1797×64 (pixel values 0–16 divided by 16, row by row), y is 1797×10 one-hot (digit d
                    sets column d+1), n = 1797. From the UCI Machine Learning Repository, "Optical Recognition of
                    Handwritten Digits" (E. Alpaydin, C. Kaynak, 1998), CC BY 4.0; the same table as
                    data/digits.csv. Use subset(D, rows) for a smaller problem.
                    """,
                parameters: []) { _ in
            let d = digitsTensors
            return dataset(x: d.x, y: d.y)
        },
        Builtin("chars", summary: "a character-level text dataset: windows of T characters, one-hot inputs, next-character targets",
                help: """
                    Reads a UTF-8 text file (a relative path is looked up next to the running script, then in
                    the working directory; data/grammar.txt is the project's corpus). Its characters (Unicode
                    scalars) sorted by code point are the alphabet; character code c (0 … k−1) is the alphabet's
                    (c+1)-th character. The first 1 − valid of the text is for training, the rest for
                    validation, so no window straddles the two. In each part a window starts every stride
                    characters (stride=T: each character is a target once) and holds T+1 characters: the
                    first T are the inputs, the last T the targets (the next character at each step).
                    Returns a record: train and valid are datasets with
                      x: n×(T·k), the inputs one-hot, step after step (the layout rnn(...) reads),
                      y: n×T, the targets as character codes (the layout seqcrossentropy reads),
                      n: the number of windows;
                    alphabet (a string of the k characters in code order), k, and T.
                    C = chars("data/grammar.txt", T=20); net = rnn([C.k, 32, C.k])
                    loss(w, b) = seqcrossentropy(net(w, b.x), b.y); sgd(loss, init(net), data=C.train, batch=32)
                    """,
                parameters: [.required("file"), .named("T", .number(20), accepts: .whole(1...1_000_000)),
                             .named("stride", shown: "T", accepts: .whole(1...Int.max)), .named("valid", .number(0.1), accepts: .open(0, 1))]) { args in
            let file = try args.string("file")
            let steps = try args.int("T")
            let stride = try args.optionalInt("stride") ?? steps
            let valid = try args.number("valid")
            let text = try readText(args, file)
            let characters = Array(text.unicodeScalars)
            let alphabet = Array(Set(characters)).sorted { $0.value < $1.value }
            let code = Dictionary(uniqueKeysWithValues: alphabet.enumerated().map { ($1, $0) })
            let codes = characters.map { code[$0] ?? 0 }
            let k = alphabet.count
            let cut = Int((1 - valid) * Double(codes.count))
            func windows(_ part: ArraySlice<Int>, _ name: String, _ range: String) throws -> Value {
                let count = part.count > steps ? (part.count - steps - 1) / stride + 1 : 0
                guard count > 0 else {
                    throw args.error("'\(file)' has \(characters.count) characters; its \(name) part (\(range), \(part.count) characters) is too short for one window of T + 1 = \(steps + 1)",
                                     at: part.count <= steps && characters.count > 2 * (steps + 1) ? "T" : "file")
                }
                try checkResultCount(Double(count) * Double(steps) * Double(k), "chars: the one-hot inputs",
                                     detail: " (\(count) windows × T = \(steps) × \(k) characters)", at: args.location)
                var x = [Double](repeating: 0, count: count * steps * k), y = [Double](repeating: 0, count: count * steps)
                for r in 0..<count {
                    let start = part.startIndex + r * stride
                    for t in 0..<steps {
                        x[(r * steps + t) * k + part[start + t]] = 1
                        y[r * steps + t] = Double(part[start + t + 1])
                    }
                }
                return dataset(x: Tensor(shape: [count, steps * k], scalars: x), y: Tensor(shape: [count, steps], scalars: y))
            }
            let train = try windows(codes[..<cut], "training", "the first \(ValueDisplay.number(100 * (1 - valid)))%")
            let held = try windows(codes[cut...], "validation", "the last \(ValueDisplay.number(100 * valid))%")
            var letters = String.UnicodeScalarView()
            letters.append(contentsOf: alphabet)
            return .record(Record([("train", train), ("valid", held), ("alphabet", .string(String(letters))),
                                   ("k", .number(Double(k))), ("T", .number(Double(steps)))]))
        },
        Builtin("subset", summary: "the dataset of the given rows (1-based positions: a vector, a range, a number)",
                help: "Every tensor field with n rows (x, y) keeps those rows, in the order given; n becomes their number.\nsubset(D, 1:100) is the first 100 rows; rows may repeat.",
                parameters: [.required("D"), .required("rows")]) { args in
            let d = try args.required("D")
            guard case .record = d, let n = datasetRows(d) else {
                throw args.error("D must be a dataset (load(...), digits()), got \(d.kindDescription)", at: "D")
            }
            let xs = try args.vector("rows")
            guard !xs.isEmpty else { throw args.error("rows is empty", at: "rows") }
            let rows = try xs.map { x -> Int in
                guard x == x.rounded(), x >= 1, x <= Double(n) else {
                    throw args.error("row \(ValueDisplay.number(x)) is out of range: the dataset has rows 1 … \(n)", at: "rows")
                }
                return Int(x) - 1
            }
            return selectRows(d, rows, of: n)
        },
    ] }

    /// A dataset record; `classes`, when given, names the class indices that y holds.
    static func dataset(x: Tensor, y: Tensor, classes: [String]? = nil) -> Value {
        var fields: [(String, Value)] = [("x", .tensor(x)), ("y", .tensor(y)), ("n", .number(Double(x.shape[0])))]
        if let classes { fields.append(("classes", .list(classes.map { .string($0) }))) }
        return .record(Record(fields, typeName: "dataset"))
    }

    /// The number of rows of a dataset (its field n, else the first extent of its first tensor) or
    /// of a tensor; nil for anything else.
    static func datasetRows(_ v: Value) -> Int? {
        switch v {
        case .tensor(let t): return t.shape.first
        case .record(let r):
            if case .number(let n)? = r["n"], n >= 0, n == n.rounded(), n < 1e12 { return Int(n) }
            for f in r.fields { if case .tensor(let t) = f.value { return t.shape.first } }
            return nil
        default: return nil
        }
    }

    /// The rows (0-based) of a dataset or tensor with n rows: each tensor whose first extent is n
    /// keeps those rows; n is updated; other fields are kept.
    static func selectRows(_ v: Value, _ rows: [Int], of n: Int) -> Value {
        func take(_ t: Tensor) -> Tensor {
            guard t.shape.first == n else { return t }
            let w = t.count / max(n, 1)
            var out: [Double] = []
            out.reserveCapacity(rows.count * w)
            t.scalars.withUnsafeBufferPointer { s in
                for r in rows { out.append(contentsOf: s[r * w..<(r + 1) * w]) }
            }
            return Tensor(shape: [rows.count] + t.shape.dropFirst(), scalars: out)
        }
        switch v {
        case .tensor(let t): return .tensor(take(t))
        case .record(var r):
            for (name, value) in r.fields {
                if case .tensor(let t) = value { r[name] = .tensor(take(t)) }
            }
            if r["n"] != nil { r["n"] = .number(Double(rows.count)) }
            return .record(r)
        default: return v
        }
    }

    /// The bytes of the data file named by the argument `file` (see `dataPath`), or an error
    /// located at that argument saying why it cannot be read.
    static func readBytes(_ args: Arguments, _ file: String) throws -> [UInt8] {
        let path = dataPath(file, from: args.location.file)
        try ValueLimits.checkFileSize(path, named: file, for: args.builtin.name, at: args.location(of: "file"))
        do { return try args.context.readFile(path) } catch {
            throw args.error("cannot read file '\(file)'" + (path == file ? "" : " (looked for \(path))") + ": \(error)", at: "file")
        }
    }

    /// The text of the data file named by the argument `file`, or an error located at that
    /// argument: why it cannot be read, or where it stops being UTF-8.
    static func readText(_ args: Arguments, _ file: String) throws -> String {
        switch UTF8Text.decode(try readBytes(args, file)) {
        case .success(let text): return text
        case .failure(let bad):
            throw args.error("file '\(file)' is not UTF-8 text: line \(bad.line), column \(bad.column): \(bad.description)", at: "file")
        }
    }

    /// A data file's path: absolute as given; relative to the directory of the running script
    /// when it exists there, else to the working directory.
    static func dataPath(_ file: String, from script: String) -> String {
        let expanded = (file as NSString).expandingTildeInPath
        if expanded.hasPrefix("/") { return expanded }
        let fm = FileManager.default
        if !script.hasPrefix("<"), fm.fileExists(atPath: script) {
            let dir = (script as NSString).deletingLastPathComponent
            let candidate = ((dir.isEmpty ? "." : dir) as NSString).appendingPathComponent(expanded)
            if fm.fileExists(atPath: candidate) { return (candidate as NSString).standardizingPath }
        }
        return expanded
    }

    /// The bundled digits as tensors (decoded once).
    static let digitsTensors: (x: Tensor, y: Tensor) = {
        let raw = DigitsData.decoded()
        let n = DigitsData.rows
        var y = [Double](repeating: 0, count: n * 10)
        for (i, l) in raw.labels.enumerated() { y[i * 10 + Int(l)] = 1 }
        return (Tensor(shape: [n, 64], scalars: raw.pixels.map { Double($0) / 16 }), Tensor(shape: [n, 10], scalars: y))
    }()
}
